/**
 * Whether the built renderer (dist/renderer) is still the build of the sources beside it. Every
 * Vite build writes a stamp into its output (see vite.config.ts): a hash of the contents of the
 * sources the bundle is made from. `npm run web` compares it with the sources as they are and
 * builds only when they differ, so a second start serves the same bundle in seconds.
 *
 * A content hash, not modification times: a `git checkout` or a copy touches every mtime without
 * changing the bundle, and an editor that saves the same bytes should not cost a 20 s build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The stamp's name inside the build's output folder. */
export const BUILD_STAMP_FILE = 'build-stamp.json';

/** What the renderer bundle is made from, relative to the repository root. */
export const RENDERER_SOURCES = [
  'renderer',
  'shared',
  'templates',
  'vite.config.ts',
  'package-lock.json',
] as const;

// Tests are not in the bundle: editing one must not trigger a build.
const NOT_IN_BUNDLE = /(\.test\.tsx?|\.test\.ts\.snap)$|(^|\/)(node_modules|__snapshots__)(\/|$)/;

function sourceFiles(repoRoot: string): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    const rel = relative(repoRoot, path).split(sep).join('/');
    if (NOT_IN_BUNDLE.test(rel)) return;
    const stats = statSync(path);
    if (stats.isDirectory()) {
      for (const name of readdirSync(path)) walk(join(path, name));
    } else if (stats.isFile()) {
      files.push(rel);
    }
  };
  for (const source of RENDERER_SOURCES) {
    const path = join(repoRoot, source);
    if (existsSync(path)) walk(path);
  }
  return files.sort();
}

/** A hash of every renderer source's path and bytes (about 230 files: a few milliseconds). */
export function rendererSourceHash(repoRoot: string): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(repoRoot)) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(repoRoot, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export interface BuildStamp {
  sourceHash: string;
}

export function serializeBuildStamp(stamp: BuildStamp): string {
  return `${JSON.stringify(stamp)}\n`;
}

/** The stamp of the build in `outDir`, or null if there is none (or it is not ours). */
export function readBuildStamp(outDir: string): BuildStamp | null {
  try {
    const parsed = JSON.parse(readFileSync(join(outDir, BUILD_STAMP_FILE), 'utf8')) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { sourceHash?: unknown }).sourceHash === 'string'
    ) {
      return { sourceHash: (parsed as BuildStamp).sourceHash };
    }
    return null;
  } catch {
    return null;
  }
}

/** Why the renderer must be built before serving, or null when the build in `outDir` is current. */
export function rendererBuildReason(repoRoot: string, outDir: string): string | null {
  if (!existsSync(join(outDir, 'index.html'))) return 'no build yet';
  const stamp = readBuildStamp(outDir);
  if (!stamp) return 'the build has no source stamp';
  if (stamp.sourceHash !== rendererSourceHash(repoRoot)) return 'the renderer sources changed';
  return null;
}
