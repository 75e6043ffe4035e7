import WebSocket from 'ws';
import { expect, test } from './fixtures';

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
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2f..%2fetc/passwd',
      '/%00',
    ]) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status, path).toBe(404);
    }
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
