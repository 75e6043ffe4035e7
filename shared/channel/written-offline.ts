import type { RoomStatus } from './host-events';

/**
 * Whether an entry written now is "written offline": the room has a relay and this machine is
 * not live with it because it lost the relay or could not reach it: `offline` (lost, or every
 * attempt so far failed), `refused` (the relay turned the connection down), or `connecting`
 * after a failed attempt (`offlineSince` set). Not offline: `live`; `connecting` on the first
 * attempt (the relay has not failed us yet: right after declaring or opening, the room is
 * reaching a relay that is up); and `local-only` (the room has no relay at all, so there is
 * nothing to be offline from).
 *
 * A status not yet known (a window before the host's first status) is not offline either: the
 * label is a claim about the relay, made only on evidence of its absence.
 */
export function isWrittenOffline(
  status: Pick<RoomStatus, 'connection' | 'offlineSince'> | null | undefined,
): boolean {
  if (!status) return false;
  switch (status.connection) {
    case 'offline':
    case 'refused':
      return true;
    case 'connecting':
      return status.offlineSince !== null;
    case 'live':
    case 'local-only':
      return false;
  }
}
