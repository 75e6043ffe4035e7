/**
 * Load generators run in their own processes (never in the process that hosts a relay, never in
 * the orchestrator that reads the clocks of both). The parent sends requests, the child answers
 * each one; both sides are typed by the scenario that uses them.
 */
import { fork, type ChildProcess } from 'node:child_process';

interface Request {
  id: number;
  body: unknown;
}
type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export interface LoadProcess {
  request<T>(body: unknown, timeoutMs?: number): Promise<T>;
  readonly pid: number;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills `child` when this process exits, however it exits (one hook for all children). */
export function killOnExit(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const running of children) running.kill('SIGKILL');
  });
}

export function startLoadProcess(scriptUrl: URL): LoadProcess {
  const child: ChildProcess = fork(scriptUrl, [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  killOnExit(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();
  let nextId = 1;
  child.on('message', (message: Reply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(message.error));
  });
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error('load process exited'));
    pending.clear();
  });
  if (child.pid === undefined) throw new Error('load process did not start');
  return {
    pid: child.pid,
    request: <T>(body: unknown, timeoutMs = 120_000) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`load process did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        const request: Request = { id, body };
        child.send(request);
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Child side: answer each request with the handler's result (or its error message). */
export function serveRequests(handler: (body: unknown) => Promise<unknown>): void {
  // Every y-websocket provider adds a process 'exit' listener; hundreds of clients are the point.
  process.setMaxListeners(0);
  process.on('message', (message: Request) => {
    handler(message.body).then(
      (result) => process.send?.({ id: message.id, ok: true, result } satisfies Reply),
      (error: unknown) =>
        process.send?.({
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        } satisfies Reply),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `condition` holds; false on timeout (the caller reports what was missing). */
export async function pollUntil(
  condition: () => boolean,
  timeoutMs: number,
  everyMs = 20,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}
