/**
 * The shell's security rules, all in one place. Each rule names the item of Electron's security
 * checklist it implements: https://www.electronjs.org/docs/latest/tutorial/security
 *
 * Everything here takes Electron objects as parameters (types only at compile time), so the unit
 * tests drive the same code with small fakes and never load the Electron binary.
 */
import type {
  App,
  Event,
  HandlerDetails,
  Session,
  WebContents,
  WebContentsWillNavigateEventParams,
  WebPreferences,
} from 'electron';

/** The custom scheme that serves the built renderer (see ../protocol/app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * webPreferences for every window that shows our UI.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // Checklist #3 "Enable Context Isolation":
    // https://www.electronjs.org/docs/latest/tutorial/security#3-enable-context-isolation
    contextIsolation: true,
    // Checklist #4 "Enable process sandboxing":
    // https://www.electronjs.org/docs/latest/tutorial/security#4-enable-process-sandboxing
    sandbox: true,
    // Checklist #2 "Do not enable Node.js integration for remote content" (nor for ours):
    // https://www.electronjs.org/docs/latest/tutorial/security#2-do-not-enable-nodejs-integration-for-remote-content
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // Checklist #6 "Do not disable webSecurity":
    // https://www.electronjs.org/docs/latest/tutorial/security#6-do-not-disable-websecurity
    webSecurity: true,
    // Checklist #8 "Do not enable allowRunningInsecureContent":
    // https://www.electronjs.org/docs/latest/tutorial/security#8-do-not-enable-allowrunninginsecurecontent
    allowRunningInsecureContent: false,
    // Checklist #9 "Do not enable experimental features":
    // https://www.electronjs.org/docs/latest/tutorial/security#9-do-not-enable-experimental-features
    experimentalFeatures: false,
    // Checklist #10 "Do not use enableBlinkFeatures":
    // https://www.electronjs.org/docs/latest/tutorial/security#10-do-not-use-enableblinkfeatures
    enableBlinkFeatures: '',
    // Checklist #11 "Do not use allowpopups for WebViews" / #12 "Verify WebView options before
    // creation": no <webview> at all.
    // https://www.electronjs.org/docs/latest/tutorial/security#12-verify-webview-options-before-creation
    webviewTag: false,
    // Middle-click would try to open a link in a new window; the window-open handler denies it
    // anyway (#14), this stops the attempt earlier.
    disableBlinkFeatures: 'Auxclick',
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

// Checklist #7 "Define a Content Security Policy": every app:// response carries the one policy
// of shared/security/content-security-policy.ts, set by the static-file module both servers use
// (see ../protocol/app-protocol.ts).

/** Is this URL one of our own pages (served by the app:// protocol)? */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/** Links a person may open in their system browser: http(s) and mailto, nothing else. */
export function isExternalLinkAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return ['https:', 'http:', 'mailto:'].includes(parsed.protocol);
}

export interface NavigationDeps {
  /** `shell.openExternal`, injected so tests can watch it. */
  openExternal(url: string): Promise<void> | void;
}

/**
 * The navigation handler: our windows never navigate. A link to the web goes to the system
 * browser instead; anything else (file:, javascript:, another app's scheme) is dropped.
 * Checklist #13 "Disable or limit navigation":
 * https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 * Checklist #15 "Do not use shell.openExternal with untrusted content": only http(s)/mailto.
 * https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content
 */
export function handleWillNavigate(
  event: Pick<Event, 'preventDefault'>,
  url: string,
  deps: NavigationDeps,
): void {
  event.preventDefault();
  if (isExternalLinkAllowed(url)) void deps.openExternal(url);
}

/**
 * The window-open handler: no new windows from the page, ever; web links go to the browser.
 * Checklist #14 "Disable or limit creation of new windows":
 * https://www.electronjs.org/docs/latest/tutorial/security#14-disable-or-limit-creation-of-new-windows
 */
export function handleWindowOpen(
  details: Pick<HandlerDetails, 'url'>,
  deps: NavigationDeps,
): { action: 'deny' } {
  if (isExternalLinkAllowed(details.url)) void deps.openExternal(details.url);
  return { action: 'deny' };
}

/**
 * Locks one webContents down: navigation, redirects, new windows, <webview>.
 */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  deps: NavigationDeps,
): void {
  contents.on('will-navigate', (event: Event<WebContentsWillNavigateEventParams>, url: string) =>
    handleWillNavigate(event, url, deps),
  );
  // A server redirect is a navigation too (#13); our protocol never redirects.
  contents.on('will-redirect', (event: Event<WebContentsWillNavigateEventParams>, url: string) =>
    handleWillNavigate(event, url, deps),
  );
  // Checklist #12 "Verify WebView options before creation": we use none, so refuse all.
  contents.on('will-attach-webview', (event: Event) => event.preventDefault());
  contents.setWindowOpenHandler((details) => handleWindowOpen(details, deps));
}

/**
 * Permission requests (camera, microphone, notifications from the page, geolocation, ...) are
 * denied: the page needs none; native notifications come from the main process.
 * Checklist #5 "Handle session permission requests from remote content":
 * https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content
 */
export function denyAllPermissions(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * Refuses every request the session makes that is not to our own protocol or devtools: the app
 * loads no remote content at all (the relay is reached by the host in the main process, not by
 * the page).
 * Checklist #1 "Only load secure content":
 * https://www.electronjs.org/docs/latest/tutorial/security#1-only-load-secure-content
 */
export function isRequestAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === APP_HOST;
  // DevTools (development builds only) load their own front-end.
  return parsed.protocol === 'devtools:';
}

export function blockRemoteContent(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isRequestAllowed(details.url) }),
  );
}

/**
 * Applies the rules to every webContents the app ever creates, including ones we did not create
 * ourselves (a devtools window, a print preview), so no window slips past them.
 */
export function hardenApp(app: Pick<App, 'on'>, deps: NavigationDeps): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, deps));
}

/** The session-wide rules: permissions and remote content. */
export function hardenSession(
  session: Pick<
    Session,
    | 'setPermissionRequestHandler'
    | 'setPermissionCheckHandler'
    | 'setDevicePermissionHandler'
    | 'webRequest'
  >,
): void {
  denyAllPermissions(session);
  blockRemoteContent(session);
}
