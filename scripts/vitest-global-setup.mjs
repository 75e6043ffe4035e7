// Vitest's global setup: the tests spawn the relay from its built bundle (server/testing/
// spawn-relay.ts), so it is built once here, before any test file runs, when a source changed.
import { ensureRelayBuilt } from './build-relay.mjs';

export default async function setup() {
  await ensureRelayBuilt();
}
