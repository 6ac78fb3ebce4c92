import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../result/result.ts';
import { brokenAt, metricAt, renderArchitecturesMarkdown } from './architectures.ts';
import { makeMetrics } from './test-result.ts';

function result(over: Partial<ScenarioResult>): ScenarioResult {
  return {
    scenario: 's',
    file: '/x.yaml',
    tags: [],
    status: 'passed',
    startedAt: '2026-11-21T08:00:00.000Z',
    durationMs: 1,
    runId: 'r',
    harness: { version: '0', node: 'v20', image: null },
    metrics: makeMetrics(),
    expectations: [],
    steps: [],
    timeline: [],
    artifacts: [],
    ...over,
  };
}

const claim = { seed: '000_x.txt', section: '場景1', claim: 'failover works', figure: 'rto.seconds' };

/** A step that failed with `error`: where a failing claim's "broken step" comes from. */
const failedStep = (index: number, title: string, error: string) => ({
  index,
  title,
  startedAtMs: 0,
  durationMs: 1,
  status: 'failed' as const,
  error,
});

describe('architectures verdict table', () => {
  it('quotes the measured figure of a claim that holds', () => {
    const md = renderArchitecturesMarkdown([result({ scenario: 'seed-000-failover', claims: [claim] })], {
      runs: ['reports/r1'],
      generatedAt: 'now',
    });
    expect(md).toContain('## 000_x.txt');
    expect(md).toContain('| failover works | 場景1 | `seed-000-failover` | ✅ holds | rto.seconds = 4.2 |  |  |  |');
  });

  it('MUST NOT mark holds a claim that rests on a stand-in: cannot be verified, what is missing, how the stand-in fared', () => {
    const standIn = {
      ...claim,
      claim: 'backup.sh keeps 7 days',
      unverifiable: 'the body of backup.sh (named, not printed)',
    };
    const md = renderArchitecturesMarkdown([result({ scenario: 'seed-001-backup', claims: [standIn] })], {
      runs: ['reports/r1'],
      generatedAt: 'now',
    });
    expect(md).toContain(
      "| backup.sh keeps 7 days | 場景1 | `seed-001-backup` | ⚪ cannot be verified from the document | rto.seconds = 4.2 | not in the document: the body of backup.sh (named, not printed); pgdrill's stand-in ✅ holds |  |  |",
    );
    expect(md).not.toMatch(/\| ✅ holds \| rto/);
  });

  it('gives a failing stand-in its broken step, fix and corrected variant, still as cannot be verified', () => {
    const standIn = result({
      scenario: 'seed-000-incremental-restore',
      status: 'failed',
      claims: [
        {
          ...claim,
          claim: 'the hourly tier restores recent changes',
          unverifiable: 'a restore procedure for the tier',
          fix: 'take a physical base backup',
          correctedBy: 'seed-000-pitr-corrected',
        },
      ],
      steps: [failedStep(5, 'procedure script restore.sh', 'PANIC')],
    });
    const md = renderArchitecturesMarkdown([standIn, result({ scenario: 'seed-000-pitr-corrected' })], {
      runs: ['r'],
      generatedAt: 'now',
    });
    expect(md).toContain(
      "⚪ cannot be verified from the document | rto.seconds = 4.2 | not in the document: a restore procedure for the tier; pgdrill's stand-in ❌ fails at step 6 (procedure script restore.sh): PANIC | take a physical base backup | seed-000-pitr-corrected: ✅ holds |",
    );
    expect(md).not.toContain('| ❌ fails |');
  });

  it("names the broken step, the fix and the corrected variant's verdict for a claim that fails", () => {
    const broken = result({
      scenario: 'seed-000-pitr',
      status: 'failed',
      claims: [
        {
          ...claim,
          claim: 'PITR restores to the requested time',
          fix: 'use recovery.signal',
          correctedBy: 'seed-000-pitr-corrected',
        },
      ],
      steps: [failedStep(7, 'procedure script pitr.sh on primary', 'recovery.conf is not read\nmore')],
    });
    const fixed = result({ scenario: 'seed-000-pitr-corrected' });
    const md = renderArchitecturesMarkdown([broken, fixed], { runs: ['r'], generatedAt: 'now' });
    expect(md).toContain('❌ fails');
    expect(md).toContain('step 8 (procedure script pitr.sh on primary): recovery.conf is not read … more |');
    expect(md).toContain('| use recovery.signal | seed-000-pitr-corrected: ✅ holds |');
  });

  it('takes the newest run of each scenario and says when a figure was not measured', () => {
    const old = result({ scenario: 'a', status: 'failed', startedAt: '2026-11-20T00:00:00Z', claims: [claim] });
    const recent = result({
      scenario: 'a',
      claims: [claim],
      metrics: makeMetrics({ rto: { ...makeMetrics().rto, seconds: null } }),
    });
    const md = renderArchitecturesMarkdown([recent, old], { runs: ['r'], generatedAt: 'now' });
    expect(md).toContain('✅ holds | rto.seconds: not measured');
    expect(md).not.toContain('| ❌ fails |');
  });

  it('reads metric paths and failed expectations', () => {
    expect(metricAt(makeMetrics(), 'observed.maxLagSeconds.value')).toBe(0.75);
    expect(metricAt(null, 'rto.seconds')).toBeUndefined();
    expect(
      brokenAt(
        result({
          expectations: [{ name: 'rto.maxSeconds', expected: '<= 1', actual: 4.2, passed: false, verdict: 'failed' }],
        }),
      ),
    ).toBe('rto.maxSeconds: expected <= 1, got 4.2');
  });
});

describe("brokenAt names the cause, not the first line of a runbook's output", () => {
  it('prefers the diagnosis, else the last line', () => {
    const step = (error: string) =>
      result({
        status: 'failed',
        steps: [failedStep(2, 'procedure script x.sh on primary', error)],
      });
    expect(
      brokenAt(
        step(
          'runbook x.sh exited 1 on pg-1: pg_dump: reading schemas\npg_restore: error: bad\nWhy: pg_restore cannot read a gzip file',
        ),
      ),
    ).toBe('step 3 (procedure script x.sh on primary): pg_restore cannot read a gzip file');
    expect(
      brokenAt(
        step(
          'runbook x.sh exited 1 on pg-1: pg_dump: reading schemas\npg_restore: error: input file does not appear to be a valid archive',
        ),
      ),
    ).toBe(
      'step 3 (procedure script x.sh on primary): runbook x.sh exited 1 on pg-1: pg_dump: reading schemas … pg_restore: error: input file does not appear to be a valid archive',
    );
  });

  it("takes psql's ERROR line over the statement and caret that follow it", () => {
    const step = result({
      status: 'failed',
      steps: [
        failedStep(
          1,
          'procedure script q.sh on primary',
          'runbook q.sh exited 3 on pg-1: \nERROR:  relation "pg_stat_statements" does not exist\nLINE 8: FROM pg_stat_statements \n             ^',
        ),
      ],
    });
    expect(brokenAt(step)).toBe(
      'step 2 (procedure script q.sh on primary): runbook q.sh exited 3 on pg-1: … ERROR: relation "pg_stat_statements" does not exist',
    );
  });

  it("takes Python's exception line over the source line it quotes", () => {
    const step = result({
      status: 'failed',
      steps: [
        failedStep(
          0,
          'procedure script h.sh on primary',
          'runbook h.sh exited 1 on pg-1: File "/tmp/h.py", line 13\n    password: "x",\n    ^\nSyntaxError: positional argument follows keyword argument',
        ),
      ],
    });
    expect(brokenAt(step)).toBe(
      'step 1 (procedure script h.sh on primary): runbook h.sh exited 1 on pg-1: File "/tmp/h.py", line 13 … SyntaxError: positional argument follows keyword argument',
    );
  });

  it("gives each claim's verdict on the other majors it ran on, and why where it differs from the headline's", () => {
    const trigger = { ...claim, claim: 'touching the trigger file promotes', figure: undefined };
    const on = (major: number, status: 'passed' | 'failed') =>
      result({
        scenario: `seed-002-trigger@pg${major}`,
        status,
        claims: [trigger],
        harness: { version: '0', node: 'v20', image: null, postgres: `${major}.1` },
        ...(status === 'failed'
          ? {
              error: {
                code: 'PGDRILL_TEAM_CONFIG',
                message: `PostgreSQL ${major} has no parameter "promote_trigger_file"`,
              },
            }
          : {}),
      });
    const md = renderArchitecturesMarkdown([on(17, 'failed'), on(15, 'passed'), on(18, 'failed')], {
      runs: ['r'],
      generatedAt: 'now',
    });
    // one row, named without the suffix, its headline on 15 (the seeds' nearest major)
    expect(md.match(/touching the trigger file promotes/g)).toHaveLength(1);
    expect(md).toContain('| `seed-002-trigger` | ✅ holds |');
    expect(md).toContain(
      '| 17: ❌ fails at PostgreSQL 17 has no parameter "promote_trigger_file" · 18: ❌ fails at PostgreSQL 18 has no parameter "promote_trigger_file" |',
    );
  });

  it('has nothing to say of other majors when the runs drilled one', () => {
    const md = renderArchitecturesMarkdown([result({ scenario: 'seed-000-failover', claims: [claim] })], {
      runs: ['r'],
      generatedAt: 'now',
    });
    expect(md).toContain('| ✅ holds | rto.seconds = 4.2 |  |  |  |  |');
  });
});
