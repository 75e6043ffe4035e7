import { useAppStore } from '../store/app-store';
import { compactDuration } from '../../../shared/util/durations';
import { localDateTime, utcClock } from '../../../shared/util/utc-time';
import { useNow } from '../lib/use-now';

/** Time to the next status update at the severity's cadence; loud once it is overdue. */
export function StatusUpdateClock() {
  const cadence = useAppStore((state) => state.view?.status.cadence);
  const offset = useAppStore((state) =>
    state.roomId ? (state.statusByRoom[state.roomId]?.clockOffsetMs ?? 0) : 0,
  );
  const now = useNow() - offset;
  if (!cadence?.nextDueAt) return null;
  const remaining = Date.parse(cadence.nextDueAt) - now;
  const overdue = remaining < 0;
  const soon = !overdue && remaining < 3 * 60_000;
  return (
    <span
      role="timer"
      aria-label="Next status update"
      className={`clock${overdue ? ' clock--overdue' : soon ? ' clock--soon' : ''}`}
      title={`Due ${utcClock(cadence.nextDueAt)} UTC (${localDateTime(cadence.nextDueAt)}), every ${cadence.cadenceMinutes} min`}
    >
      {overdue
        ? `Status update overdue by ${compactDuration(-remaining)}`
        : `Next update in ${compactDuration(remaining)}`}
    </span>
  );
}
