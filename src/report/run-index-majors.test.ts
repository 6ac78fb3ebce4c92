import { describe, expect, it } from 'vitest';
import { majorsTable } from './run-index-majors.ts';

describe('majorsTable (run --pg)', () => {
  it('shows one row per scenario, one column per major, and calls out a verdict that differs', () => {
    const table = majorsTable([
      { scenario: 'trigger-file@pg15', status: 'passed' },
      { scenario: 'trigger-file@pg17', status: 'failed' },
      { scenario: 'trigger-file@pg18', status: 'failed' },
      { scenario: 'kill-primary@pg15', status: 'passed' },
      { scenario: 'kill-primary@pg18', status: 'passed' },
      { scenario: 'kill-primary@pg17', status: 'passed' },
    ]);
    expect(table).toEqual({
      majors: [15, 17, 18],
      rows: [
        { scenario: 'trigger-file', byMajor: { 15: 'passed', 17: 'failed', 18: 'failed' }, differs: true },
        { scenario: 'kill-primary', byMajor: { 15: 'passed', 17: 'passed', 18: 'passed' }, differs: false },
      ],
    });
  });

  it('is null for a run on one major', () => {
    expect(majorsTable([{ scenario: 'kill-primary', status: 'passed' }])).toBeNull();
    expect(majorsTable([{ scenario: 'kill-primary@pg17', status: 'passed' }])).toBeNull();
  });
});
