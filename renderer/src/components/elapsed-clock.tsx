import { useAppStore } from '../store/app-store';
import { compactDuration } from '../../../shared/util/durations';
import { localDateTime, utcClock } from '../../../shared/util/utc-time';
import { useNow } from '../lib/use-now';

/** Time since impact started (or, until someone sets that, since the declaration). */
export function ElapsedClock() {
  const impact = useAppStore((state) => state.view?.milestones.impactStarted ?? null);
  const declared = useAppStore((state) => state.view?.milestones.declared ?? null);
  const resolved = useAppStore((state) => state.view?.milestones.resolved ?? null);
  const now = useNow();
  const start = impact ?? declared;
  if (!start) return null;
  const end = resolved ? Date.parse(resolved) : now;
  return (
    <span role="timer" aria-label="Elapsed" className="clock" title={localDateTime(start)}>
      {impact ? 'Impact' : 'Declared'} {utcClock(start)} UTC ·{' '}
      {compactDuration(end - Date.parse(start))}
      {resolved ? ' (resolved)' : ''}
    </span>
  );
}
