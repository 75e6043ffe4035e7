import { useId, useMemo, useState } from 'react';
import { useAppStore, useAppStoreApi } from '../store/app-store';
import { matchesQuery, paletteCommands } from '../lib/commands';
import { Dialog } from './dialog';
import { messageOf } from '../lib/error-message';
import { InlineError } from './inline-error';

/** Ctrl/Cmd+K: every action by name, no mouse needed. */
export function CommandPalette() {
  const store = useAppStoreApi();
  const open = useAppStore((state) => state.paletteOpen);
  const setPaletteOpen = useAppStore((state) => state.setPaletteOpen);
  if (!open) return null;
  return <PaletteBody close={() => setPaletteOpen(false)} getState={store.getState} />;
}

function PaletteBody({
  close,
  getState,
}: {
  close: () => void;
  getState: ReturnType<typeof useAppStoreApi>['getState'];
}) {
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const all = useMemo(() => paletteCommands(getState()), [getState]);
  const matches = all.filter((command) =>
    matchesQuery(command.keywords ? `${command.title} ${command.keywords}` : command.title, query),
  );
  const active = matches[Math.min(selected, matches.length - 1)];

  const [running, setRunning] = useState(false);

  function settle(refusal: string | null | void) {
    if (typeof refusal === 'string') setError(refusal);
    else close();
  }

  function runCommand(index: number) {
    const command = matches[index];
    // One command at a time: a second Enter while the clipboard is busy would copy twice.
    if (!command || running) return;
    const refusal = command.run(getState());
    if (!(refusal instanceof Promise)) {
      settle(refusal);
      return;
    }
    setRunning(true);
    void refusal
      .then(settle, (error: unknown) => setError(messageOf(error)))
      .finally(() => setRunning(false));
  }

  return (
    <Dialog title="Command palette" onClose={close}>
      <input
        role="combobox"
        aria-label="Command"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={active ? `${listId}-${active.id}` : undefined}
        placeholder="Type a command…"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setSelected(0);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setSelected((index) => Math.min(index + 1, matches.length - 1));
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setSelected((index) => Math.max(index - 1, 0));
          } else if (event.key === 'Enter') {
            event.preventDefault();
            runCommand(Math.min(selected, matches.length - 1));
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label="Commands" className="palette-list">
        {matches.map((command, index) => (
          <li
            key={command.id}
            id={`${listId}-${command.id}`}
            role="option"
            aria-selected={command === active}
            onMouseDown={(event) => {
              event.preventDefault();
              runCommand(index);
            }}
          >
            <span>{command.title}</span>
            {command.shortcut && <kbd>{command.shortcut}</kbd>}
          </li>
        ))}
        {matches.length === 0 && <li className="muted">No command matches.</li>}
      </ul>
      <InlineError message={error} />
    </Dialog>
  );
}
