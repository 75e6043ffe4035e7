import { useEffect, useState } from 'react';
import type { RoomSummary } from '../../shared/channel/host-api';
import type { HostConnection } from './host/host-connection';

/** Placeholder shell until the room UI lands: proves the channel end to end. */
export function App({ host }: { host: HostConnection }) {
  const [rooms, setRooms] = useState<RoomSummary[] | null>(null);
  useEffect(() => {
    void host.api['rooms.list']({}).then(setRooms);
  }, [host]);
  return (
    <main>
      <h1>Incident Room</h1>
      <section aria-label="Rooms">
        {rooms === null ? <p>Loading rooms…</p> : <p>{rooms.length} rooms</p>}
      </section>
    </main>
  );
}
