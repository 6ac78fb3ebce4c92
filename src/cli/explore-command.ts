/**
 * `pgdrill explore FILE --runs N [--seed S] [--shrink-runs K] [--trials T] [--report-dir DIR]`:
 * N schedules drawn from a chaos scenario (fast-check, from one seed), each run as a drill; the
 * first that breaks an invariant is shrunk (fewer faults, shorter, plainer targets) within K more
 * drills, each candidate run up to T times so that a lucky pass does not count as a fix, and the
 * smallest schedule that still fails is written as a scenario with fixed steps.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { type ExitCode, UsageError } from '../errors.ts';
import type { ScheduledFault } from '../model/chaos.ts';
import { chaosNodes } from '../plan/chaos/materialize.ts';
import { scheduleArbitrary } from '../plan/chaos/schedule.ts';
import type { ScenarioResult } from '../result/result.ts';
import { loadScenarios } from '../scenario/load.ts';
import { type ExploreSummary, renderExploreHtml, renderExploreMarkdown, sideBySide } from '../report/explore.ts';
import { ChaosRunner } from './chaos-runner.ts';
import { DrillSession, displayPath } from './drill-session.ts';
import { progress } from './output.ts';
import { chooseReporters, reporters, seedOption } from './run-command.ts';

export interface ExploreOptions {
  runs?: string;
  seed?: string;
  shrinkRuns?: string;
  trials?: string;
  reportDir?: string;
  json?: boolean;
}

export async function exploreCommand(file: string, options: ExploreOptions): Promise<ExitCode> {
  const runs = positive(options.runs ?? '10', '--runs');
  const shrinkRuns = positive(options.shrinkRuns ?? '10', '--shrink-runs', 0);
  const trials = positive(options.trials ?? '2', '--trials');
  const seed = options.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : seedOption(options.seed, '--seed');
  const [scenario] = await loadScenarios([file]);
  if (!scenario?.chaos)
    throw new UsageError(
      `${file} has no chaos block: explore draws schedules from one (run a fixed scenario with pgdrill run)`,
    );
  progress(
    `explore ${scenario.name}: seed ${seed}, ${runs} run(s) (again: pgdrill explore ${file} --runs ${runs} --seed ${seed})`,
  );
  const chosen = chooseReporters({ json: options.json });
  const session = await DrillSession.open([scenario.topology.postgres.version], [], {
    ...(options.reportDir ? { reportDir: options.reportDir } : {}),
    reporters: (reportDir) => reporters(chosen, { reportDir, show: displayPath }),
  });
  const runner = new ChaosRunner(session, scenario);
  const summary: ExploreSummary = {
    schemaVersion: 1,
    scenario: scenario.name,
    file: scenario.file,
    seed,
    runs: [],
    found: null,
  };
  let firstFailure: { faults: ScheduledFault[]; result: ScenarioResult } | undefined;
  let smallest: { faults: ScheduledFault[]; result: ScenarioResult } | undefined;
  let shrinksLeft = shrinkRuns;
  let fatal: unknown;

  const trial = async (faults: ScheduledFault[], phase: 'explore' | 'shrink' | 'confirm') => {
    const result = await runner.run(faults, { seed });
    summary.runs.push({ drill: result.scenario, phase, status: result.status, faults: faults.length });
    return result;
  };
  const property = fc.asyncProperty(
    scheduleArbitrary(scenario.chaos.spec, chaosNodes(scenario.topology)),
    async (faults) => {
      if (fatal !== undefined) return true;
      try {
        if (!firstFailure) {
          const result = await trial(faults, 'explore');
          if (result.status !== 'failed') return true;
          firstFailure = smallest = { faults, result };
          progress(`explore: ${result.scenario} broke ${brokenBy(result)}; shrinking its ${faults.length} fault(s)`);
          return false;
        }
        // shrinking: a candidate counts as failing if any of its trials fails
        for (let t = 0; t < trials; t++) {
          if (shrinksLeft <= 0) return true;
          shrinksLeft--;
          const result = await trial(faults, 'shrink');
          if (result.status === 'failed') {
            smallest = { faults, result };
            return false;
          }
        }
        return true;
      } catch (error) {
        fatal = error; // the engine lost or Ctrl-C: no verdict, no more drills
        return true;
      }
    },
  );
  await fc.check(property, { seed, numRuns: runs });
  if (fatal !== undefined) {
    session.close();
    throw fatal;
  }
  if (firstFailure && smallest) {
    // the smallest schedule once more: a schedule that fails only sometimes is reported as flaky
    const again = smallest.faults === firstFailure.faults ? smallest.result : await trial(smallest.faults, 'confirm');
    const flaky = again.status !== 'failed';
    const scenarioFile = path.join(session.reportDir, `${scenario.name}-seed-${seed}.yaml`);
    await writeFile(
      scenarioFile,
      await runner.written(smallest.faults, { seed, name: `${scenario.name}-seed-${seed}` }),
    );
    summary.found = {
      original: firstFailure.faults,
      shrunk: smallest.faults,
      flaky,
      failingDrill: smallest.result.scenario,
      confirmDrill: again.scenario,
      scenarioFile,
      failedExpectations: smallest.result.expectations.filter((e) => !e.passed).map((e) => e.name),
    };
    progress(sideBySide(firstFailure.faults, smallest.faults));
    progress(
      `explore: the smallest failing schedule, as a scenario: ${displayPath(scenarioFile)}${flaky ? ' — FLAKY: it passed when run again' : ''}`,
    );
  } else progress(`explore: ${summary.runs.length} run(s), no invariant broken (seed ${seed})`);
  await writeFile(path.join(session.reportDir, 'explore.json'), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(path.join(session.reportDir, 'explore.html'), renderExploreHtml(summary));
  await writeFile(path.join(session.reportDir, 'explore.md'), renderExploreMarkdown(summary));
  progress(`explore: ${displayPath(path.join(session.reportDir, 'explore.html'))}`);
  await session.end();
  return summary.found ? 1 : 0;
}

function brokenBy(result: ScenarioResult): string {
  const failed = result.expectations.filter((e) => !e.passed).map((e) => e.name);
  return failed.length > 0 ? failed.join(', ') : (result.error?.message ?? 'a step');
}

function positive(text: string, option: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${option} takes a whole number of at least ${min}, not ${JSON.stringify(text)}`);
  return n;
}
