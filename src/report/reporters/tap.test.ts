import { describe, expect, it } from 'vitest';
import { tapReporter } from './tap.ts';
import { ERRORED, FAILED, FAILED_SOURCE, PASSED, makeInvalidRun, makeRun, outcomeOf } from './test-run.ts';

async function tap(drive: (r: ReturnType<typeof tapReporter>) => Promise<void> | void): Promise<string[]> {
  const out: string[] = [];
  const reporter = tapReporter((t) => out.push(t), '/work');
  await drive(reporter);
  return out.join('\n').split('\n');
}

describe('TAP reporter', () => {
  it('prints the plan first, ok for a passed drill and not ok with a YAML diagnostic for the others', async () => {
    const lines = await tap(async (r) => {
      await r.onBegin?.({
        runId: 'r',
        reportDir: '/tmp',
        scenarios: [PASSED, FAILED, ERRORED].map((s) => ({ name: s.scenario, file: s.file })),
      });
      await r.onScenarioEnd?.(outcomeOf(PASSED));
      await r.onScenarioEnd?.(outcomeOf(FAILED, FAILED_SOURCE));
      await r.onScenarioEnd?.(outcomeOf(ERRORED));
      await r.onEnd?.(makeRun());
    });
    expect(lines.slice(0, 3)).toEqual(['TAP version 14', '1..3', 'ok 1 - kill-primary']);
    expect(lines).toContain('not ok 2 - lag-replica');
    expect(lines).toContain('not ok 3 - partition');
    expect(lines).toContain('  severity: fail');
    expect(lines).toContain('      at: scenarios/lag-replica.yaml:30:5');
    expect(lines).toContain('  severity: error');
    expect(lines.filter((l) => /^(not )?ok /.test(l))).toHaveLength(3);
  });

  it('reports invalid files as not ok and the unrun ones as skipped, under a plan that counts both', async () => {
    const lines = await tap((r) => r.onEnd?.(makeInvalidRun()));
    expect(lines.slice(0, 3)).toEqual(['TAP version 14', '1..2', 'not ok 1 - scenarios/bad.yaml']);
    expect(lines).toContain('ok 2 - scenarios/good.yaml # SKIP another scenario file is invalid');
  });

  it('keeps a # in a scenario name from reading as a directive', async () => {
    const lines = await tap((r) => r.onScenarioEnd?.(outcomeOf({ ...PASSED, scenario: 'a#b' })));
    expect(lines).toEqual(['ok 1 - a\\#b']);
  });
});
