import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memTotalGiB: number;
  memFreeGiB: number;
  node: string;
  uptime: string;
  loadavg: number[];
}

/** `uptime`'s line, or the load averages when the command is missing. */
export function uptimeLine(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')}`;
  }
}

export function machineInfo(): MachineInfo {
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memTotalGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    memFreeGiB: Number((freemem() / 2 ** 30).toFixed(1)),
    node: process.version,
    uptime: uptimeLine(),
    loadavg: loadavg().map((n) => Number(n.toFixed(2))),
  };
}

/** User + system CPU time of a process in milliseconds, from /proc (clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) * 10;
}
