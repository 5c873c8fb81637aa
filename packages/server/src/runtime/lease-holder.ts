import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LeaseHolder } from '../storage/repositories/leases-repo.js';

/**
 * This process as a lease holder. The owner id is the configured node id plus a random part drawn
 * once per process: a node id comes from a shared data dir or `WAGW_NODE_ID` and may be shared by
 * two processes, and two processes must never both think they hold a session.
 */
export function processHolder(nodeId: string): { owner: string; holder: LeaseHolder } {
  return {
    owner: `${nodeId}/${randomBytes(6).toString('hex')}`,
    holder: { host: thisHost(), pid: process.pid },
  };
}

/**
 * Proof that a lease holder no longer exists, so a restarted process need not wait out the lease
 * after a crash: the holder ran on this host, in this PID namespace, and its pid is not running.
 * Anything less (another host, another container, a pid that is alive — even a reused one — or
 * this very process) is no proof, and the lease is left to expire.
 */
export function holderIsGone(holder: LeaseHolder): boolean {
  if (holder.host !== thisHost() || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

let host: string | undefined;

/** Hostname plus the PID namespace where the OS shows it (Linux): pids mean nothing across them. */
function thisHost(): string {
  if (host !== undefined) return host;
  let namespace = '';
  try {
    namespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not Linux (or no /proc): the hostname alone names the pid space.
  }
  host = namespace ? `${hostname()} ${namespace}` : hostname();
  return host;
}
