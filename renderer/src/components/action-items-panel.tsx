import { useState, type FormEvent } from 'react';
import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  type ActionItemPriority,
  type ActionItemStatus,
} from '../../../shared/doc/enums';
import {
  addActionItem,
  removeActionItem,
  requestAllFollowUps,
  updateActionItem,
} from '../../../shared/ops';
import type { ActionItemView } from '../../../shared/read/types';
import { useAppStore } from '../store/app-store';
import { FollowUpControls, trackerName } from './follow-up-controls';
import { InlineError } from './inline-error';
import { selectReadOnly } from '../store/room-view';

export function ActionItemsPanel() {
  const items = useAppStore((state) => state.view?.actionItems);
  const targets = useAppStore((state) => state.view?.followUpTargets);
  const resolved = useAppStore((state) => state.view?.phase === 'resolved');
  const run = useAppStore((state) => state.run);
  const readOnly = useAppStore(selectReadOnly);
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [priority, setPriority] = useState<ActionItemPriority>('P2');
  const [due, setDue] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!items) return null;

  function add(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === '') {
      setError('Say what must be done, e.g. "Add a canary stage to the payments deploy".');
      return;
    }
    const result = run(addActionItem, {
      title: title.trim(),
      priority,
      ...(owner.trim() ? { owner: owner.trim() } : {}),
      ...(due ? { due } : {}),
    });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setTitle('');
    setOwner('');
    setDue('');
    setError(null);
  }

  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Action items</h2>
      {!readOnly && (
        <form onSubmit={add} className="card" aria-label="Add an action item" noValidate>
          <label>
            Action
            <input value={title} onChange={(event) => setTitle(event.target.value)} />
          </label>
          <div className="form-row">
            <label>
              Owner
              <input value={owner} onChange={(event) => setOwner(event.target.value)} />
            </label>
            <label>
              Priority
              <select
                value={priority}
                onChange={(event) => setPriority(event.target.value as ActionItemPriority)}
              >
                {ACTION_ITEM_PRIORITIES.map((value) => (
                  <option key={value}>{value}</option>
                ))}
              </select>
            </label>
            <label>
              Due
              <input type="date" value={due} onChange={(event) => setDue(event.target.value)} />
            </label>
          </div>
          <InlineError message={error} />
          <button type="submit">Add action item</button>
        </form>
      )}
      {!readOnly && targets && targets.length > 0 && items.length > 0 && (
        <div className="row">
          {resolved && <UnsentFollowUps items={items} />}
          {targets.map((target) => (
            <button
              key={target.id}
              type="button"
              onClick={() => {
                const result = run(requestAllFollowUps, { targetId: target.id });
                setError(result.ok ? null : result.error);
              }}
            >
              Send all open follow-ups to {trackerName(target)}
            </button>
          ))}
        </div>
      )}
      <ul className="list" aria-label="Action items">
        {items.map((item) => (
          <li key={item.id} className="card" aria-label={`Action item: ${item.title}`}>
            <div className="row">
              <span className="badge">{item.priority}</span>
              <strong>{item.title}</strong>
            </div>
            <div className="row card__meta">
              owner {item.owner ?? '—'} · due {item.due ?? '—'} · added by {item.createdBy.name}
              <select
                aria-label={`Status of ${item.title}`}
                value={item.status}
                disabled={readOnly}
                onChange={(event) => {
                  const result = run(updateActionItem, {
                    id: item.id,
                    status: event.target.value as ActionItemStatus,
                  });
                  setError(result.ok ? null : result.error);
                }}
              >
                {ACTION_ITEM_STATUSES.map((status) => (
                  <option key={status}>{status}</option>
                ))}
              </select>
              {!readOnly && (
                <button
                  type="button"
                  className="link"
                  aria-label={`Remove ${item.title}`}
                  onClick={() => run(removeActionItem, { id: item.id })}
                >
                  Remove
                </button>
              )}
            </div>
            <FollowUpControls item={item} targets={targets ?? []} readOnly={readOnly} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Once the incident is resolved, the follow-ups still in no tracker are what gets forgotten:
 * the panel says how many, beside the buttons that send them all.
 */
function UnsentFollowUps({ items }: { items: readonly ActionItemView[] }) {
  const unsent = items.filter(
    (item) =>
      (item.status === 'open' || item.status === 'in-progress') &&
      Object.keys(item.followUps.requests).length === 0 &&
      !Object.values(item.followUps.issues).some((issue) => issue.state === 'created'),
  ).length;
  if (unsent === 0) return null;
  return (
    <p role="status" aria-label="Unsent follow-ups">
      The incident is resolved: {unsent} open follow-up{unsent === 1 ? ' is' : 's are'} in no
      tracker yet.
    </p>
  );
}
