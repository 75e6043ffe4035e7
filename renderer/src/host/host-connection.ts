// The connection logic is pure and lives in shared/ so host-side contract tests drive the very
// same code over both transports; the renderer keeps its import path.
export { createHostConnection, countUncovered } from '../../../shared/channel/host-connection';
export type { HostConnection, OpenRoom } from '../../../shared/channel/host-connection';
