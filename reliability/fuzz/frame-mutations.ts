/**
 * Frames for fuzzing the relay: valid y-protocols messages (sync step 1 and 2, updates,
 * awareness, awareness queries) built from real documents, and mutations of them that keep
 * enough structure to get past the first byte: bit flips, truncation, appended garbage, length
 * fields that lie, huge varints, and splices of two frames.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { buildSeed000Room } from '../../shared/fixtures';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/protocol/relay-protocol';
import {
  awarenessFrame,
  awarenessUpdate,
  lineUpdate,
  syncStep1Frame,
  syncStep2Frame,
  updateFrame,
} from '../../server/testing/raw-relay-socket';
import { pick, randomInt, type Random } from '../fault-proxy/seeded-random';

export const MUTATIONS = [
  'bit-flip',
  'truncate',
  'append',
  'length-lie',
  'huge-varint',
  'splice',
  'random-bytes',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** Valid frames a client could send, from small to a whole incident room (seed-000). */
export function validFrames(): Uint8Array[] {
  const room = new Y.Doc();
  buildSeed000Room(room);
  const roomUpdate = Y.encodeStateAsUpdate(room);
  const small = new Y.Doc();
  const line = lineUpdate('fuzz line', small);
  return [
    syncStep1Frame(new Y.Doc()),
    syncStep1Frame(room),
    syncStep2Frame(line),
    syncStep2Frame(roomUpdate),
    updateFrame(line),
    updateFrame(lineUpdate('second line', small)),
    updateFrame(roomUpdate),
    awarenessFrame(awarenessUpdate(424_242, 1, { name: 'Fuzz', role: 'scribe' })),
    awarenessFrame(awarenessUpdate(424_243, 7, null)),
    Uint8Array.from([3]),
  ];
}

/** A varint that decodes to a number far past anything a frame could hold (or past 2^53). */
function hugeVarint(random: Random): Uint8Array {
  const length = 6 + randomInt(random, 8);
  const bytes = new Uint8Array(length);
  bytes.fill(0xff, 0, length - 1);
  bytes[length - 1] = 0x7f;
  return bytes;
}

export function mutate(
  frame: Uint8Array,
  mutation: Mutation,
  random: Random,
  other: Uint8Array,
): Uint8Array {
  switch (mutation) {
    case 'bit-flip': {
      const out = Uint8Array.from(frame);
      const flips = 1 + randomInt(random, 8);
      for (let i = 0; i < flips && out.length > 0; i += 1) {
        const at = randomInt(random, out.length);
        out[at] = (out[at] ?? 0) ^ (1 << randomInt(random, 8));
      }
      return out;
    }
    case 'truncate':
      return frame.subarray(0, randomInt(random, frame.length));
    case 'append': {
      const extra = new Uint8Array(1 + randomInt(random, 16));
      for (let i = 0; i < extra.length; i += 1) extra[i] = randomInt(random, 256);
      return Uint8Array.from([...frame, ...extra]);
    }
    case 'length-lie': {
      // Every frame here is type · (sync step ·) varUint8Array(payload): rewrite the payload
      // length to a different value and keep the payload, so the length lies.
      const typeAndStep = frame[0] === MESSAGE_SYNC ? 2 : frame[0] === MESSAGE_AWARENESS ? 1 : 0;
      if (typeAndStep === 0) return Uint8Array.from([...frame, 0x80]);
      let at = typeAndStep;
      while (at < frame.length && (frame[at] ?? 0) & 0x80) at += 1;
      const payload = frame.subarray(at + 1);
      const encoder = encoding.createEncoder();
      for (let i = 0; i < typeAndStep; i += 1) encoding.writeUint8(encoder, frame[i] ?? 0);
      const lie =
        random() < 0.5
          ? payload.length + 1 + randomInt(random, 1 << 20)
          : randomInt(random, Math.max(1, payload.length));
      encoding.writeVarUint(encoder, lie);
      encoding.writeUint8Array(encoder, payload);
      return encoding.toUint8Array(encoder);
    }
    case 'huge-varint': {
      const at = randomInt(random, Math.min(frame.length, 4) + 1);
      return Uint8Array.from([
        ...frame.subarray(0, at),
        ...hugeVarint(random),
        ...frame.subarray(at),
      ]);
    }
    case 'splice': {
      const cut = randomInt(random, frame.length + 1);
      const from = randomInt(random, other.length + 1);
      return Uint8Array.from([...frame.subarray(0, cut), ...other.subarray(from)]);
    }
    case 'random-bytes': {
      const out = new Uint8Array(randomInt(random, 64));
      for (let i = 0; i < out.length; i += 1) out[i] = randomInt(random, 256);
      // Keep a plausible message type in front half the time.
      if (out.length > 0 && random() < 0.5) out[0] = pick(random, [0, 1, 3]);
      return out;
    }
  }
}
