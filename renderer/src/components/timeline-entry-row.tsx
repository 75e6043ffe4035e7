import { memo, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/doc/limits';
import { deleteEntry, editEntry, pinEntry, unpinEntry } from '../../../shared/ops';
import type { TimelineEntryView } from '../../../shared/read';
import { useAppStore } from '../store/app-store';
import {
  localDateTime,
  parseUtcInput,
  toUtcInput,
  utcClock,
  utcDateTime,
} from '../../../shared/util/utc-time';
import { InlineError } from './inline-error';

/** One entry. Generated entries (declaration, decisions, publications) are kept as written. */
export const TimelineEntryRow = memo(function TimelineEntryRow({
  entry,
  readOnly,
}: {
  entry: TimelineEntryView;
  readOnly: boolean;
}) {
  const run = useAppStore((state) => state.run);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const protectedEntry = entry.ref !== null;
  const who =
    entry.author.name === entry.recorder.name
      ? entry.author.name
      : `${entry.author.name} (logged by ${entry.recorder.name})`;
  const lastRevision = entry.revisions[entry.revisions.length - 1];
  const summary = entry.text.length > 60 ? `${entry.text.slice(0, 60)}…` : entry.text;

  function togglePin() {
    const result = run(entry.pinned ? unpinEntry : pinEntry, { id: entry.id });
    setError(result.ok ? null : result.error);
  }

  function remove() {
    if (!confirmDelete) {
      setConfirmDelete(true);
      return;
    }
    const result = run(deleteEntry, { id: entry.id });
    setConfirmDelete(false);
    setError(result.ok ? null : result.error);
  }

  return (
    <article
      className={`entry${entry.pinned ? ' entry--pinned' : ''}`}
      aria-label={`${entry.kind} at ${utcClock(entry.at, 'always')} UTC: ${summary}`}
      data-entry-id={entry.id}
    >
      <time
        className="entry__time"
        dateTime={entry.at}
        title={`${utcDateTime(entry.at)}\n${localDateTime(entry.at)}`}
      >
        {utcClock(entry.at, 'always')}
      </time>
      <span className={`entry__kind entry__kind--${entry.kind}`}>
        {entry.kind}
        {entry.offline && (
          <span
            className="entry__by"
            title="Written while this person's app had lost the relay or could not reach it"
          >
            {' '}
            · offline
          </span>
        )}
      </span>
      {editing ? (
        <EntryEditor entry={entry} onDone={() => setEditing(false)} />
      ) : (
        <div>
          <div className="entry__text">{entry.text}</div>
          <div className="entry__by">
            {who}
            {entry.pinned && ` · pinned by ${entry.pinned.by.name}`}
            {lastRevision && (
              <span
                title={entry.revisions
                  .map(
                    (revision) =>
                      `${revision.field} changed by ${revision.by.name} at ${utcDateTime(revision.at)}`,
                  )
                  .join('\n')}
              >
                {' '}
                · edited by {lastRevision.by.name}
              </span>
            )}
          </div>
          <InlineError message={error} />
        </div>
      )}
      {!readOnly && !editing && (
        <div className="entry__actions">
          <button
            type="button"
            onClick={togglePin}
            aria-pressed={entry.pinned !== null}
            aria-label={`${entry.pinned ? 'Unpin' : 'Pin'} entry: ${summary}`}
          >
            {entry.pinned ? 'Unpin' : 'Pin'}
          </button>
          {!protectedEntry && (
            <>
              <button
                type="button"
                onClick={() => setEditing(true)}
                aria-label={`Edit entry: ${summary}`}
              >
                Edit
              </button>
              <button
                type="button"
                className="danger"
                onClick={remove}
                onBlur={() => setConfirmDelete(false)}
                aria-label={
                  confirmDelete ? `Confirm delete of entry: ${summary}` : `Delete entry: ${summary}`
                }
              >
                {confirmDelete ? 'Confirm delete' : 'Delete'}
              </button>
            </>
          )}
        </div>
      )}
    </article>
  );
});

function EntryEditor({ entry, onDone }: { entry: TimelineEntryView; onDone: () => void }) {
  const run = useAppStore((state) => state.run);
  const [text, setText] = useState(entry.text);
  const [time, setTime] = useState(toUtcInput(Date.parse(entry.at)));
  const [error, setError] = useState<string | null>(null);

  function save(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === '') {
      setError('An entry cannot be empty; delete it instead.');
      return;
    }
    if (text.length > LIMITS.entryTextChars) {
      setError(
        `The entry is ${text.length} characters; the limit is ${LIMITS.entryTextChars}. Nothing was changed.`,
      );
      return;
    }
    const parsed = parseUtcInput(time, Date.now());
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    const changes = {
      ...(text.trim() !== entry.text ? { text: text.trim() } : {}),
      ...(parsed.ms !== Date.parse(entry.at) ? { at: parsed.ms } : {}),
    };
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    const result = run(editEntry, { id: entry.id, ...changes });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onDone();
  }

  return (
    <form onSubmit={save} className="row" aria-label="Edit entry" noValidate>
      <input
        aria-label="Edited event time (UTC)"
        value={time}
        onChange={(event) => setTime(event.target.value)}
      />
      <textarea
        aria-label="Edited entry text"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onDone();
        }}
        rows={2}
        autoFocus
      />
      <button type="submit">Save</button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      <InlineError message={error} />
    </form>
  );
}
