// `npm run relay -- …`: the relay from built JavaScript (scripts/build-relay.mjs), rebuilt first
// when a source changed, then run in this process with the same arguments.
import { pathToFileURL } from 'node:url';
import { ensureRelayBuilt } from './build-relay.mjs';

await import(pathToFileURL(await ensureRelayBuilt()).href);
