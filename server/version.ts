import { readFileSync } from 'node:fs';

/** The relay's version is the package's: one number to bump at release. */
export const RELAY_VERSION: string = (() => {
  const packageJson = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as { version?: unknown };
  return typeof packageJson.version === 'string' ? packageJson.version : '0.0.0';
})();
