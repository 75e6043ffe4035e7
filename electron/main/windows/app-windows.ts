/**
 * One window per open room (plus the room list): the shell opens a window for a room a deep link
 * or a notification asks for, or brings forward the window already showing it.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { OPEN_ROOM_PARAM } from '../../../shared/desktop/desktop-api';
import { APP_ORIGIN, secureWebPreferences } from '../security/security-rules';

/** The page a window loads: the renderer's index, optionally for one room. */
export function appPageUrl(roomId?: string): string {
  const base = `${APP_ORIGIN}/index.html`;
  return roomId ? `${base}?${OPEN_ROOM_PARAM}=${encodeURIComponent(roomId)}` : base;
}

export function appWindowOptions(
  preloadPath: string,
  title: string,
): BrowserWindowConstructorOptions {
  return {
    title,
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: '#111318',
    webPreferences: secureWebPreferences(preloadPath),
  };
}
