import WebSocket from 'ws';
import { CONTENT_SECURITY_POLICY } from '../shared/security/content-security-policy';
import { expect, test } from './fixtures';
import { declareRoom, logEntry, timelineEntry } from './ui-steps';

test.describe('web mode', () => {
  test('serves the app, which reaches its host over the channel', async ({ openUser }) => {
    const ada = await openUser('Ada');
    // "No rooms yet" is rendered from the host's answer to rooms.list: no host, no such line.
    await expect(ada.page.getByText(/no rooms yet/i)).toBeVisible();
    await expect(ada.page.getByRole('alert').filter({ hasText: /cannot reach/i })).toHaveCount(0);
  });

  test('refuses the channel without the session token or from another origin', async ({
    openUser,
  }) => {
    const ada = await openUser('Ada', { relay: false });
    const url = new URL(ada.host.url);
    const attempt = (path: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`ws://${url.host}${path}`, { headers });
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('error', () => resolve(-1));
      });
    const token = url.searchParams.get('token') ?? '';
    expect(await attempt('/channel')).toBe(401);
    expect(await attempt('/channel?token=wrong')).toBe(401);
    expect(await attempt(`/channel?token=${token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await attempt(`/channel?token=${token}`, { origin: `http://${url.host}` })).toBe(101);
  });

  test('serves only the built renderer: no path leaves it', async ({ openUser }) => {
    const ada = await openUser('Ada', { relay: false });
    const origin = new URL(ada.host.url).origin;
    // fetch folds `..` and `%2e%2e` before sending, so those two ask for /package.json inside
    // dist/renderer (there is none); the others reach the server as written and are refused.
    for (const [path, status] of [
      ['/../package.json', 404],
      ['/%2e%2e/package.json', 404],
      ['/..%2f..%2fetc/passwd', 403],
      ['/%00', 400],
    ] as const) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status, path).toBe(status);
    }
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  test('the built page runs under the one CSP, carries no copy of its own, and breaks none of it', async ({
    openUser,
  }) => {
    const ada = await openUser('Ada', { relay: false });
    const violations: string[] = [];
    ada.page.on('console', (message) => {
      if (/content security policy/i.test(message.text())) violations.push(message.text());
    });
    await ada.page.reload();
    await expect(ada.page.locator('meta[http-equiv="Content-Security-Policy" i]')).toHaveCount(0);
    // A room uses what the policy must allow: the channel websocket, inline styles, the editor.
    await declareRoom(ada.page, { title: 'CSP check', severity: 'SEV3' });
    await logEntry(ada.page, 'policy holds');
    await expect(timelineEntry(ada.page, 'policy holds')).toBeVisible();
    expect(violations).toEqual([]);
  });
});
