/**
 * Where each client of a room connects in the several-relays benchmark: the writer (client 0) on
 * relay `room mod relays`, so writers spread evenly, and every reader on one of the other relays,
 * taken in turn, so every delivery the benchmark measures crosses from one relay to another.
 */
export function clusterPlacement(room: number, clients: number, relays: number): number[] {
  if (relays < 2) throw new RangeError('readers can only be on other relays with at least two');
  const writer = room % relays;
  const readers = Array.from(
    { length: clients - 1 },
    (_, reader) => (writer + 1 + (reader % (relays - 1))) % relays,
  );
  return [writer, ...readers];
}
