import type { OutboundRequest } from './webhook-request';

/** One try's answer: the status (null: none came), a reason for people, and `Retry-After`. */
export interface AttemptResult {
  readonly status: number | null;
  /** Null when delivered; never holds the target's URL or secret. */
  readonly error: string | null;
  readonly retryAfter: string | null;
}

/** How much of a refusal's body is kept as its reason (Slack answers `invalid_payload`, say). */
const REASON_CHARS = 120;
/** Bytes of a refusal's body read at most (a receiver may answer with a whole error page). */
const REASON_BYTES = 1024;

/**
 * POSTs one request with a time limit. Never throws: a refused connection, a reset or a timeout
 * is a result without a status. The reason names the status and the receiver's first words, or
 * the socket error's code, never the error's message (it could quote the URL, and a Slack URL
 * is a secret).
 */
export async function sendAttempt(
  url: string,
  request: OutboundRequest,
  timeoutMs: number,
  shutdown: AbortSignal,
): Promise<AttemptResult> {
  const signal = AbortSignal.any([shutdown, AbortSignal.timeout(timeoutMs)]);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
    });
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, error: null, retryAfter: null };
    }
    const said = (await firstWords(response)).replace(/\s+/g, ' ').trim().slice(0, REASON_CHARS);
    return {
      status: response.status,
      error: `HTTP ${response.status}${said ? `: ${said}` : ''}`,
      retryAfter: response.headers.get('retry-after'),
    };
  } catch (error) {
    return { status: null, error: networkReason(error, signal), retryAfter: null };
  }
}

/** The start of a refusal's body: a receiver's answer is read no further than a reason needs. */
async function firstWords(response: Response): Promise<string> {
  // fetch's body is a byte stream (typed loosely by the DOM lib Node's types use).
  const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array> | undefined;
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < REASON_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.byteLength;
    }
  } catch {
    // A body cut off mid-way still has its status; the reason is what arrived.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, REASON_BYTES).toString('utf8');
}

function networkReason(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'no answer in time (timed out)';
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  return code ? `no answer (${code})` : 'no answer (network error)';
}
