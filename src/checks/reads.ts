/**
 * Reads (`workload.reads`): which reads were stale and by how much, and which went back in time.
 * A writing client has one write in flight and commits in order, so the highest of its keys a
 * read saw says which of its acknowledged writes the read missed. A read is stale when it missed
 * a write acknowledged before the read began; its age is how long before that write had been
 * acknowledged. Writes the final state lacks are lost, not late: RPO counts them, reads do not.
 * The reads are one client's, in order: one that saw less of a writer than an earlier read is
 * non-monotonic (reads balanced over replicas at different positions, by HAProxy's replica port
 * or by the application itself, go back in time).
 */
import type { History, Operation, ReadOperation } from '../evidence/history.ts';
import { firstAbove } from './common.ts';
import type { ReadsMetric, StaleRead } from './types.ts';
import { classifyWrites } from './write-fates.ts';

/** One client's acknowledged writes, by key (= by acknowledgement). */
type Acked = { key: number; ackedAt: number }[];

export function checkReads(
  history: History,
  present?: ReadonlySet<number>,
  /** the run's start: instants become offsets from it */
  originMs = 0,
): ReadsMetric | null {
  const reads = history.reads;
  if (reads === undefined) return null;
  const acked = ackedByClient(history.ops, present);
  let stale = 0;
  let failed = 0;
  let worst: StaleRead | null = null;
  const ages: number[] = [];
  const byPath: ReadsMetric['byPath'] = {};
  let nonMonotonic = 0;
  let firstNonMonotonic: ReadsMetric['firstNonMonotonic'] = null;
  let lastSeen: Record<string, number> = {};
  for (const read of reads) {
    const path = byPath[read.via] ?? { reads: 0, failed: 0, stale: 0, maxStalenessSeconds: null };
    byPath[read.via] = path;
    if (read.outcome !== 'ok' || !read.seen) {
      failed++;
      path.failed++;
      continue;
    }
    path.reads++;
    const missed = oldestMissed(read, acked);
    const age = missed ? (read.invokedAt - missed.ackedAt) / 1000 : 0;
    ages.push(age);
    path.maxStalenessSeconds = Math.max(path.maxStalenessSeconds ?? 0, age);
    if (missed) {
      stale++;
      path.stale++;
      if (!worst || age > worst.ageSeconds)
        worst = {
          atMs: read.invokedAt - originMs,
          via: read.via,
          node: read.node ?? null,
          ...missed,
          ackedAt: missed.ackedAt - originMs,
          ageSeconds: age,
        };
    }
    const wentBack = Object.entries(lastSeen).find(([client, key]) => (read.seen?.[client] ?? 0) < key);
    if (wentBack) {
      nonMonotonic++;
      firstNonMonotonic ??= {
        atMs: read.invokedAt - originMs,
        via: read.via,
        node: read.node ?? null,
        client: Number(wentBack[0]),
        sawBefore: wentBack[1],
        sawNow: read.seen[wentBack[0]] ?? 0,
      };
    }
    lastSeen = { ...lastSeen, ...read.seen };
  }
  const ok = reads.length - failed;
  return {
    reads: ok,
    failed,
    stale,
    maxStalenessSeconds: ok > 0 ? Math.max(...ages) : null,
    p95StalenessSeconds: ok > 0 ? percentile(ages, 95) : null,
    worst,
    nonMonotonic,
    firstNonMonotonic,
    byPath,
    fates: present ? classifyWrites(history, present, originMs) : null,
    ...(ok === 0 ? { reason: reads.length === 0 ? 'no read was made' : 'no read succeeded' } : {}),
  };
}

function ackedByClient(ops: readonly Operation[], present?: ReadonlySet<number>): Map<string, Acked> {
  const byClient = new Map<string, Acked>();
  for (const op of ops) {
    if (op.outcome !== 'ok' || (present && !present.has(op.key))) continue;
    const list = byClient.get(String(op.client)) ?? [];
    list.push({ key: op.key, ackedAt: op.completedAt });
    byClient.set(String(op.client), list);
  }
  for (const list of byClient.values()) list.sort((a, b) => a.key - b.key);
  return byClient;
}

/** The write acknowledged longest before `read` began that it did not see, over every client. */
function oldestMissed(
  read: ReadOperation,
  acked: Map<string, Acked>,
): { client: number; key: number; ackedAt: number } | null {
  let oldest: { client: number; key: number; ackedAt: number } | null = null;
  for (const [client, writes] of acked) {
    const seen = read.seen?.[client] ?? 0;
    const first = writes[firstAbove(writes, seen, (write) => write.key)];
    if (first && first.ackedAt < read.invokedAt && (!oldest || first.ackedAt < oldest.ackedAt))
      oldest = { client: Number(client), key: first.key, ackedAt: first.ackedAt };
  }
  return oldest;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
