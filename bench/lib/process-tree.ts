/**
 * Memory and CPU of servers the bench did not spawn itself (Redis and PostgreSQL, started by the
 * test helpers), found in /proc by their command line, and of PostgreSQL's process tree.
 */
import { readdirSync, readFileSync } from 'node:fs';

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    // The process ended between listing and reading: it holds nothing any more.
    return null;
  }
}

function livePids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** The one process whose command line (arguments joined by spaces) matches; throws otherwise. */
export function findProcess(pattern: RegExp): number {
  const found = livePids().filter((pid) => {
    const cmdline = readProc(pid, 'cmdline');
    return cmdline !== null && pattern.test(cmdline.replaceAll('\0', ' ').trim());
  });
  if (found.length !== 1) {
    throw new Error(`${found.length} processes match ${String(pattern)}, expected one`);
  }
  return found[0]!;
}

/** `/proc/<pid>/stat` fields after the command name (which may hold spaces), 0-based from state. */
function statFields(pid: number): string[] | null {
  const stat = readProc(pid, 'stat');
  return stat === null ? null : stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** The live children of `pid`. */
export function childPids(pid: number): number[] {
  return livePids().filter((child) => Number(statFields(child)?.[1]) === pid);
}

/**
 * CPU time of a process and all it started, ms: its own user + system time, its reaped
 * children's (PostgreSQL's backends come and go), and its live children's.
 */
export function processTreeCpuMs(pid: number): number {
  const ticks = (fields: string[] | null, from: number, to: number): number =>
    fields === null ? 0 : fields.slice(from, to + 1).reduce((sum, value) => sum + Number(value), 0);
  // Fields 14–17 of stat (utime, stime, cutime, cstime) are 11–14 here; clock ticks of 10 ms.
  const own = ticks(statFields(pid), 11, 14);
  const children = childPids(pid).reduce((sum, child) => sum + ticks(statFields(child), 11, 12), 0);
  return (own + children) * 10;
}

/** A `kB` line of a /proc file (VmRSS in status, Pss in smaps_rollup), in bytes; 0 when gone. */
function kBLine(pid: number, file: string, name: string): number {
  const text = readProc(pid, file);
  const match = text === null ? null : new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
  return match?.[1] ? Number(match[1]) * 1024 : 0;
}

/**
 * Proportional set size of a process and its live children, bytes: shared memory (PostgreSQL's
 * shared buffers, mapped by every backend) counted once in all, not once per process.
 */
export function processTreePssBytes(pid: number): number {
  return [pid, ...childPids(pid)].reduce(
    (sum, each) => sum + kBLine(each, 'smaps_rollup', 'Pss'),
    0,
  );
}

export interface PeakSampler {
  /** Stops sampling; the largest value each probe gave (one last sample included). */
  stop(): number[];
}

/**
 * Samples each probe every `everyMs` until stopped and keeps its largest value: the memory a
 * server needed at its busiest, not what it holds once the clients have gone.
 */
export function samplePeaks(probes: readonly (() => number)[], everyMs = 1_000): PeakSampler {
  const peaks = probes.map(() => 0);
  const sample = (): void => {
    probes.forEach((probe, index) => {
      peaks[index] = Math.max(peaks[index]!, probe());
    });
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return [...peaks];
    },
  };
}
