import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { IPC } from '../../preload/ipc-channels';
import { createIpcHandlers, isTrustedSender } from './ipc-handlers';

function eventFrom(url: string, parent: unknown = null) {
  const sender = { id: 7 };
  return { sender, senderFrame: { url, parent } } as never;
}

describe('the IPC handler map', () => {
  it('has exactly the channels the preload uses', () => {
    expect(Object.keys(createIpcHandlers({ connectHost: vi.fn() }))).toEqual([IPC.connectHost]);
  });

  it('connects our own top-level page', () => {
    const connectHost = vi.fn();
    createIpcHandlers({ connectHost })[IPC.connectHost](
      eventFrom('app://renderer/index.html?room=x'),
    );
    expect(connectHost).toHaveBeenCalledWith({ id: 7 });
  });

  it('ignores any other sender: another origin, a subframe, a destroyed frame', () => {
    const connectHost = vi.fn();
    const handler = createIpcHandlers({ connectHost })[IPC.connectHost];
    handler(eventFrom('https://evil.example.com/'));
    handler(eventFrom('file:///tmp/page.html'));
    handler(eventFrom('app://renderer/index.html', { url: 'app://renderer/' }));
    handler({ sender: { id: 1 }, senderFrame: null } as never);
    expect(connectHost).not.toHaveBeenCalled();
    expect(isTrustedSender(eventFrom('app://renderer/'))).toBe(true);
  });
});
