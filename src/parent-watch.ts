import { readFileSync } from 'node:fs';

/** How often the parent is checked. npm and the OS give no event for it. */
const POLL_MS = 1000;

/**
 * Calls `onGone` once when the process that started this one exits. npm does not pass
 * SIGTERM on to its script (`kill -TERM <npm>` or `docker stop` on an `npm start`
 * container ends npm and leaves the script running), so the service stops by itself
 * when it is orphaned.
 *
 * Watches the parent's pid, and on Linux also the grandparent's: under `npm start` the
 * parent is npm's `sh -c`, which may outlive npm. A process started by PID 1 (a container's
 * entry point, systemd) is never orphaned. Returns a function that stops watching; the
 * timer never keeps the process alive.
 */
export function watchParent(onGone: (reason: string) => void, { intervalMs = POLL_MS }: { intervalMs?: number } = {}): () => void {
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  const timer = setInterval(() => {
    let reason: string | null = null;
    if (process.ppid !== parent) reason = `parent process ${parent} exited`;
    else if (grandparent !== null && parentOf(parent) !== grandparent) reason = `process ${grandparent} that started it exited`;
    if (reason === null) return;
    clearInterval(timer);
    onGone(reason);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The parent pid of `pid` from /proc (Linux), or null when it cannot be read or is init. */
function parentOf(pid: number): number | null {
  if (pid <= 1) return null;
  try {
    // /proc/PID/stat is "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 1 ? ppid : null;
  } catch {
    return null;
  }
}
