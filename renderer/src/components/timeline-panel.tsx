import { useEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TimelineEntryView } from '../../../shared/read';
import { useAppStore } from '../store/app-store';
import { QUICK_KINDS } from '../lib/entry-kinds';
import type { TimelineFilter } from '../store/app-state';
import { QuickEntryBar } from './quick-entry-bar';
import { TimelineEntryRow } from './timeline-entry-row';
import { selectReadOnly } from '../store/room-view';

const EMPTY: TimelineEntryView[] = [];

export function filterTimeline(
  entries: TimelineEntryView[],
  filter: TimelineFilter,
): TimelineEntryView[] {
  if (filter.kinds.length === 0 && !filter.pinnedOnly) return entries;
  return entries.filter(
    (entry) =>
      (filter.kinds.length === 0 || filter.kinds.includes(entry.kind)) &&
      (!filter.pinnedOnly || entry.pinned !== null),
  );
}

/**
 * The timeline, virtualized: only the rows on screen exist in the DOM, so 10,000 entries scroll
 * like 100. It follows the newest entry while the reader is at the bottom and stays put otherwise.
 */
export function TimelinePanel() {
  const entries = useAppStore((state) => state.view?.timeline ?? EMPTY);
  const filter = useAppStore((state) => state.timelineFilter);
  const toggleKindFilter = useAppStore((state) => state.toggleKindFilter);
  const setTimelineFilter = useAppStore((state) => state.setTimelineFilter);
  const readOnly = useAppStore(selectReadOnly);
  // Non-null while the room shows its preview: the newest entries, the rest still loading.
  const previewTotal = useAppStore((state) => state.previewTotal);
  const visible = useMemo(() => filterTimeline(entries, filter), [entries, filter]);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);

  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => 52,
    overscan: 12,
    getItemKey: (index) => visible[index]?.id ?? index,
  });

  useEffect(() => {
    if (atBottomRef.current && visible.length > 0)
      virtualizer.scrollToIndex(visible.length - 1, { align: 'end' });
  }, [visible.length, virtualizer]);

  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="visually-hidden">
        Timeline
      </h2>
      <div className="timeline__filters" role="group" aria-label="Timeline filters">
        <span className="muted">Show:</span>
        {QUICK_KINDS.map(({ kind, label }) => (
          <button
            key={kind}
            type="button"
            aria-pressed={filter.kinds.includes(kind)}
            onClick={() => toggleKindFilter(kind)}
          >
            {label}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={filter.pinnedOnly}
          onClick={() => setTimelineFilter({ pinnedOnly: !filter.pinnedOnly })}
        >
          Pinned only
        </button>
        {(filter.kinds.length > 0 || filter.pinnedOnly) && (
          <button
            type="button"
            className="link"
            onClick={() => setTimelineFilter({ kinds: [], pinnedOnly: false })}
          >
            Clear filters
          </button>
        )}
        <span className="muted" aria-live="polite">
          {previewTotal !== null
            ? `Showing ${visible.length} of ${previewTotal} entries; loading the rest…`
            : visible.length === entries.length
              ? `${entries.length} entries`
              : `${visible.length} of ${entries.length} entries`}
        </span>
      </div>
      <div
        ref={scrollerRef}
        className="timeline__scroller"
        role="feed"
        aria-label="Timeline entries"
        aria-busy={previewTotal !== null}
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          atBottomRef.current =
            element.scrollHeight - element.scrollTop - element.clientHeight < 60;
        }}
      >
        {visible.length === 0 ? (
          <p className="muted" style={{ padding: 12 }}>
            {entries.length === 0 ? 'Nothing logged yet.' : 'No entries match the filters.'}
          </p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const entry = visible[item.index];
              if (!entry) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  <TimelineEntryRow entry={entry} readOnly={readOnly} />
                </div>
              );
            })}
          </div>
        )}
      </div>
      <QuickEntryBar />
    </section>
  );
}
