/**
 * The webhook signature verifier exactly as docs/OUTBOUND.md prints it, loaded from the doc, so
 * the documented code is what the tests (Vitest and Playwright alike: no test runner imported
 * here) verify requests with.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Verifier = (
  body: Buffer,
  headers: Record<string, unknown>,
  secret: string,
  toleranceSeconds?: number,
) => boolean;

export async function documentedVerifier(): Promise<Verifier> {
  const doc = readFileSync(new URL('../../../docs/OUTBOUND.md', import.meta.url), 'utf8');
  const code = /```js\n([^]*?verifyIncidentRoom[^]*?)```/.exec(doc)?.[1];
  if (!code) throw new Error('docs/OUTBOUND.md has no verifier');
  const file = join(mkdtempSync(join(tmpdir(), 'verifier-')), 'verify.mjs');
  writeFileSync(file, code);
  const module = (await import(pathToFileURL(file).href)) as { verifyIncidentRoom: Verifier };
  return module.verifyIncidentRoom;
}
