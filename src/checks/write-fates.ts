/**
 * What became of every write, as Jepsen's set-full checker classifies the elements of a set
 * (jepsen.checker/set-full): each acknowledged write is exactly one of
 * - `stable`: the final state holds it, and every read that began after its acknowledgement saw it;
 * - `stale`: the final state holds it, but some read that began after its acknowledgement missed it
 *   (for how long: from the acknowledgement to the last read that missed it);
 * - `neverRead`: the final state holds it, but no read began after its acknowledgement;
 * - `lost`: the final state lacks it; `lostAfterRead` are those a read had seen first (clients
 *   may have acted on data the failover then took away).
 * A write whose outcome was unknown is `recovered` when the final state holds it, else absent.
 *
 * A read records, per writing client, the highest of its keys it saw; a client commits in order
 * with one write in flight, so it saw every key of that client up to there — except across a
 * loss: a read that saw a key above the client's next surviving key may have seen it on the new
 * timeline, so only a read below that key counts as having seen a lost write.
 */
import type { History, Operation, ReadOperation } from '../evidence/history.ts';
import { firstAbove, sortedCapped } from './common.ts';
import type { WriteFates } from './types.ts';

/** A write that stayed unseen after its acknowledgement: the longest such stretch is reported. */
interface StaleStretch {
  key: number;
  client: number;
  ackedAt: number;
  seconds: number;
}

export function classifyWrites(history: History, present: ReadonlySet<number>, originMs = 0): WriteFates {
  const reads = (history.reads ?? [])
    .filter((r) => r.outcome === 'ok' && r.seen)
    .sort((a, b) => a.invokedAt - b.invokedAt);
  const began = reads.map((r) => r.invokedAt);
  const fates = { stable: 0, stale: 0, neverRead: 0, lost: 0 };
  const lostAfterRead: number[] = [];
  const staleKeys: number[] = [];
  let longest: StaleStretch | null = null;
  let recovered = 0;
  let unknownAbsent = 0;
  const byClient = new Map<number, Operation[]>();
  for (const op of history.ops) {
    if (op.outcome === 'unknown') {
      if (present.has(op.key)) recovered++;
      else unknownAbsent++;
    }
    if (op.outcome !== 'ok') continue;
    const list = byClient.get(op.client) ?? [];
    list.push(op);
    byClient.set(op.client, list);
  }
  for (const [client, writes] of byClient) {
    const seen = reads.map((r) => r.seen?.[String(client)] ?? 0);
    const suffixMin = suffix(seen, Math.min, Infinity);
    const seenSorted = [...seen].sort((a, b) => a - b);
    const survivors = writes
      .filter((w) => present.has(w.key))
      .map((w) => w.key)
      .sort((a, b) => a - b);
    for (const write of writes) {
      const from = firstAbove(began, write.completedAt, asIs); // the first read that began after the acknowledgement
      if (!present.has(write.key)) {
        fates.lost++;
        const nextSurvivor = survivors[firstAbove(survivors, write.key, asIs)] ?? Infinity;
        const lowestSeenSince = seenSorted[firstAbove(seenSorted, write.key - 1, asIs)] ?? Infinity;
        if (lowestSeenSince < nextSurvivor) lostAfterRead.push(write.key);
        continue;
      }
      if (from === reads.length) {
        fates.neverRead++;
        continue;
      }
      if ((suffixMin[from] as number) >= write.key) {
        fates.stable++;
        continue;
      }
      fates.stale++;
      staleKeys.push(write.key);
      const lastMiss = lastMissingRead(reads, seen, suffixMin, from, write.key);
      const seconds = (lastMiss.invokedAt - write.completedAt) / 1000;
      if (!longest || seconds > longest.seconds)
        longest = { key: write.key, client, ackedAt: write.completedAt - originMs, seconds };
    }
  }
  return {
    acknowledged: fates.stable + fates.stale + fates.neverRead + fates.lost,
    ...fates,
    staleKeys: sortedCapped(new Set(staleKeys)),
    longestStale: longest,
    lostAfterRead: lostAfterRead.length,
    lostAfterReadKeys: sortedCapped(new Set(lostAfterRead)),
    recovered,
    unknownAbsent,
  };
}

/** values[i..] folded with `pick`, for every i (and `empty` one past the end). */
function suffix(values: number[], pick: (a: number, b: number) => number, empty: number): number[] {
  const out = new Array<number>(values.length + 1);
  out[values.length] = empty;
  for (let i = values.length - 1; i >= 0; i--) out[i] = pick(values[i] as number, out[i + 1] as number);
  return out;
}

/** The last read from `from` on that missed `key`: scans only while a later read still misses it. */
function lastMissingRead(
  reads: readonly ReadOperation[],
  seen: readonly number[],
  suffixMin: readonly number[],
  from: number,
  key: number,
): ReadOperation {
  let last = from;
  for (let i = from; i < reads.length && (suffixMin[i] as number) < key; i++) if ((seen[i] as number) < key) last = i;
  return reads[last] as ReadOperation;
}

const asIs = (value: number): number => value;
