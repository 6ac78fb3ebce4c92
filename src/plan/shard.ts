/**
 * `pgdrill run --shard i/n`: which drills this machine runs when n machines share a library.
 * Deterministic — every shard computes the same split from the same scenarios and durations —
 * and balanced: longest drill first onto the least loaded shard (LPT), by each scenario's last
 * known duration (`--durations`, an earlier run's index.json); a drill of unknown duration
 * counts as the median of the known ones (as one unit when none is known, which balances by
 * count).
 */
import { UsageError } from '../errors.ts';

export interface Shard {
  /** 1-based */
  index: number;
  total: number;
}

/** `2/3` → {index: 2, total: 3}; a usage error naming the form otherwise. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total)
    throw new UsageError(`--shard must be i/n with 1 <= i <= n, e.g. 1/3 (got ${JSON.stringify(text)})`);
  return { index, total };
}

/**
 * The names (in `names`' order) that shard `shard` runs. Every name lands in exactly one shard;
 * a shard may be empty when there are more shards than drills.
 */
export function shardOf(names: readonly string[], shard: Shard, durationsMs: ReadonlyMap<string, number>): string[] {
  const known = names.map((n) => durationsMs.get(n)).filter((d): d is number => d !== undefined && d >= 0);
  const fallback = known.length ? [...known].sort((a, b) => a - b)[Math.floor(known.length / 2)]! : 1;
  const weight = (name: string) => durationsMs.get(name) ?? fallback;
  // longest first; equal weights by name, so the order never depends on how the files were listed
  const order = [...new Set(names)].sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : a > b ? 1 : 0));
  const load = Array.from({ length: shard.total }, () => 0);
  const mine = new Set<string>();
  for (const name of order) {
    let least = 0;
    for (let s = 1; s < shard.total; s++) if (load[s]! < load[least]!) least = s;
    load[least]! += weight(name);
    if (least === shard.index - 1) mine.add(name);
  }
  return names.filter((n) => mine.has(n));
}
