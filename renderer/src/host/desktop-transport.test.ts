import { describe, expect, it, vi } from 'vitest';
import { HOST_PORT_MESSAGE, type DesktopApi } from '../../../shared/desktop/desktop-api';
import { connectDesktopTransport, desktopApi, seedRoomFromUrl } from './desktop-transport';

type Listener = (event: unknown) => void;

/** Just enough of a Window: message listeners and the preload global. */
function fakeWindow(extra: Record<string, unknown> = {}) {
  const listeners = new Set<Listener>();
  const target = {
    ...extra,
    addEventListener: (_type: string, listener: Listener) => listeners.add(listener),
    removeEventListener: (_type: string, listener: Listener) => listeners.delete(listener),
    dispatch(event: unknown) {
      for (const listener of [...listeners]) listener(event);
    },
    listenerCount: () => listeners.size,
  };
  return target;
}

describe('desktopApi', () => {
  it('finds the preload API only when it has the named shape', () => {
    const api: DesktopApi = { platform: 'linux', connectHost: () => undefined };
    expect(desktopApi(fakeWindow({ incidentRoomDesktop: api }) as never)).toBe(api);
    expect(desktopApi(fakeWindow() as never)).toBeUndefined();
    expect(desktopApi(fakeWindow({ incidentRoomDesktop: { invoke: () => 1 } }) as never)).toBe(
      undefined,
    );
  });
});

describe('connectDesktopTransport', () => {
  it('listens before asking, takes only our own port message, and carries channel messages', async () => {
    const target = fakeWindow();
    const { port1, port2 } = new MessageChannel();
    const api: DesktopApi = {
      platform: 'linux',
      connectHost: vi.fn(() => {
        expect(target.listenerCount()).toBe(1);
        // Someone else's message, and ours without a port, are ignored.
        target.dispatch({ source: {}, data: { type: HOST_PORT_MESSAGE }, ports: [port1] });
        target.dispatch({ source: target, data: { type: HOST_PORT_MESSAGE }, ports: [] });
        target.dispatch({ source: target, data: { type: HOST_PORT_MESSAGE }, ports: [port1] });
      }),
    };
    const transport = await connectDesktopTransport(api, target as never, 1000);
    expect(target.listenerCount()).toBe(0);
    const received = new Promise<unknown>((resolve) =>
      port2.addEventListener('message', (event) => resolve(event.data), { once: true }),
    );
    port2.start();
    transport.send({ kind: 'event', event: { type: 'rooms-changed' } });
    expect(await received).toEqual({ kind: 'event', event: { type: 'rooms-changed' } });
    transport.close();
    port2.close();
  });

  it('gives up with a clear error when the shell never answers', async () => {
    const target = fakeWindow();
    await expect(
      connectDesktopTransport(
        { platform: 'linux', connectHost: () => undefined },
        target as never,
        20,
      ),
    ).rejects.toThrow(/did not hand this window a host channel/);
    expect(target.listenerCount()).toBe(0);
  });
});

describe('seedRoomFromUrl', () => {
  it('asks the app to reopen the room named in ?room=, ignoring junk', () => {
    const storage = new Map<string, string>();
    const fakeStorage = {
      setItem: (k: string, v: string) => storage.set(k, v),
    } as unknown as Storage;
    seedRoomFromUrl({ search: '?room=abc123' } as Location, fakeStorage);
    expect(storage.get('incident-room:open-room')).toBe('abc123');
    storage.clear();
    seedRoomFromUrl({ search: '?room=../../x' } as Location, fakeStorage);
    seedRoomFromUrl({ search: '' } as Location, fakeStorage);
    expect(storage.size).toBe(0);
  });
});
