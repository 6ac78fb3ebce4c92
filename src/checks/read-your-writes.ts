/**
 * Read-your-writes, per writing client: every acknowledged write also read, in the same
 * statement, the newest of its client's earlier keys on the server that acknowledged it (through
 * the client endpoint: PgBouncer, HAProxy, a DNS name). A client has one write in flight and its
 * keys rise, so a write that saw less than its client's last acknowledged key found a server
 * without it: the write was lost in a failover, or the endpoint took the client to another
 * primary (split brain). Jepsen calls this a session guarantee; here it has a time and a server.
 */
import type { History, Operation } from '../evidence/history.ts';
import { firstAbove } from './common.ts';
import type { OwnWriteMissed, ReadYourWritesMetric } from './types.ts';

export function checkReadYourWrites(
  history: History,
  /** the run's start: instants become offsets from it */
  originMs = 0,
): ReadYourWritesMetric | null {
  if (history.ops.length === 0) return null;
  let checked = 0;
  let violations = 0;
  let first: OwnWriteMissed | null = null;
  const clientsMissing = new Set<number>();
  for (const [client, ops] of byClient(history.ops)) {
    /** this client's acknowledged writes so far, in key order */
    const acked: Operation[] = [];
    for (const op of ops) {
      if (op.outcome !== 'ok') continue;
      if (op.sawOwn !== undefined && acked.length > 0) {
        checked++;
        const from = firstAbove(acked, op.sawOwn, (earlier) => earlier.key);
        if (from < acked.length) {
          violations++;
          clientsMissing.add(client);
          const earliest = acked[from] as Operation;
          if (!first || op.invokedAt - originMs < first.atMs)
            first = {
              client,
              key: earliest.key,
              ackedAt: earliest.completedAt - originMs,
              ackedOn: earliest.node ?? null,
              missed: acked.length - from,
              atMs: op.invokedAt - originMs,
              laterKey: op.key,
              on: op.node ?? null,
              sawOwn: op.sawOwn,
            };
        }
      }
      acked.push(op);
    }
  }
  return {
    checked,
    violations,
    clients: clientsMissing.size,
    first,
    ...(checked === 0 ? { reason: whyNothingChecked(history.ops) } : {}),
  };
}

/** Each client's operations in the order it made them (one at a time, so by invocation). */
function byClient(ops: readonly Operation[]): Map<number, Operation[]> {
  const clients = new Map<number, Operation[]>();
  for (const op of ops) {
    const list = clients.get(op.client) ?? [];
    list.push(op);
    clients.set(op.client, list);
  }
  for (const list of clients.values()) list.sort((a, b) => a.invokedAt - b.invokedAt);
  return clients;
}

function whyNothingChecked(ops: readonly Operation[]): string {
  const acknowledged = ops.filter((op) => op.outcome === 'ok');
  if (acknowledged.length === 0) return 'no write was acknowledged';
  if (acknowledged.every((op) => op.sawOwn === undefined)) return 'the history records no read of own writes';
  return 'no client had a write acknowledged after an earlier one of its own';
}
