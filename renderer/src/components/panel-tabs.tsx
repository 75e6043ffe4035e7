import { useAppStore } from '../store/app-store';
import type { Panel } from '../store/panels';

/** ARIA tabs for the side panels; arrow keys move between them. */
export function PanelTabs({
  panels,
  active,
  title,
}: {
  panels: Panel[];
  active: Panel;
  title: (panel: Panel) => string;
}) {
  const setPanel = useAppStore((state) => state.setPanel);
  const pendingCount = useAppStore((state) => state.view?.pendingDecisions.length ?? 0);
  const review = useAppStore((state) => state.view?.status.review);
  const badge = (panel: Panel) => {
    if (panel === 'decisions' && pendingCount > 0) return ` (${pendingCount} pending)`;
    if (panel === 'status' && review === 'approval-void') return ' (approval void)';
    if (panel === 'status' && review === 'in-review') return ' (review)';
    return '';
  };
  return (
    <div role="tablist" aria-label="Room panels" className="tabs">
      {panels.map((panel, index) => (
        <button
          key={panel}
          type="button"
          role="tab"
          id={`tab-${panel}`}
          aria-selected={panel === active}
          aria-controls={`panel-${panel}`}
          tabIndex={panel === active ? 0 : -1}
          onClick={() => setPanel(panel)}
          onKeyDown={(event) => {
            const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
            if (step === 0) return;
            const next = panels[(index + step + panels.length) % panels.length];
            if (next) {
              setPanel(next);
              document.getElementById(`tab-${next}`)?.focus();
            }
          }}
        >
          {title(panel)}
          {badge(panel)}
        </button>
      ))}
    </div>
  );
}
