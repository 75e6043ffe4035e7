/** Request/response plumbing over any channel transport, shared by both ends. */
import { formatValidationError } from '../util/validation-message';
import { hostApiParams } from './host-api';
import type { HostApi, HostCaller, HostHandlers, HostMethod } from './host-api';
import type { ChannelError, RequestMessage, ResponseMessage } from './messages';

/** A refusal a handler wants the caller to see as-is (code + one sentence). */
export class HostRequestError extends Error {
  override name = 'HostRequestError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function isHostMethod(method: string): method is HostMethod {
  return Object.prototype.hasOwnProperty.call(hostApiParams, method);
}

/** Host side: validates params, runs the handler, always answers (never throws). */
export async function answerRequest(
  handlers: HostHandlers,
  request: RequestMessage,
  caller: HostCaller,
): Promise<ResponseMessage> {
  const fail = (error: ChannelError): ResponseMessage => ({
    kind: 'response',
    id: request.id,
    ok: false,
    error,
  });
  if (!isHostMethod(request.method)) {
    return fail({ code: 'unknown-method', message: `No host method "${request.method}".` });
  }
  const parsed = hostApiParams[request.method].safeParse(request.params ?? {});
  if (!parsed.success) {
    return fail({ code: 'invalid-params', message: formatValidationError(parsed.error) });
  }
  try {
    // The map is indexed by the validated method, so the params match the handler; TypeScript
    // cannot correlate the two through the union, hence the single widening here.
    const handler = handlers[request.method] as (p: unknown, c: HostCaller) => unknown;
    const result = await handler(parsed.data, caller);
    return { kind: 'response', id: request.id, ok: true, result: result ?? null };
  } catch (error) {
    if (error instanceof HostRequestError || hasCode(error)) {
      return fail({ code: error.code, message: error.message });
    }
    const message = error instanceof Error ? error.message : String(error);
    return fail({ code: 'internal', message });
  }
}

function hasCode(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.length > 0;
}

/** Renderer side: a typed client whose every method is a request on the channel. */
export function createHostClient(sendRequest: (request: RequestMessage) => void): {
  api: HostApi;
  receiveResponse(response: ResponseMessage): void;
  failAll(error: ChannelError): void;
} {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const call = (method: HostMethod, params: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      sendRequest({ kind: 'request', id, method, params });
    });
  const api = Object.fromEntries(
    Object.keys(hostApiParams).map((method) => [
      method,
      (params: unknown) => call(method as HostMethod, params),
    ]),
  ) as HostApi;
  return {
    api,
    receiveResponse(response) {
      const pending = waiting.get(response.id);
      if (!pending) return;
      waiting.delete(response.id);
      if (response.ok) pending.resolve(response.result);
      else pending.reject(new HostRequestError(response.error.code, response.error.message));
    },
    failAll(error) {
      for (const pending of waiting.values()) {
        pending.reject(new HostRequestError(error.code, error.message));
      }
      waiting.clear();
    },
  };
}
