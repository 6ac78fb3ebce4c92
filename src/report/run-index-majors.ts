/**
 * `pgdrill run --pg 15,17,18`: the same scenario on several PostgreSQL majors, named
 * `<scenario>@pg<major>`. The run index shows one row per scenario and one column per major, and
 * calls out a scenario whose verdict differs between them: that is what a team moving majors
 * needs to read first.
 */
import { parseMajorCopy } from '../model/pg-major.ts';
import type { ScenarioStatus } from '../result/result.ts';

export interface MajorsRow {
  scenario: string;
  /** status by major, as given in the run */
  byMajor: Record<string, ScenarioStatus>;
  /** the verdict is not the same on every major it ran on */
  differs: boolean;
}

export interface MajorsTable {
  majors: number[];
  rows: MajorsRow[];
}

/** The table, or null when no scenario ran on more than one major. */
export function majorsTable(scenarios: readonly { scenario: string; status: ScenarioStatus }[]): MajorsTable | null {
  const rows = new Map<string, MajorsRow>();
  const majors = new Set<number>();
  for (const { scenario, status } of scenarios) {
    const copy = parseMajorCopy(scenario);
    if (!copy) continue;
    majors.add(copy.major);
    const row = rows.get(copy.scenario) ?? { scenario: copy.scenario, byMajor: {}, differs: false };
    row.byMajor[String(copy.major)] = status;
    rows.set(copy.scenario, row);
  }
  if (majors.size < 2) return null;
  for (const row of rows.values()) row.differs = new Set(Object.values(row.byMajor)).size > 1;
  return { majors: [...majors].sort((a, b) => a - b), rows: [...rows.values()] };
}
