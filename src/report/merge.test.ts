import { describe, expect, it } from 'vitest';
import { planMerge, type MergeInput } from './merge.ts';
import type { RunIndex } from './run-index.ts';

const ALL = ['a', 'b', 'c'];

function shardRun(dir: string, index: number, scenarios: string[], extra: Partial<RunIndex> = {}): MergeInput {
  return {
    dir,
    index: {
      runId: `run-${index}`,
      startedAt: new Date(Date.UTC(2026, 11, 4, 10, 0, index)).toISOString(),
      durationMs: 10_000 * index,
      exitCode: 0,
      counts: { passed: scenarios.length, failed: 0, error: 0 },
      scenarios: scenarios.map((scenario) => ({
        scenario,
        status: 'passed',
        verdict: 'holds',
        failedExpectations: [],
        dir: scenario,
        report: `${scenario}/report.md`,
        result: `${scenario}/result.json`,
      })),
      shard: { index, total: 2, scenarios: ALL },
      ...extra,
    } as RunIndex,
  };
}

describe('planMerge', () => {
  it("combines every shard's drills in the library's order, from the first start to the last end", () => {
    const plan = planMerge([shardRun('s2', 2, ['b']), shardRun('s1', 1, ['c', 'a'])]);
    if (!plan.ok) throw new Error(plan.problems.join('\n'));
    expect(plan.summary.scenarios.map((s) => s.scenario)).toEqual(['a', 'b', 'c']);
    expect(plan.folders).toEqual([
      { from: 's1', dir: 'a' },
      { from: 's2', dir: 'b' },
      { from: 's1', dir: 'c' },
    ]);
    expect(plan.summary.startedAt).toBe('2026-12-04T10:00:01.000Z');
    // shard 2 started a second later and ran 20 s
    expect(plan.summary.durationMs).toBe(21_000);
    expect(plan.summary.mergedFrom?.map((m) => m.runId)).toEqual(['run-2', 'run-1']);
  });

  it('takes the worst exit code of the shards: one failed drill fails the merged run', () => {
    const plan = planMerge([shardRun('s1', 1, ['a', 'c']), shardRun('s2', 2, ['b'], { exitCode: 1 })]);
    expect(plan.ok && plan.summary.exitCode).toBe(1);
  });

  it('refuses a set with a shard missing, naming it', () => {
    const plan = planMerge([shardRun('s1', 1, ['a', 'c'])]);
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.problems).toEqual(["shard 2/2 missing: give every shard's folder"]);
  });

  it('refuses the same shard twice and a drill in two folders', () => {
    const plan = planMerge([shardRun('s1', 1, ['a', 'c']), shardRun('again', 1, ['a', 'c'])]);
    expect(plan.ok).toBe(false);
    const problems = plan.ok ? [] : plan.problems;
    expect(problems.some((p) => /a is in both s1 and again/.test(p))).toBe(true);
    expect(problems.some((p) => /s1 and again are both shard 1\/2/.test(p))).toBe(true);
  });

  it('refuses shards of different sets of drills', () => {
    const other = shardRun('other', 2, ['b'], { shard: { index: 2, total: 2, scenarios: ['b', 'x'] } });
    const plan = planMerge([shardRun('s1', 1, ['a', 'c']), other]);
    expect(!plan.ok && plan.problems.join('\n')).toMatch(/other sharded another set of drills than s1/);
  });

  it('refuses a drill no shard ran', () => {
    const plan = planMerge([shardRun('s1', 1, ['a']), shardRun('s2', 2, ['b'])]);
    expect(!plan.ok && plan.problems.join('\n')).toMatch(/no shard holds the result of c/);
  });

  it('merges runs that were not sharded in the order given', () => {
    const plain = (dir: string, scenarios: string[]) => {
      const run = shardRun(dir, 1, scenarios);
      delete run.index.shard;
      return run;
    };
    const plan = planMerge([plain('x', ['c']), plain('y', ['a'])]);
    expect(plan.ok && plan.summary.scenarios.map((s) => s.scenario)).toEqual(['c', 'a']);
  });
});
