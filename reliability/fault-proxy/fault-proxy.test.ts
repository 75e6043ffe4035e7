import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultProxy, type ScheduledFault } from './fault-proxy';
import { seededRandom } from './seeded-random';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An echo server on loopback: what goes up through the proxy comes back down. */
async function echoServer(): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address() as net.AddressInfo;
  return { port: address.port, connections: () => connections };
}

async function proxyTo(port: number): Promise<FaultProxy> {
  const proxy = await FaultProxy.start({ targetPort: port });
  cleanups.push(() => proxy.close());
  return proxy;
}

interface Client {
  socket: net.Socket;
  received: () => string;
  ended: Promise<{ error: NodeJS.ErrnoException | null }>;
}

async function connect(port: number): Promise<Client> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  cleanups.push(() => void socket.destroy());
  let received = '';
  let error: NodeJS.ErrnoException | null = null;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  socket.on('error', (caught: NodeJS.ErrnoException) => {
    error = caught;
  });
  const ended = new Promise<{ error: NodeJS.ErrnoException | null }>((resolve) =>
    socket.on('close', () => resolve({ error })),
  );
  // A refused (reset) connection may close before or after 'connect': both count as done.
  await Promise.race([new Promise((resolve) => socket.once('connect', resolve)), ended]);
  return { socket, received: () => received, ended };
}

async function until(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('FaultProxy', () => {
  it('forwards bytes both ways and counts them', async () => {
    const echo = await echoServer();
    const proxy = await proxyTo(echo.port);
    const client = await connect(proxy.port);
    client.socket.write('hello relay');
    await until(() => client.received() === 'hello relay', 'the echo');
    expect(proxy.stats.accepted).toBe(1);
    expect(proxy.stats.bytesUp).toBe(11);
    expect(proxy.stats.bytesDown).toBe(11);
    expect(proxy.openConnections).toBe(1);
  });

  it('delays every chunk without reordering, even with jitter', async () => {
    const echo = await echoServer();
    const proxy = await proxyTo(echo.port);
    proxy.setDelay({ ms: 60, jitterMs: 40 });
    const client = await connect(proxy.port);
    const started = Date.now();
    const expected: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      expected.push(`<${i}>`);
      client.socket.write(`<${i}>`);
      if (i % 10 === 0) await sleep(3);
    }
    await until(() => client.received() === expected.join(''), 'every chunk, in order');
    // Up and down each wait at least 60 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(proxy.stats.faults.delay).toBe(1);
  });

  it('blackholes: the connection stays open but carries nothing; heal cuts it', async () => {
    const echo = await echoServer();
    const proxy = await proxyTo(echo.port);
    const client = await connect(proxy.port);
    client.socket.write('before');
    await until(() => client.received() === 'before', 'the first echo');
    expect(proxy.blackholeAll()).toBe(1);
    client.socket.write('lost in the void');
    await sleep(150);
    expect(client.received()).toBe('before');
    expect(client.socket.destroyed).toBe(false);
    proxy.heal();
    expect((await client.ended).error).toBeNull();
  });

  it('cuts with a FIN and resets with an RST', async () => {
    const echo = await echoServer();
    const proxy = await proxyTo(echo.port);
    const cut = await connect(proxy.port);
    expect(proxy.cutAll()).toBe(1);
    expect((await cut.ended).error).toBeNull();

    const reset = await connect(proxy.port);
    await until(() => proxy.openConnections === 1, 'the second connection');
    expect(proxy.resetAll()).toBe(1);
    expect((await reset.ended).error?.code).toBe('ECONNRESET');
    expect(proxy.stats.faults).toMatchObject({ cut: 1, reset: 1 });
  });

  it('partitions: open connections are reset and new ones refused until it passes', async () => {
    const echo = await echoServer();
    const proxy = await proxyTo(echo.port);
    const open = await connect(proxy.port);
    proxy.partition(300);
    expect((await open.ended).error?.code).toBe('ECONNRESET');
    const during = await connect(proxy.port);
    expect((await during.ended).error?.code).toBe('ECONNRESET');
    expect(proxy.stats.refused).toBe(1);
    const upstreamBefore = echo.connections();
    await sleep(320);
    const after = await connect(proxy.port);
    after.socket.write('back');
    await until(() => after.received() === 'back', 'an echo after the partition');
    // The refused connection never reached the relay side.
    expect(echo.connections()).toBe(upstreamBefore + 1);
  });

  it('runs a schedule of faults at their times', async () => {
    const echo = await echoServer();
    const proxy = await proxyTo(echo.port);
    const client = await connect(proxy.port);
    const started = Date.now();
    const done = proxy.runSchedule([
      { atMs: 80, fault: { kind: 'cut' } },
      { atMs: 120, fault: { kind: 'partition', forMs: 5_000 } },
      { atMs: 200, fault: { kind: 'heal' } },
    ]);
    await client.ended;
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    await sleep(150 - (Date.now() - started));
    expect(proxy.isPartitioned).toBe(true);
    await done;
    expect(proxy.isPartitioned).toBe(false);
    expect(proxy.stats.faults).toMatchObject({ cut: 1, partition: 1, heal: 1 });
  });

  it('reports an unreachable relay as an upstream failure and closes the client', async () => {
    const echo = await echoServer();
    const proxy = await proxyTo(echo.port);
    const unused = await proxyTo(1);
    const client = await connect(unused.port);
    await client.ended;
    expect(unused.stats.upstreamFailures).toBe(1);
    expect(proxy.stats.upstreamFailures).toBe(0);
  });

  it('draws the same random faults from the same seed, and heals when stopped', async () => {
    const echo = await echoServer();
    const draw = async (seed: number): Promise<ScheduledFault[]> => {
      const proxy = await proxyTo(echo.port);
      const faults: ScheduledFault[] = [];
      const stop = proxy.startRandomFaults({
        seed,
        meanIntervalMs: 5,
        weights: { delay: 1, blackhole: 1, cut: 1, reset: 1, partition: 1 },
        maxPartitionMs: 500,
        onFault: (fault) => faults.push(fault),
      });
      await until(() => faults.length >= 20, '20 faults');
      stop();
      expect(proxy.isPartitioned).toBe(false);
      return faults.slice(0, 20);
    };
    const first = await draw(7);
    expect(await draw(7)).toEqual(first);
    expect(await draw(8)).not.toEqual(first);
    expect(new Set(first.map((fault) => fault.kind)).size).toBeGreaterThanOrEqual(4);
  });

  it('seededRandom is deterministic and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    for (let i = 0; i < 1000; i += 1) {
      const value = a();
      expect(value).toBe(b());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
