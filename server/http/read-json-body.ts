import type { IncomingMessage } from 'node:http';

export class RequestBodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads and parses a JSON body of at most `maxBytes`. Stops reading as soon as the limit is
 * passed, so an oversize body costs the relay no more than the limit.
 */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new RequestBodyError(400, `the body is larger than ${maxBytes} bytes`);
  }
  const type = request.headers['content-type'] ?? '';
  if (type !== '' && !/^application\/json\b/i.test(type)) {
    throw new RequestBodyError(400, 'send the body as application/json');
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    received += chunk.byteLength;
    if (received > maxBytes) {
      throw new RequestBodyError(400, `the body is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestBodyError(400, 'the body is not valid JSON');
  }
}
