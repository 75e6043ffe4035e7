import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SECRET = 'top secret: outside the renderer folder';

export interface RendererFolder {
  /** The folder a server serves: index.html, assets/app.js, and two symlinks. */
  readonly root: string;
  /** A file beside the folder, which no request may read. */
  readonly secretFile: string;
  remove(): void;
}

/**
 * A built renderer in miniature, for tests of the servers: a page, a script, a symlink that stays
 * inside (assets/alias.js) and one that leads out to a secret (assets/link.txt).
 */
export function makeRendererFolder(indexHtml = '<!doctype html><title>ok</title>'): RendererFolder {
  const base = mkdtempSync(join(tmpdir(), 'ir-renderer-'));
  const root = join(base, 'renderer');
  const secretFile = join(base, 'secret.txt');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), indexHtml);
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(secretFile, SECRET);
  symlinkSync(join(root, 'assets', 'app.js'), join(root, 'assets', 'alias.js'));
  symlinkSync(secretFile, join(root, 'assets', 'link.txt'));
  return { root, secretFile, remove: () => rmSync(base, { recursive: true, force: true }) };
}
