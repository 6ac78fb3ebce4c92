/**
 * `pgdrill merge`: the index of one run made of several runs' folders (the shards of one
 * library, run on several machines). Pure: which scenario folders go where, in what order,
 * and what is wrong with the set — a shard missing, two shards of different libraries, a
 * drill run twice.
 */
import type { RunShard, RunSummary } from '../result/result.ts';
import type { RunIndex } from './run-index.ts';

export interface MergeInput {
  /** the folder as the user named it */
  dir: string;
  index: RunIndex;
}

export type MergePlan =
  | { ok: true; summary: Omit<RunSummary, 'reportDir' | 'runId'>; folders: { from: string; dir: string }[] }
  | { ok: false; problems: string[] };

export function planMerge(inputs: readonly MergeInput[]): MergePlan {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const { dir, index } of inputs)
    for (const s of index.scenarios) {
      const other = seen.get(s.scenario);
      if (other !== undefined)
        problems.push(`${s.scenario} is in both ${other} and ${dir}: a drill must be in one shard only`);
      else seen.set(s.scenario, dir);
    }
  const order = shardOrder(inputs, problems);
  if (problems.length > 0) return { ok: false, problems };

  const entries = inputs.flatMap(({ dir, index }) =>
    index.scenarios.map((s) => ({
      from: dir,
      entry: {
        scenario: s.scenario,
        status: s.status,
        ...(s.verdict !== undefined ? { verdict: s.verdict } : {}),
        dir: s.dir,
        failedExpectations: s.failedExpectations,
      },
    })),
  );
  if (order) entries.sort((a, b) => order.indexOf(a.entry.scenario) - order.indexOf(b.entry.scenario));
  const starts = inputs.map(({ index }) => Date.parse(index.startedAt));
  const ends = inputs.map(({ index }) => Date.parse(index.startedAt) + index.durationMs);
  const first = Math.min(...starts);
  // exit codes rank as they read: 3 (could not run) over 1 (failed) over 0
  const exitCode = Math.max(...inputs.map(({ index }) => index.exitCode)) as RunSummary['exitCode'];
  return {
    ok: true,
    summary: {
      startedAt: new Date(first).toISOString(),
      durationMs: Math.max(...ends) - first,
      scenarios: entries.map((e) => e.entry),
      exitCode,
      mergedFrom: inputs.map(({ index }) => ({ runId: index.runId, ...(index.shard ? { shard: index.shard } : {}) })),
    },
    folders: entries.map((e) => ({ from: e.from, dir: e.entry.dir })),
  };
}

/**
 * When the inputs are shards (`run --shard`), they must be every shard of one set of drills,
 * each once, and hold every drill of it: then that set's order is the merged order.
 */
function shardOrder(inputs: readonly MergeInput[], problems: string[]): string[] | null {
  const shards = inputs.map(({ dir, index }) => ({ dir, shard: index.shard }));
  const sharded = shards.filter((s): s is { dir: string; shard: RunShard } => s.shard !== undefined);
  if (sharded.length === 0) return null;
  if (sharded.length < shards.length) {
    const plain = shards.filter((s) => !s.shard).map((s) => s.dir);
    problems.push(
      `${plain.join(', ')} ran without --shard, ${sharded.map((s) => s.dir).join(', ')} with it: merge the shards of one run`,
    );
    return null;
  }
  const reference = sharded[0]!;
  const same = (s: RunShard) =>
    s.total === reference.shard.total && s.scenarios.join('\n') === reference.shard.scenarios.join('\n');
  const strangers = sharded.filter((s) => !same(s.shard));
  if (strangers.length > 0) {
    problems.push(
      `${strangers.map((s) => s.dir).join(', ')} sharded another set of drills than ${reference.dir} (${reference.shard.total} shards of ${reference.shard.scenarios.length} drills): run every shard with the same paths, --tag and --durations`,
    );
    return null;
  }
  const total = reference.shard.total;
  const byIndex = new Map<number, string>();
  for (const { dir, shard } of sharded) {
    const twice = byIndex.get(shard.index);
    if (twice) problems.push(`${twice} and ${dir} are both shard ${shard.index}/${total}`);
    byIndex.set(shard.index, dir);
  }
  const absent = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (absent.length > 0)
    problems.push(`shard ${absent.map((i) => `${i}/${total}`).join(', ')} missing: give every shard's folder`);
  const present = new Set(inputs.flatMap(({ index }) => index.scenarios.map((s) => s.scenario)));
  const notRun = reference.shard.scenarios.filter((s) => !present.has(s));
  if (absent.length === 0 && notRun.length > 0)
    problems.push(`no shard holds the result of ${notRun.join(', ')}: a shard's run ended before all its drills`);
  return reference.shard.scenarios;
}
