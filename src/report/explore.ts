/**
 * What an exploration found, for people: its schedules one fault per line, and the first failing
 * schedule beside the shrunk one. explore.json's shape is here too, read by the pages and tests.
 */
import type { ScheduledFault } from '../model/chaos.ts';
import type { ScenarioResult } from '../result/result.ts';

/** What explore.json says: the exploration's seed, each run's verdict, and what it found. */
export interface ExploreSummary {
  schemaVersion: 1;
  scenario: string;
  file: string;
  seed: number;
  runs: { drill: string; phase: 'explore' | 'shrink' | 'confirm'; status: ScenarioResult['status']; faults: number }[];
  found: null | {
    /** the first schedule that broke an invariant, as drawn */
    original: ScheduledFault[];
    /** the smallest that still did within the budget */
    shrunk: ScheduledFault[];
    /** the shrunk schedule passed when run again: the failure does not reproduce every time */
    flaky: boolean;
    /** the scenario file with the shrunk schedule as fixed steps */
    scenarioFile: string;
    failedExpectations: string[];
  };
}

/** `+1.5s partition primary for 3s`, one line per fault. */
export function describeSchedule(faults: readonly ScheduledFault[]): string[] {
  const s = (ms: number) => `${Number((ms / 1000).toFixed(1))}s`;
  return faults.map(
    (f) =>
      `+${s(f.gapMs)} ${f.fault} ${f.nodes.join(', ')}${f.nodes.join() === f.target ? '' : ` (${f.target})`} for ${s(f.lastingMs)}`,
  );
}

/** The first failing schedule beside the shrunk one, one fault per line. */
export function sideBySide(original: ScheduledFault[], shrunk: ScheduledFault[]): string {
  const left = ['first failing schedule', ...describeSchedule(original)];
  const right = ['shrunk', ...describeSchedule(shrunk)];
  const width = Math.max(...left.map((l) => l.length)) + 3;
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) =>
    `${(left[i] ?? '').padEnd(width)}${right[i] ?? ''}`.trimEnd(),
  ).join('\n');
}
