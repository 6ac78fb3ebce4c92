import { describe, expect, it } from 'vitest';
import { exitCodeFor } from './exit-code.ts';

describe('exitCodeFor', () => {
  it('is 0 only when every scenario passed', () => {
    expect(exitCodeFor([{ status: 'passed' }, { status: 'passed' }])).toBe(0);
  });

  it('is 1 when a drill found a problem', () => {
    expect(exitCodeFor([{ status: 'passed' }, { status: 'failed' }])).toBe(1);
  });

  it('is 1 when an expectation could not be measured: not measured is never a pass', () => {
    expect(exitCodeFor([{ status: 'passed' }, { status: 'failed', verdict: 'not-measured' }])).toBe(1);
    // even if a writer got status wrong, the verdict alone decides
    expect(exitCodeFor([{ status: 'passed', verdict: 'not-measured' }])).toBe(1);
  });

  it('is 3 when the infrastructure broke, even if another drill failed: an error is never a verdict', () => {
    expect(exitCodeFor([{ status: 'failed' }, { status: 'error' }])).toBe(3);
  });

  it('is 2 when a scenario proved invalid while running (its seed SQL was rejected)', () => {
    expect(
      exitCodeFor([
        { status: 'error', error: { code: 'PGDRILL_SCENARIO_INVALID', message: 'seed.sql:3:1 …' } },
        { status: 'error' },
      ]),
    ).toBe(2);
  });

  it('passes a drill that failed as its scenario declared (xfail), and fails one that held or failed otherwise', () => {
    const declared = { reason: 'the runbook as written', declared: 'rpo.lostTransactions', detail: '' };
    const xfailed = {
      status: 'passed' as const,
      verdict: 'failed' as const,
      expectedFailure: { ...declared, outcome: 'failed-as-expected' as const },
    };
    expect(exitCodeFor([{ status: 'passed' }, xfailed])).toBe(0);
    const held = {
      status: 'failed' as const,
      verdict: 'held' as const,
      expectedFailure: { ...declared, outcome: 'held-unexpectedly' as const },
    };
    expect(exitCodeFor([xfailed, held])).toBe(1);
  });
});
