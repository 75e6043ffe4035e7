import { verdictOf, type AttemptVerdict } from './retry-policy';
import type { OutboundRequest } from './webhook-request';

/**
 * One try's answer: what it means, the status (an HTTP status, or an SMTP reply code for email;
 * null: none came), a reason for people, and `Retry-After`.
 */
export interface AttemptResult {
  readonly verdict: AttemptVerdict;
  readonly status: number | null;
  /** Null when delivered; never holds the target's URL or secret. */
  readonly error: string | null;
  readonly retryAfter: string | null;
  /** A 2xx answer's body, when the request asked for it (`readAnswer`): a created id, say. */
  readonly answer?: string;
}

/** How much of a refusal's body is kept as its reason (Slack answers `invalid_payload`, say). */
const REASON_CHARS = 120;
/** Bytes of a refusal's body read at most (a receiver may answer with a whole error page). */
const REASON_BYTES = 1024;
/** Bytes of an answer read at most when a request needs it (a Statuspage incident is ~2 KB). */
const ANSWER_BYTES = 256 * 1024;

/**
 * Sends one HTTP request (POST unless it says otherwise) with a time limit. Never throws: a refused connection, a reset or a timeout
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
      method: request.method ?? 'POST',
      headers: request.headers,
      body: request.method === 'GET' ? undefined : request.body, // fetch refuses a GET body
      redirect: 'manual',
      signal,
    });
    if (response.status >= 200 && response.status < 300) {
      const answer = request.readAnswer ? await firstWords(response, ANSWER_BYTES) : undefined;
      if (!request.readAnswer) await response.body?.cancel().catch(() => undefined);
      return {
        verdict: 'delivered',
        status: response.status,
        error: null,
        retryAfter: null,
        answer,
      };
    }
    const said = (await firstWords(response, REASON_BYTES))
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, REASON_CHARS);
    return {
      verdict: verdictOf(response.status),
      status: response.status,
      error: `HTTP ${response.status}${said ? `: ${said}` : ''}`,
      retryAfter: response.headers.get('retry-after'),
    };
  } catch (error) {
    return {
      verdict: 'retry',
      status: null,
      error: networkReason(error, signal),
      retryAfter: null,
    };
  }
}

/** The start of an answer's body: read no further than `limit` bytes (a reason, an id). */
async function firstWords(response: Response, limit: number): Promise<string> {
  // fetch's body is a byte stream (typed loosely by the DOM lib Node's types use).
  const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array> | undefined;
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < limit) {
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
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function networkReason(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'no answer in time (timed out)';
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  return code ? `no answer (${code})` : 'no answer (network error)';
}
