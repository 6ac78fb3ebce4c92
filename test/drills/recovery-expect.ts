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
