/**
 * Read-your-writes, per writing client: every acknowledged write after a client's first also
 * read, in the same statement and so on the server that acknowledged it (through the client
 * endpoint: PgBouncer, HAProxy, a DNS name), whether that server held the client's last
 * acknowledged write. One that did not found a server without it: the write was lost in a
 * failover, or the endpoint took the client to another primary (split brain). Jepsen calls this a
 * session guarantee; here it has a time and a server.
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
  for (const [client, acked] of acknowledgedByClient(history.ops)) {
    for (const op of acked) {
      const own = op.ownWrites;
      if (!own) continue;
      checked++;
      if (own.held) continue;
      violations++;
      clientsMissing.add(client);
      const atMs = op.invokedAt - originMs;
      if (first && first.atMs <= atMs) continue;
      const missing = acked[firstAbove(acked, own.lastAcked - 1, keyOf)];
      // acknowledged writes of the client's that came before this one and are newer than the newest it held
      const before = firstAbove(acked, op.key - 1, keyOf);
      first = {
        client,
        key: own.lastAcked,
        ackedAt: missing ? missing.completedAt - originMs : null,
        ackedOn: missing?.node ?? null,
        missed: Math.max(1, before - firstAbove(acked, own.newest, keyOf)),
        atMs,
        laterKey: op.key,
        on: op.node ?? null,
        sawOwn: own.newest,
      };
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

const keyOf = (op: Operation): number => op.key;

/** Each client's acknowledged writes, by key: a client's keys rise with each write it sends. */
function acknowledgedByClient(ops: readonly Operation[]): Map<number, Operation[]> {
  const clients = new Map<number, Operation[]>();
  for (const op of ops) {
    if (op.outcome !== 'ok') continue;
    const list = clients.get(op.client) ?? [];
    list.push(op);
    clients.set(op.client, list);
  }
  for (const list of clients.values()) list.sort((a, b) => a.key - b.key);
  return clients;
}

function whyNothingChecked(ops: readonly Operation[]): string {
  const acknowledged = ops.filter((op) => op.outcome === 'ok');
  if (acknowledged.length === 0) return 'no write was acknowledged';
  const byClient = new Set(acknowledged.map((op) => op.client));
  if (byClient.size === acknowledged.length)
    return 'no client had a write acknowledged after an earlier one of its own';
  return 'the history records no read of own writes';
}
