import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../app';
import { FakeHost } from '../testing/fake-host';
import { buildBusyRoom } from './busy-room';
import '../styles/app.css';

/**
 * The UI against an in-memory host with a busy room, for looking at it (and screenshots) without
 * a host process: `npx vite` then open /demo.html. Not part of the build.
 */
const host = new FakeHost();
const busy = host.addRoom(
  {
    title: 'Checkout failing for most customers',
    severity: 'SEV1',
    relayUrl: 'ws://relay.example:1234',
  },
  'write',
);
buildBusyRoom(
  host.docs.get(busy.id)!,
  Date.now(),
  Number(new URLSearchParams(location.search).get('extra') ?? 0),
);
host.addRoom({ title: 'Search latency in eu-west', severity: 'SEV3' });
host.presence = [];
const params = new URLSearchParams(location.search);
if (params.get('theme') === 'light') localStorage.setItem('incident-room:theme', 'light');
else localStorage.setItem('incident-room:theme', 'dark');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App host={host} />
  </StrictMode>,
);

if (params.get('room') === 'busy') {
  // Repeated, as a real host would: the room may open after the first announcement.
  setInterval(() => {
    host.emit({
      type: 'presence',
      roomId: busy.id,
      peers: [
        {
          clientId: 1,
          userId: 'user-ic',
          name: 'Dana (IC)',
          role: 'ic',
          colour: '#6ea8fe',
          editing: null,
          self: true,
        },
        {
          clientId: 2,
          userId: 'user-bob',
          name: 'Bob',
          role: 'comms',
          colour: '#3fb950',
          editing: 'status-draft',
          self: false,
        },
        {
          clientId: 3,
          userId: 'user-priya',
          name: 'Priya',
          role: 'scribe',
          colour: '#d29922',
          editing: 'timeline',
          self: false,
        },
      ],
    });
    host.emit({
      type: 'room-status',
      status: host.status(busy.id, {
        connection: 'live',
        pendingToRelay: params.get('offline') ? 3 : 0,
        ...(params.get('offline')
          ? { connection: 'offline', offlineSince: new Date(Date.now() - 240_000).toISOString() }
          : {}),
      }),
    });
  }, 500);
}
