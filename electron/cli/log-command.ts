import type { Command } from 'commander';
import { UsageError, CliError } from './cli-error';
import { cliCommand, type Print } from './command-line';
import { roomKeyOption } from './team-relay';

export const LOG_USAGE = `usage: incident-room log --relay URL --room ID (--key KEY | --team-key KEY) "text"
                        [--kind KIND] [--at TIME] [--milestone NAME] [--author NAME]
Logs a timeline entry into a room through the relay's events API (what a rollback script or an
alert hook calls). The relay's team key writes to any of its rooms. TIME is ISO-8601 (e.g. 2024-12-11T14:47:00Z); NAME is one of impactStarted,
detected, acknowledged, declared, mitigated, resolved.`;

export interface LogRequest {
  relay: string;
  room: string;
  key: string;
  body: { text: string; kind?: string; at?: string; milestone?: string; author?: string };
}

interface LogOptions {
  relay?: string;
  room?: string;
  key?: string;
  teamKey?: string;
  kind?: string;
  at?: string;
  milestone?: string;
  author?: string;
}

/** `incident-room log`: parses its arguments and posts the entry. */
export function logCommand(print: Print): Command {
  return cliCommand('log', LOG_USAGE)
    .option('--relay <url>')
    .option('--room <id>')
    .option('--key <key>')
    .option('--team-key <key>')
    .option('--kind <kind>')
    .option('--at <time>')
    .option('--milestone <name>')
    .option('--author <name>')
    .argument('[text...]')
    .action((words: string[], options: LogOptions) => runLog(logRequest(words, options), print));
}

function logRequest(words: readonly string[], values: LogOptions): LogRequest {
  // Every missing flag at once, not one per attempt.
  const key = roomKeyOption(values);
  const missing = (['relay', 'room'] as const)
    .filter((name) => !values[name])
    .map((name) => `--${name}`);
  if (!key) missing.push('--key (or --team-key)');
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(', ')}`);
  const text = words.join(' ').trim();
  if (!text) throw new UsageError('the entry text is missing');
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
  return { relay: values.relay!, room: values.room!, key: key!, body };
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

async function runLog(request: LogRequest, print: Print): Promise<void> {
  const url = eventsUrl(request.relay, request.room);
  let response: Response;
  try {
    response = await fetch(url, {
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
