/**
 * The one Content-Security-Policy of the app's page. Both servers of the built renderer send it
 * as a header with every response, through the one static-file module (`electron/static/`): the
 * desktop shell's `app://renderer` protocol and web mode's 127.0.0.1 server. The page itself
 * carries no `<meta>` copy, so there is nothing to drift.
 *
 * Electron's checklist #7 "Define a Content Security Policy":
 * https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
export const CONTENT_SECURITY_POLICY_DIRECTIVES = [
  // Everything not named below is refused.
  "default-src 'none'",
  // Only our own bundle runs: no inline script, no eval, nothing remote.
  "script-src 'self'",
  // React sets `style` attributes and CodeMirror adds style elements; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  // Web mode's channel is a websocket back to the page's own 127.0.0.1 origin, which 'self'
  // covers (CSP Level 3 matches ws: on an http: page's own host and port). The desktop page
  // talks to its host over a MessagePort and connects nowhere.
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "frame-ancestors 'none'",
] as const;

export const CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY_DIRECTIVES.join('; ');
