import { useEffect, useState } from 'react';
import type { RoomStatusPages } from '../../../shared/channel/host-api';
import type { StatusPageChoice } from '../../../shared/doc/types';
import { setStatusPage } from '../../../shared/ops';
import type { StatusPageSummary } from '../../../shared/protocol/relay-http';
import { messageOf } from '../lib/error-message';
import { useAppStore } from '../store/app-store';
import { InlineError } from './inline-error';

const NO_PAGE = '';

/** "Example status (API, Dashboard)", in the page's own names where the relay still has them. */
export function describeStatusPageChoice(
  choice: StatusPageChoice,
  pages: readonly StatusPageSummary[],
): string {
  const page = pages.find((candidate) => candidate.id === choice.pageId);
  const names = choice.componentIds.map(
    (id) => page?.components.find((component) => component.id === id)?.name ?? id,
  );
  return `${page?.title ?? choice.pageId}${names.length ? ` (${names.join(', ')})` : ''}`;
}

/** The room's relay's status pages, asked once per room shown. */
function useStatusPages(): RoomStatusPages | null {
  const host = useAppStore((state) => state.host);
  const roomId = useAppStore((state) => state.roomId);
  const [answer, setAnswer] = useState<RoomStatusPages | null>(null);
  useEffect(() => {
    if (!host || !roomId) return;
    let current = true;
    host.api['room.statusPages']({ roomId }).then(
      (pages) => current && setAnswer(pages),
      (error: unknown) =>
        current && setAnswer({ relayUrl: null, pages: [], error: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [host, roomId]);
  return answer;
}

/**
 * Whether the incident appears on one of the relay's public status pages, and under which
 * components. Everyone sees the choice; only the IC makes it (`setStatusPage`), ideally before the
 * first update is published: the page then shows each published update, never a draft.
 */
export function StatusPageChooser({ isIc, readOnly }: { isIc: boolean; readOnly: boolean }) {
  const choice = useAppStore((state) => state.view?.statusPage ?? null);
  const published = useAppStore((state) => state.view?.status.updates.length ?? 0);
  const run = useAppStore((state) => state.run);
  const answer = useStatusPages();
  const [pageId, setPageId] = useState<string>(choice?.pageId ?? NO_PAGE);
  const [componentIds, setComponentIds] = useState<string[]>(choice?.componentIds ?? []);
  const [error, setError] = useState<string | null>(null);
  const pages = answer?.pages ?? [];
  // What the room says wins whenever it changes (another IC's choice, a reconnect).
  useEffect(() => {
    setPageId(choice?.pageId ?? NO_PAGE);
    setComponentIds(choice?.componentIds ?? []);
  }, [choice]);

  const current = choice ? describeStatusPageChoice(choice, pages) : null;
  const page = pages.find((candidate) => candidate.id === pageId);
  const unchanged =
    pageId === (choice?.pageId ?? NO_PAGE) &&
    componentIds.join(' ') === (choice?.componentIds ?? []).join(' ');

  function save() {
    const result = run(
      setStatusPage,
      pageId === NO_PAGE ? { pageId: null } : { pageId, componentIds },
    );
    setError(result.ok ? null : result.error);
  }

  function toggle(id: string, on: boolean) {
    const order = page?.components.map((component) => component.id) ?? [];
    const next = on ? [...componentIds, id] : componentIds.filter((other) => other !== id);
    setComponentIds(order.filter((candidate) => next.includes(candidate)));
  }

  return (
    <fieldset className="status-page-chooser" aria-label="Public status page">
      <legend>Public status page</legend>
      <p className="muted" aria-label="Status page choice">
        {current ? `Listed on ${current}.` : 'Not on a public status page.'}
        {!choice && isIc && published === 0 && pages.length > 0
          ? ' Choose before the first update: the page shows every update you publish.'
          : ''}
      </p>
      {answer?.error && <p className="muted">{answer.error}</p>}
      {answer && answer.relayUrl === null && (
        <p className="muted">This room is on no relay, so no status page can show it.</p>
      )}
      {isIc && pages.length > 0 && (
        <div className="row">
          <label>
            Page{' '}
            <select
              value={pageId}
              disabled={readOnly}
              onChange={(event) => {
                setPageId(event.target.value);
                setComponentIds([]);
              }}
            >
              <option value={NO_PAGE}>Not on a public page</option>
              {pages.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.title}
                </option>
              ))}
            </select>
          </label>
          {page?.components.map((component) => (
            <label key={component.id}>
              <input
                type="checkbox"
                checked={componentIds.includes(component.id)}
                disabled={readOnly}
                onChange={(event) => toggle(component.id, event.target.checked)}
              />{' '}
              {component.name}
            </label>
          ))}
          <button type="button" onClick={save} disabled={readOnly || unchanged}>
            Save status page
          </button>
        </div>
      )}
      {!isIc && pages.length > 0 && (
        <p className="muted">The incident commander chooses whether the incident is listed.</p>
      )}
      <InlineError message={error} />
    </fieldset>
  );
}
