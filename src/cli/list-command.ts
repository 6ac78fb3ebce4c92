/**
 * `pgdrill list [DIR] [--tag T]... [--grep P] [--long] [--json] [--reports DIR]`: one line per
 * scenario — name, tags, steps, and its last verdict and duration where a run folder under
 * `--reports` (default `reports/`) has it; `--long` adds the descriptions, `--json` everything.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExitCode } from '../errors.ts';
import { UsageError } from '../errors.ts';
import type { RunIndex } from '../report/run-index.ts';
import { shownStatus } from '../result/verdicts.ts';
import { loadScenarios } from '../scenario/load.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { describeSelection, selector } from '../scenario/select.ts';
import { statedExpectations } from '../scenario/check-consistency.ts';
import { print } from './output.ts';

export interface ListOptions {
  tag?: string[];
  grep?: string;
  long?: boolean;
  json?: boolean;
  reports?: string;
}

/** A scenario's last known run: from the newest run folder that has it. */
export interface LastRun {
  runId: string;
  startedAt: string;
  verdict: string;
  durationMs: number | null;
}

export async function listCommand(dir: string, options: ListOptions = {}): Promise<ExitCode> {
  const selection = { tags: options.tag, ...(options.grep !== undefined ? { grep: options.grep } : {}) };
  const scenarios = (await loadScenarios([dir])).filter(selector(selection));
  if (scenarios.length === 0 && (options.tag?.length || options.grep !== undefined))
    throw new UsageError(`no scenario in ${dir} matches ${describeSelection(selection)}`);
  const last = await lastRuns(options.reports ?? 'reports');
  if (options.json) {
    print(JSON.stringify({ schemaVersion: 1, scenarios: scenarios.map((s) => entryOf(s, last.get(s.name))) }, null, 2));
    return 0;
  }
  const width = Math.max(...scenarios.map((s) => s.name.length), 4);
  for (const s of scenarios) {
    const run = last.get(s.name);
    const steps = s.chaos ? 'chaos' : `${s.steps.length} steps`;
    const seen = run
      ? `  last: ${run.verdict}${run.durationMs === null ? '' : ` in ${Math.round(run.durationMs / 1000)}s`}`
      : '';
    const xfail = s.xfail ? '  xfail' : '';
    print(`${s.name.padEnd(width)}  ${steps.padEnd(9)} [${s.tags.join(', ')}]${xfail}${seen}`);
    if (options.long)
      print(
        `${' '.repeat(width + 2)}${path.relative(process.cwd(), s.file)}${s.description ? ` — ${s.description}` : ''}`,
      );
  }
  return 0;
}

function entryOf(s: Scenario, last: LastRun | undefined) {
  return {
    name: s.name,
    file: path.relative(process.cwd(), s.file),
    description: s.description ?? null,
    tags: s.tags,
    postgres: s.topology.postgres.version,
    steps: s.steps.length,
    chaos: s.chaos !== undefined,
    xfail: s.xfail ?? null,
    expectations: statedExpectations(s.expect),
    lastRun: last ?? null,
  };
}

/** Every scenario's newest run among the run folders (each with index.json) directly under `dir`. */
export async function lastRuns(dir: string): Promise<Map<string, LastRun>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const indexes = (
    await Promise.all(
      names.map((name) =>
        readFile(path.join(dir, name, 'index.json'), 'utf8')
          .then((text) => JSON.parse(text) as RunIndex)
          .catch(() => null),
      ),
    )
  ).filter((i): i is RunIndex => i !== null && Array.isArray(i.scenarios));
  indexes.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const last = new Map<string, LastRun>();
  for (const index of indexes)
    for (const s of index.scenarios)
      last.set(s.scenario, {
        runId: index.runId,
        startedAt: index.startedAt,
        verdict: shownStatus(s),
        durationMs: s.figures?.durationMs ?? null,
      });
  return last;
}
