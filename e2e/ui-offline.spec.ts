import { createServer, connect, type Server, type Socket } from 'node:net';
import { formatInvite, parseInvite } from '../shared/invite/invite-link';
import { expect, test } from './fixtures';
import { copyInvite, declareRoom, joinRoom, logEntry, timelineTexts } from './ui-steps';

const TITLE = 'Search latency in eu-west';

/**
 * A TCP link between one person's host and the relay that the test can cut and restore, so only
 * that person goes offline while everyone else stays live.
 */
async function cuttableLink(
  relayPort: number,
): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(relayPort, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server!.close(() => resolve());
      }),
    restore: listen,
  };
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, `minutesAgo` before now: what a scribe types to backdate. */
function utcInput(minutesAgo: number): string {
  return new Date(Date.now() - minutesAgo * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

test('entries logged offline slot into event-time order after reconnect, and pending goes to zero', async ({
  openUser,
  relay,
}) => {
  // Several hosts, a relay and Chromium on a 2-core machine: more than the default budget.
  test.setTimeout(300_000);
  const ic = await openUser('Avery');
  await declareRoom(ic.page, { title: TITLE, severity: 'SEV2' });
  const invite = await copyInvite(ic);

  // The scribe reaches the relay through a link the test controls.
  const link = await cuttableLink(relay.port);
  const scribe = await openUser('Priya');
  const parsed = parseInvite(invite);
  if (!parsed.ok) throw new Error(parsed.message);
  const viaLink = new URL(parsed.invite.relayUrl);
  viaLink.port = String(link.port);
  await joinRoom(
    scribe.page,
    formatInvite({ ...parsed.invite, relayUrl: `${viaLink.protocol}//${viaLink.host}` }),
    TITLE,
  );
  const scribeStatus = scribe.page.getByRole('status', { name: 'Connection' });
  await expect(scribeStatus).toHaveText(/Live/);

  await link.cut();
  await expect(scribeStatus).toHaveText(/Offline since \d\d:\d\d UTC/, { timeout: 20_000 });

  await logEntry(scribe.page, 'Offline A: eu-west p95 at 2.1 s', { at: utcInput(3) });
  await logEntry(scribe.page, 'Offline C: cache hit rate down to 40%', { at: utcInput(1) });
  await expect(scribeStatus).toHaveText(/changes? not yet on the relay/);

  // The IC keeps working, live, meanwhile.
  await logEntry(ic.page, 'Live B: paged the search team', { at: utcInput(2) });
  await expect(ic.page.getByRole('status', { name: 'Connection' })).toHaveText(/Live/);

  await link.restore();
  await expect(scribeStatus).toHaveText(/^Live$/, { timeout: 60_000 });

  const order = (texts: string[]) =>
    texts.map((text) => /(Offline A|Live B|Offline C)/.exec(text)?.[1]).filter(Boolean);
  for (const user of [ic, scribe]) {
    await expect
      .poll(async () => order(await timelineTexts(user.page)), { timeout: 20_000 })
      .toEqual(['Offline A', 'Live B', 'Offline C']);
  }
  await link.cut();
});
