/**
 * Patroni cannot start PostgreSQL until it reads the cluster from its DCS, and it never gives up
 * trying: every 5 s it logs `waiting on etcd` (after the ERROR that says why). pgdrill starts
 * Patroni only once etcd answers healthy, so a node that keeps doing that and nothing else is not
 * waiting for etcd to come up: its configuration cannot reach the DCS (seed 002's `etcd:` asks
 * for the v2 API etcd 3.4 ships without) and waiting out the timeout tells nobody anything more.
 */

/** Tries in a row, every node, before the wait is called off: about 30 s of Patroni's 5-s retries. */
export const DCS_STALL_TRIES = 6;

/** A Patroni log entry: `2026-12-04 16:31:31,262 ERROR: …` (Python logging's default asctime). */
const PATRONI_ENTRY = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (\w+): (.*)$/;
/** Any timestamped line, Patroni's or PostgreSQL's (`2026-12-04 16:31:31.262 UTC [42] LOG: …`). */
const ENTRY = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/;
const WAITING_ON = /^waiting on (\w+)/;

/** How one node's log reads: still only retrying its DCS (how often, on what), or doing something else. */
function dcsRetries(log: string): { tries: number; dcs: string } | undefined {
  let tries = 0;
  let dcs = '';
  for (const line of log.split('\n')) {
    if (!ENTRY.test(line)) continue; // a traceback's continuation, the entrypoint's own lines
    const entry = PATRONI_ENTRY.exec(line);
    if (!entry) return undefined; // PostgreSQL wrote: it was started
    const [, level, message] = entry as unknown as [string, string, string];
    const waiting = WAITING_ON.exec(message);
    if (level === 'INFO' && waiting) {
      tries++;
      dcs = waiting[1]!;
    } else if (level !== 'ERROR' && level !== 'WARNING' && level !== 'CRITICAL') return undefined;
  }
  return tries > 0 ? { tries, dcs } : undefined;
}

/**
 * Why the cluster will not form, when every node's log (Patroni's and PostgreSQL's, as
 * PgNode.logs() reads them) holds nothing but DCS retries, at least DCS_STALL_TRIES each;
 * undefined while any node does anything else or has retried fewer times.
 */
export function stuckOnDcs(logs: string[]): string | undefined {
  if (logs.length === 0) return undefined;
  const nodes = logs.map(dcsRetries);
  if (!nodes.every((n) => n !== undefined && n.tries >= DCS_STALL_TRIES)) return undefined;
  const fewest = Math.min(...nodes.map((n) => n!.tries));
  const dcs = [...new Set(nodes.map((n) => n!.dcs))].join('/');
  return `every node logged "waiting on ${dcs}" ${fewest}+ times (every 5 s) and did nothing else; Patroni retries forever, so pgdrill stopped waiting`;
}
