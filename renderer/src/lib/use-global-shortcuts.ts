import { useEffect } from 'react';
import type { AppStore } from '../store/app-store';
import { PANELS } from '../store/panels';
import { quickKindForKey } from './entry-kinds';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Keys that work anywhere in the app. Single letters only fire when no field has focus, so typing
 * into the timeline or the status draft never triggers a command.
 */
export function useGlobalShortcuts(store: AppStore): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const state = store.getState();
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        state.setPaletteOpen(!state.paletteOpen);
        return;
      }
      if (!state.room || state.paletteOpen) return;
      if (event.altKey && /^Digit[1-9]$/.test(event.code)) {
        const panel = PANELS[Number(event.code.slice(5)) - 1];
        if (panel) {
          event.preventDefault();
          if (panel === 'timeline') state.focusQuickEntry();
          else state.setPanel(panel);
        }
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === '/') {
        event.preventDefault();
        state.focusQuickEntry();
        return;
      }
      const kind = quickKindForKey(event.key);
      if (kind) {
        event.preventDefault();
        state.focusQuickEntry(kind);
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
