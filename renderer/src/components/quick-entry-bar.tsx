import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { EntryKind } from '../../../shared/doc/enums';
import { LIMITS } from '../../../shared/doc/limits';
import { logEntry } from '../../../shared/ops';
import { useAppStore, useAppStoreApi } from '../store/app-store';
import { QUICK_KINDS } from '../lib/entry-kinds';
import { localDateTime, parseUtcInput, toUtcInput } from '../../../shared/util/utc-time';
import { InlineError } from './inline-error';
import { selectReadOnly, selectReadOnlyInvite } from '../store/room-view';

/**
 * The scribe's bar. The event time is taken at the first keystroke, because what was said
 * happened then, not when Enter was pressed a minute later; it stays editable (UTC).
 */
export function QuickEntryBar() {
  const store = useAppStoreApi();
  const run = useAppStore((state) => state.run);
  const setEditing = useAppStore((state) => state.setEditing);
  const focusToken = useAppStore((state) => state.quickEntryFocus);
  const requestedKind = useAppStore((state) => state.quickEntryKind);
  // Typing is allowed while a big room is still loading (the text lives here, and the event time
  // is taken at the first keystroke); logging waits for the room.
  const readOnly = useAppStore(selectReadOnlyInvite);
  const loading = useAppStore(selectReadOnly) && !readOnly;
  const [text, setText] = useState('');
  const [kind, setKind] = useState<EntryKind>('observation');
  const [time, setTime] = useState('');
  const [timeEdited, setTimeEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (focusToken === 0) return;
    if (requestedKind) setKind(requestedKind);
    textRef.current?.focus();
  }, [focusToken, requestedKind]);

  const relayNow = () => store.getState().operationContext()?.now() ?? Date.now();

  function onTextChange(value: string) {
    if (text === '' && value !== '' && !timeEdited) setTime(toUtcInput(relayNow()));
    if (value === '' && !timeEdited) setTime('');
    setText(value);
    setError(null);
  }

  function reset() {
    setText('');
    setTime('');
    setTimeEdited(false);
    setError(null);
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (loading) {
      setError(
        'The room is still opening; your entry is kept here. Press Enter once it has opened.',
      );
      return;
    }
    if (text.trim() === '') {
      setError('Type what happened first; empty entries are not logged.');
      return;
    }
    if (text.length > LIMITS.entryTextChars) {
      setError(
        `The entry is ${text.length} characters; the limit is ${LIMITS.entryTextChars}. Nothing was logged.`,
      );
      return;
    }
    let at: number | undefined;
    if (time.trim() !== '') {
      const parsed = parseUtcInput(time, relayNow());
      if ('error' in parsed) {
        setError(parsed.error);
        return;
      }
      at = parsed.ms;
    }
    const result = run(logEntry, { text: text.trim(), kind, ...(at === undefined ? {} : { at }) });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    reset();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
      return;
    }
    if (event.key === 'Escape') {
      if (text === '') textRef.current?.blur();
      else reset();
      return;
    }
    if (event.altKey && event.code.startsWith('Key')) {
      const letter = event.code.slice(3).toLowerCase();
      const match = QUICK_KINDS.find((candidate) => candidate.key === letter);
      if (match) {
        event.preventDefault();
        setKind(match.kind);
      }
    }
  }

  const parsedTime = time.trim() ? parseUtcInput(time, Date.now()) : null;

  return (
    <form className="quick-entry-wrap" aria-label="Log an entry" onSubmit={submit} noValidate>
      <div className="quick-entry">
        <label className="visually-hidden" htmlFor="entry-kind">
          Entry kind
        </label>
        <select
          id="entry-kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as EntryKind)}
          disabled={readOnly}
        >
          {QUICK_KINDS.map((candidate) => (
            <option key={candidate.kind} value={candidate.kind}>
              {candidate.label} (Alt+{candidate.key.toUpperCase()})
            </option>
          ))}
        </select>
        <input
          className="quick-entry__time"
          aria-label="Event time (UTC)"
          placeholder="time UTC (now)"
          value={time}
          disabled={readOnly}
          title={
            parsedTime && 'ms' in parsedTime
              ? localDateTime(parsedTime.ms)
              : 'Taken when you start typing; edit to backdate (UTC).'
          }
          onChange={(event) => {
            setTime(event.target.value);
            setTimeEdited(event.target.value.trim() !== '');
            setError(null);
          }}
        />
        <textarea
          ref={textRef}
          className="quick-entry__text"
          aria-label="Entry text"
          placeholder={
            readOnly
              ? 'Read-only invite: you can follow but not write'
              : 'What happened? Enter logs it · / focuses here'
          }
          rows={1}
          value={text}
          disabled={readOnly}
          onChange={(event) => onTextChange(event.target.value)}
          onKeyDown={onKeyDown}
          onFocus={() => setEditing('timeline')}
          onBlur={() => setEditing(null)}
        />
        <button type="submit" className="primary" disabled={readOnly || loading}>
          Log
        </button>
      </div>
      <InlineError message={error} />
    </form>
  );
}
