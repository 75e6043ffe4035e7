/**
 * How channel messages travel over a websocket: Yjs frames as binary (they are binary and hot:
 * every keystroke in the status draft is one), everything else as JSON text. A MessagePort
 * carries `ChannelMessage` objects as they are, so it needs no codec.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';
import { formatValidationError } from '../util/validation-message';
import type { ChannelMessage, DocFrameMessage, DocFrameType } from './messages';

// The index is the wire byte: append new types, never reorder.
const FRAME_TYPES: readonly DocFrameType[] = ['sync', 'saved', 'awareness'];
/** Longest room id accepted in a frame; room ids are far shorter (see ROOM_ID_PATTERN). */
const MAX_ROOM_ID_LENGTH = 128;

export class ChannelDecodeError extends Error {
  override name = 'ChannelDecodeError';
}

export function encodeDocFrame(message: DocFrameMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, FRAME_TYPES.indexOf(message.frame));
  encoding.writeVarString(encoder, message.roomId);
  encoding.writeVarUint8Array(encoder, message.data);
  return encoding.toUint8Array(encoder);
}

export function decodeDocFrame(bytes: Uint8Array): DocFrameMessage {
  try {
    const decoder = decoding.createDecoder(bytes);
    const frame = FRAME_TYPES[decoding.readUint8(decoder)];
    if (frame === undefined) throw new ChannelDecodeError('unknown doc frame type');
    const roomId = decoding.readVarString(decoder);
    if (roomId.length === 0 || roomId.length > MAX_ROOM_ID_LENGTH) {
      throw new ChannelDecodeError('bad room id in doc frame');
    }
    const data = decoding.readVarUint8Array(decoder);
    if (decoding.hasContent(decoder)) throw new ChannelDecodeError('trailing bytes in doc frame');
    return { kind: 'doc', roomId, frame, data };
  } catch (error) {
    if (error instanceof ChannelDecodeError) throw error;
    throw new ChannelDecodeError('truncated or malformed doc frame');
  }
}

const errorSchema = z.object({ code: z.string(), message: z.string() });
const textMessageSchema = z.union([
  z.object({
    kind: z.literal('request'),
    id: z.number().int().nonnegative(),
    method: z.string().min(1).max(100),
    params: z.unknown(),
  }),
  z.object({
    kind: z.literal('response'),
    id: z.number().int().nonnegative(),
    ok: z.literal(true),
    result: z.unknown(),
  }),
  z.object({
    kind: z.literal('response'),
    id: z.number().int().nonnegative(),
    ok: z.literal(false),
    error: errorSchema,
  }),
  // Events are produced only by the host, which the renderer trusts; their payload is typed there.
  z.object({ kind: z.literal('event'), event: z.object({ type: z.string() }).passthrough() }),
]);

export function encodeForWire(message: ChannelMessage): string | Uint8Array {
  return message.kind === 'doc' ? encodeDocFrame(message) : JSON.stringify(message);
}

export function decodeFromWire(data: string | Uint8Array): ChannelMessage {
  if (typeof data !== 'string') return decodeDocFrame(data);
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new ChannelDecodeError('channel text frame is not JSON');
  }
  return validateChannelMessage(parsed);
}

const docObjectSchema = z.object({
  kind: z.literal('doc'),
  roomId: z.string().min(1).max(MAX_ROOM_ID_LENGTH),
  frame: z.enum(['sync', 'saved', 'awareness']),
  data: z.instanceof(Uint8Array),
});

/**
 * Checks a message that arrived as an object (over a MessagePort, by structured clone): the
 * same rules as the websocket codec, because the other end is just as untrusted.
 */
export function validateChannelMessage(value: unknown): ChannelMessage {
  if (typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'doc') {
    const doc = docObjectSchema.safeParse(value);
    if (!doc.success)
      throw new ChannelDecodeError(`bad doc frame: ${formatValidationError(doc.error)}`);
    return doc.data;
  }
  const result = textMessageSchema.safeParse(value);
  if (!result.success)
    throw new ChannelDecodeError(`bad channel message: ${formatValidationError(result.error)}`);
  return result.data as ChannelMessage;
}
