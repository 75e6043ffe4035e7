import { isWrittenOffline } from '../../../shared/channel/written-offline';
import type { Person } from '../../../shared/doc/types';
import type { OperationContext } from '../../../shared/ops/context';
import type { RoomSession } from './room-session';

/**
 * The context to run shared/ops against a session's doc: the relay-corrected clock, the offset it
 * corrected for (recorded on each timeline entry, so a skewed laptop is visible afterwards), and
 * whether the entry was made while the relay was lost or out of reach (`isWrittenOffline`).
 */
export function operationContextFor(session: RoomSession, actor: Person): OperationContext {
  return {
    actor,
    now: () => session.now(),
    get clockOffsetMs() {
      return session.hasClockEstimate ? session.clockOffsetMs : null;
    },
    get offline() {
      return isWrittenOffline(session.status());
    },
  };
}
