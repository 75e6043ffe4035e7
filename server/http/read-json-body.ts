import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { formatValidationError } from '../../shared/util/validation-message';

/** A body the route may use, or why not: the status and message to answer with. */
export type BodyResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly status: 400 | 413; readonly message: string };

export interface ReadBodyOptions {
  readonly maxBytes: number;
  /** What an empty or `null` body stands for (`POST /rooms` takes it as `{}`); by default, nothing. */
  readonly emptyBody?: unknown;
}

/**
 * The one way a relay route takes a request body: read it as JSON (at most `maxBytes`, checked
 * while reading, so an oversize body costs no more than the limit) and validate it with
 * `schema`. A refusal says what was wrong in the shared validation style (`path: reason`).
 */
export async function readValidJsonBody<S extends z.ZodType>(
  request: IncomingMessage,
  schema: S,
  options: ReadBodyOptions,
): Promise<BodyResult<z.output<S>>> {
  const read = await readJsonBody(request, options);
  if (!read.ok) return read;
  const parsed = schema.safeParse(read.value ?? options.emptyBody);
  if (!parsed.success) {
    return { ok: false, status: 400, message: formatValidationError(parsed.error) };
  }
  return { ok: true, value: parsed.data };
}

async function readJsonBody(
  request: IncomingMessage,
  options: ReadBodyOptions,
): Promise<BodyResult<unknown>> {
  const { maxBytes } = options;
  const tooLarge = tooLargeRefusal(maxBytes);
  const type = request.headers['content-type'] ?? '';
  if (type !== '' && !/^application\/json\b/i.test(type)) {
    // An oversize body still hears 413 first: that is the answer a client must act on.
    if (declaredTooLarge(request, maxBytes)) return tooLarge;
    return { ok: false, status: 400, message: 'send the body as application/json' };
  }
  const bytes = await readBodyBytes(request, maxBytes);
  if (!bytes.ok) return bytes;
  const text = bytes.value.toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'the body is not valid JSON' };
  }
}

// 413 (Content Too Large) for every route: the client can tell "split it and retry" apart from a
// body that is wrong (400).
function tooLargeRefusal(maxBytes: number) {
  return { ok: false, status: 413, message: `the body is larger than ${maxBytes} bytes` } as const;
}

function declaredTooLarge(request: IncomingMessage, maxBytes: number): boolean {
  const declared = Number(request.headers['content-length'] ?? NaN);
  return Number.isFinite(declared) && declared > maxBytes;
}

/**
 * The request body's exact bytes, at most `maxBytes` (checked while reading, so an oversize body
 * costs no more than the limit). Webhook signatures are over these bytes, not over parsed JSON.
 */
export async function readBodyBytes(
  request: IncomingMessage,
  maxBytes: number,
): Promise<BodyResult<Buffer>> {
  if (declaredTooLarge(request, maxBytes)) return tooLargeRefusal(maxBytes);
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    received += chunk.byteLength;
    if (received > maxBytes) return tooLargeRefusal(maxBytes);
    chunks.push(chunk);
  }
  return { ok: true, value: Buffer.concat(chunks) };
}
