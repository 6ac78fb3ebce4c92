/** What the backup and recovery drills assert of a result, shared by the files that run them. */
import { expect } from 'vitest';
import type { ScenarioResult } from '../../src/result/result.ts';
import type { RecoveryCheck } from '../../src/checks/types.ts';

export const recoveries = (result: ScenarioResult): RecoveryCheck[] => result.metrics?.recovery.recoveries ?? [];

/** Each table's digest on the restored node is the expected one, side by side in the report. */
export function expectEqualSnapshots(check: RecoveryCheck): void {
  expect(check.passed, check.reason).toBe(true);
  expect(check.tables.length).toBeGreaterThan(0);
  for (const table of check.tables) expect(table.actual, table.table).toEqual(table.expected);
  expect(check.extraKeysTotal).toBe(0);
  expect(check.missingKeysTotal).toBe(0);
}

/**
 * basebackup-incremental-pitr: the full and the incremental backup verified, each recovery made
 * from their combination (pg_combinebackup, then pg_verifybackup) equal to what it must hold.
 */
export function expectIncrementalChainRestored(result: ScenarioResult): void {
  const [full, incr] = result.metrics!.recovery.backups;
  expect(full).toMatchObject({
    name: 'full',
    type: 'full',
    verification: { tool: 'pg_verifybackup', passed: true },
  });
  expect(incr).toMatchObject({ name: 'incr', type: 'incr', buildsOn: 'full', verification: { passed: true } });
  const checks = recoveries(result);
  expect(checks.map((c) => c.kind)).toEqual(['restore', 'pitr']);
  for (const check of checks) expectEqualSnapshots(check);
  const combined = result.timeline.filter((e) => e.message.startsWith('pg_combinebackup full + incr into'));
  expect(combined.map((e) => e.message)).toEqual([
    expect.stringMatching(/into restore-1; pg_verifybackup: backup successfully verified$/),
    expect.stringMatching(/into pitr-1; pg_verifybackup: backup successfully verified$/),
  ]);
}
