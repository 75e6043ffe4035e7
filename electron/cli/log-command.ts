import { parseArgs } from 'node:util';
import { attachDashedValues } from './attach-dashed-values';
import { UsageError, CliError } from './cli-error';

export const LOG_USAGE = `usage: incident-room log --relay URL --room ID --key KEY "text"
                        [--kind KIND] [--at TIME] [--milestone NAME] [--author NAME]
Logs a timeline entry into a room through the relay's events API (what a rollback script or an
alert hook calls). TIME is ISO-8601 (e.g. 2024-12-11T14:47:00Z); NAME is one of impactStarted,
detected, acknowledged, declared, mitigated, resolved.`;

export interface LogRequest {
  relay: string;
  room: string;
  key: string;
  body: { text: string; kind?: string; at?: string; milestone?: string; author?: string };
}

const LOG_OPTIONS = {
  relay: { type: 'string' },
  room: { type: 'string' },
  key: { type: 'string' },
  kind: { type: 'string' },
  at: { type: 'string' },
  milestone: { type: 'string' },
  author: { type: 'string' },
} as const;

export function parseLogArgs(args: string[]): LogRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: attachDashedValues(args, LOG_OPTIONS),
      allowPositionals: true,
      options: LOG_OPTIONS,
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${LOG_USAGE}`);
  }
  const { values, positionals } = parsed;
  const missing = (['relay', 'room', 'key'] as const).filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}\n${LOG_USAGE}`);
  }
  const text = positionals.join(' ').trim();
  if (!text) throw new UsageError(`the entry text is missing\n${LOG_USAGE}`);
  if (values.at !== undefined && Number.isNaN(Date.parse(values.at))) {
    throw new UsageError(
      `--at "${values.at}" is not a time; use ISO-8601 such as 2024-12-11T14:47:00Z`,
    );
  }
  const body: LogRequest['body'] = { text };
  if (values.kind) body.kind = values.kind;
  if (values.at) body.at = new Date(values.at).toISOString();
  if (values.milestone) body.milestone = values.milestone;
  if (values.author) body.author = values.author;
  return { relay: values.relay!, room: values.room!, key: values.key!, body };
}

function eventsUrl(relay: string, room: string): string {
  let base: URL;
  try {
    base = new URL(relay);
  } catch {
    throw new UsageError(`--relay "${relay}" is not a URL`);
  }
  // People paste the websocket URL they were given; the events API is on the same host over HTTP.
  if (base.protocol === 'ws:') base.protocol = 'http:';
  if (base.protocol === 'wss:') base.protocol = 'https:';
  return new URL(
    `rooms/${encodeURIComponent(room)}/events`,
    base.href.endsWith('/') ? base : `${base.href}/`,
  ).href;
}

export async function runLog(args: string[], print: (line: string) => void): Promise<void> {
  const request = parseLogArgs(args);
  let response: Response;
  try {
    response = await fetch(eventsUrl(request.relay, request.room), {
      method: 'POST',
      headers: { authorization: `Bearer ${request.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new CliError(
      `could not reach the relay at ${request.relay}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const text = await response.text();
  let payload: unknown = null;
  try {
    payload = JSON.parse(text);
  } catch {
    // A proxy's HTML error page, say; reported below with the status.
  }
  if (response.status !== 201) {
    const reason =
      payload && typeof payload === 'object' && 'error' in payload
        ? String(payload.error)
        : text.slice(0, 200);
    throw new CliError(`the relay refused the entry (${response.status}): ${reason}`);
  }
  const id = payload && typeof payload === 'object' && 'id' in payload ? String(payload.id) : '';
  print(`logged ${id}`);
}
