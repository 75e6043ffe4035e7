import { describe, expect, it, vi } from 'vitest';

// Nothing here may load the Electron binary: the module imports electron types only, and the
// mock proves no runtime import sneaks in (it would get this empty object and fail loudly).
vi.mock('electron', () => ({}));

import {
  APP_ORIGIN,
  denyAllPermissions,
  handleWillNavigate,
  handleWindowOpen,
  hardenApp,
  hardenSession,
  hardenWebContents,
  isAppUrl,
  isExternalLinkAllowed,
  isRequestAllowed,
  secureWebPreferences,
} from './security-rules';

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/dist-electron/preload.cjs');

  it('isolates, sandboxes and keeps node out of the page', () => {
    expect(prefs).toMatchObject({
      preload: '/app/dist-electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs.enableBlinkFeatures).toBe('');
  });
});

describe('navigation', () => {
  it('never lets a window navigate; web links go to the system browser', () => {
    const openExternal = vi.fn();
    const event = { preventDefault: vi.fn() };
    handleWillNavigate(event, 'https://status.example.com/incident/42', { openExternal });
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(openExternal).toHaveBeenCalledWith('https://status.example.com/incident/42');
  });

  it('drops file:, javascript:, data: and other schemes without opening them anywhere', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'smb://evil/share',
      `${APP_ORIGIN}/index.html`,
      'not a url',
    ]) {
      const openExternal = vi.fn();
      const event = { preventDefault: vi.fn() };
      handleWillNavigate(event, url, { openExternal });
      expect(event.preventDefault, url).toHaveBeenCalledOnce();
      expect(openExternal, url).not.toHaveBeenCalled();
    }
  });

  it('denies every new window, handing web links to the browser', () => {
    const openExternal = vi.fn();
    expect(handleWindowOpen({ url: 'https://grafana.example.com/d/x' }, { openExternal })).toEqual({
      action: 'deny',
    });
    expect(openExternal).toHaveBeenCalledWith('https://grafana.example.com/d/x');
    expect(handleWindowOpen({ url: 'file:///tmp/x.html' }, { openExternal })).toEqual({
      action: 'deny',
    });
    expect(handleWindowOpen({ url: `${APP_ORIGIN}/index.html` }, { openExternal })).toEqual({
      action: 'deny',
    });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('hardenWebContents wires will-navigate, will-redirect, webviews and window.open', () => {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    let windowOpen: ((details: { url: string }) => unknown) | null = null;
    const contents = {
      on: vi.fn((name: string, listener: (...args: unknown[]) => void) => {
        listeners.set(name, listener);
        return contents;
      }),
      setWindowOpenHandler: vi.fn((handler: (details: { url: string }) => unknown) => {
        windowOpen = handler;
      }),
    };
    const openExternal = vi.fn();
    hardenWebContents(contents as never, { openExternal });
    expect([...listeners.keys()].sort()).toEqual([
      'will-attach-webview',
      'will-navigate',
      'will-redirect',
    ]);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      listeners.get(name)!(event, 'file:///etc/hosts');
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    expect(windowOpen).not.toBeNull();
    expect(windowOpen!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.com');
  });

  it('hardenApp applies the rules to every webContents ever created', () => {
    let created: ((event: unknown, contents: unknown) => void) | null = null;
    const app = {
      on: vi.fn((name: string, listener: (event: unknown, contents: unknown) => void) => {
        if (name === 'web-contents-created') created = listener;
        return app;
      }),
    };
    hardenApp(app as never, { openExternal: vi.fn() });
    const contents = { on: vi.fn(() => contents), setWindowOpenHandler: vi.fn() };
    created!({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
    expect(contents.on).toHaveBeenCalledWith('will-navigate', expect.any(Function));
  });
});

describe('URL rules', () => {
  it('knows our own pages', () => {
    expect(isAppUrl('app://renderer/index.html?room=abc')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://renderer/index.html')).toBe(false);
    expect(isAppUrl('file:///app/index.html')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
  });

  it('opens only http(s) and mailto links externally', () => {
    expect(isExternalLinkAllowed('https://example.com')).toBe(true);
    expect(isExternalLinkAllowed('http://intranet/runbook')).toBe(true);
    expect(isExternalLinkAllowed('mailto:oncall@example.com')).toBe(true);
    expect(isExternalLinkAllowed('file:///bin/sh')).toBe(false);
    expect(isExternalLinkAllowed('ms-msdt:/id PCWDiagnostic')).toBe(false);
    expect(isExternalLinkAllowed('incident-room://join?x')).toBe(false);
  });

  it('loads no remote content: only app://renderer and devtools', () => {
    expect(isRequestAllowed('app://renderer/assets/index.js')).toBe(true);
    expect(isRequestAllowed('devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(isRequestAllowed('https://cdn.example.com/x.js')).toBe(false);
    expect(isRequestAllowed('http://127.0.0.1:8080/')).toBe(false);
    expect(isRequestAllowed('ws://127.0.0.1:1234/')).toBe(false);
    expect(isRequestAllowed('file:///etc/passwd')).toBe(false);
    expect(isRequestAllowed('app://elsewhere/x')).toBe(false);
  });
});

describe('session rules', () => {
  it('denies every permission request, check and device', () => {
    let request:
      ((contents: unknown, permission: string, cb: (ok: boolean) => void) => void) | null = null;
    let check: (() => boolean) | null = null;
    let device: (() => boolean) | null = null;
    denyAllPermissions({
      setPermissionRequestHandler: (handler: typeof request) => {
        request = handler;
      },
      setPermissionCheckHandler: (handler: typeof check) => {
        check = handler;
      },
      setDevicePermissionHandler: (handler: typeof device) => {
        device = handler;
      },
    } as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      request!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(check!()).toBe(false);
    expect(device!()).toBe(false);
  });

  it('cancels remote requests made by the session', () => {
    let filter: ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null =
      null;
    hardenSession({
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: {
        onBeforeRequest: (handler: typeof filter) => {
          filter = handler;
        },
      },
    } as never);
    const callback = vi.fn();
    filter!({ url: 'https://tracker.example.com/p.gif' }, callback);
    expect(callback).toHaveBeenLastCalledWith({ cancel: true });
    filter!({ url: 'app://renderer/index.html' }, callback);
    expect(callback).toHaveBeenLastCalledWith({ cancel: false });
  });
});
