import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Which of `pids` holds the TCP socket whose local port is `port` (Linux: /proc/net/tcp gives
 * the socket's inode, /proc/<pid>/fd the processes' sockets), or null. Tests use it to tell
 * which relay process sent a request a loopback receiver holds: the request's remote port is
 * the sender's local port. Throws where /proc is not there, rather than guess.
 */
export function processOwningPort(port: number, pids: readonly number[]): number | null {
  const inodes = new Set<string>();
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((path) => {
    try {
      return [readFileSync(path, 'utf8')];
    } catch {
      return []; // no IPv6 here, say
    }
  });
  if (tables.length === 0) throw new Error('processOwningPort needs Linux /proc/net/tcp');
  for (const text of tables) {
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const inode = fields[9];
      if (!local || !inode || inode === '0') continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(inode);
    }
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // that process has exited
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue; // closed meanwhile
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return pid;
    }
  }
  return null;
}
