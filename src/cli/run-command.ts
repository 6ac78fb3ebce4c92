/**
 * `pgdrill run FILE|DIR... [-j N] [--shard I/N [--durations INDEX.json]] [--report-dir DIR] [--tag T] [--json] [--sign-key KEY.pem]
 *  [--reporter terminal|tap|github]... [--junit FILE] [--allure DIR]`
 */
import path from 'node:path';
import { ScenarioError, type ExitCode, type ScenarioIssue } from '../errors.ts';
import type { RunSummary, ScenarioResult } from '../result/result.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { loadScenarios } from '../scenario/load.ts';
import { scenarioFilesIn } from '../scenario/scenario-files.ts';
import { planRun, type RunPlan } from '../plan/plan.ts';
import { requireReady } from '../setup/setup.ts';
import { provenanceOf } from '../plan/provenance.ts';
import { pingEngine } from '../setup/docker-engine.ts';
import { engineLost, unlessEngineLost, watchEngine } from './engine-watchdog.ts';
import { runScenario } from '../run/run-scenario.ts';
import { scenarioDir } from '../report/writer.ts';
import { redactDeep, redactSecrets } from '../redact.ts';
import { loadPrivateKey } from '../report/signature.ts';
import { InfrastructureError, UsageError } from '../errors.ts';
import { installInterruptHandler } from './interrupt.ts';
import { newRunId } from './run-id.ts';
import { exitCodeFor } from './exit-code.ts';
import { print, progress, useColor } from './output.ts';
import pLimit from 'p-limit';
import { resolveJobs } from './jobs.ts';
import { parseShard, shardOf } from '../plan/shard.ts';
import { readDurations } from './durations.ts';
import { parseMajors } from './pg-option.ts';
import type { PgMajor } from '../model/pg-major.ts';
import { LiveStatuses, StatusLine } from './status-line.ts';
import { ReporterMultiplexer } from '../report/reporters/multiplexer.ts';
import type { Reporter, ReporterFailure, RunEnd, ScenarioSource } from '../report/reporters/reporter.ts';
import { jsonReporter, terminalReporter } from '../report/reporters/terminal.ts';
import { tapReporter } from '../report/reporters/tap.ts';
import { githubReporter } from '../report/reporters/github.ts';
import { junitReporter } from '../report/reporters/junit.ts';
import { allureReporter } from '../report/reporters/allure.ts';
import { reportDirReporter } from '../report/reporters/report-dir.ts';
import { locateScenario } from './scenario-source.ts';

/** What `--reporter` may name; the report directory, --junit and --allure are always on when given. */
export const REPORTER_NAMES = ['terminal', 'tap', 'github'] as const;
type ReporterName = (typeof REPORTER_NAMES)[number];

export interface RunCommandOptions {
  /** `--pg 15,17,18`: every scenario on each of these majors */
  pg?: string;
  reportDir?: string;
  tag?: string[];
  json?: boolean;
  /** PEM Ed25519 private key: manifest.sha256 is signed into manifest.sha256.sig */
  signKey?: string;
  /** stdout and annotation reporters; default terminal (and github inside GitHub Actions) */
  reporter?: string[];
  /** write JUnit XML here */
  junit?: string;
  /** write Allure results into this directory */
  allure?: string;
  /** drills at once (`-j`); default: what the machine can hold (./jobs.ts) */
  jobs?: string;
  /** `i/n`: run only this machine's share of the drills (../plan/shard.ts) */
  shard?: string;
  /** an earlier run's index.json: the drills' durations that balance the shards */
  durations?: string;
}

export async function runCommand(paths: string[], options: RunCommandOptions): Promise<ExitCode> {
  const chosen = chooseReporters(options);
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  const durations =
    options.durations === undefined ? new Map<string, number>() : await readDurations(options.durations);
  const majors = options.pg === undefined ? undefined : parseMajors(options.pg, '--pg');
  const loaded = await loadAndPlan(paths, options.tag, majors);
  if (!loaded.ok) {
    // nothing runs; the reporters that can say so (JUnit, Allure, TAP, GitHub annotations) do, then exit 2
    const invalid = reporters(chosen, { reportDir: '', show: displayPath });
    await invalid.onEnd(invalidRun(loaded.issues, loaded.notRun));
    throw new ScenarioError(loaded.issues);
  }
  const all = loaded.plans.map((p) => p.scenario.name);
  const mine = shard ? new Set(shardOf(all, shard, durations)) : undefined;
  const plans = mine ? loaded.plans.filter((p) => mine.has(p.scenario.name)) : loaded.plans;
  if (shard) progress(`shard ${shard.index}/${shard.total}: ${plans.length} of ${all.length} drill(s)`);
  const jobs = resolveJobs(options.jobs, plans.length);
  const signKey = options.signKey === undefined ? undefined : await loadPrivateKey(options.signKey); // checked before any container too

  const runId = newRunId();
  const reportDir = path.resolve(options.reportDir ?? path.join('reports', runId));
  const startedAt = new Date();
  const t0 = performance.now();
  // Every input fingerprinted now, before any container: what each drill's report names is what was loaded.
  const recorded = await Promise.all(plans.map((p) => provenanceOf(p.scenario)));
  const images = await requireReady([...new Set(plans.map((p) => p.scenario.topology.postgres.version))], progress);
  const mux = reporters(chosen, { reportDir, signKey, show: displayPath });
  const controller = new AbortController();
  const removeHandler = installInterruptHandler(controller);
  const stopWatchdog = watchEngine(controller, { ping: pingEngine });
  const summary: RunSummary = {
    runId,
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    reportDir,
    scenarios: [],
    exitCode: 0,
    ...(shard ? { shard: { ...shard, scenarios: all } } : {}),
  };
  const results: ScenarioResult[] = [];
  const sources: Record<string, ScenarioSource> = {};
  await mux.onBegin({
    runId,
    reportDir,
    scenarios: plans.map((p) => ({ name: p.scenario.name, file: p.scenario.file })),
  });
  const status = new LiveStatuses(new StatusLine());
  // onScenarioEnd one drill at a time: a verdict's lines and its report are written whole
  let reporting = Promise.resolve();
  const finished: { index: number; result: ScenarioResult; entry: RunSummary['scenarios'][number] }[] = [];
  const runOne = async (i: number): Promise<void> => {
    const plan = plans[i]!;
    controller.signal.throwIfAborted(); // Ctrl-C or a failed drill: no next cluster
    const locator = await locateScenario(plan.scenario);
    const { provenance, scenarioText } = recorded[i]!;
    const name = plan.scenario.name;
    const { image, imageId } = images.get(plan.scenario.topology.postgres.version)!;
    const drill = runScenario(plan, {
      runId: `${runId}-${i + 1}`,
      image,
      imageId,
      signal: controller.signal,
      log: status.line,
      status: (live) => status.update(name, live),
      provenance,
    });
    const run = await unlessEngineLost(drill, controller.signal).finally(() => status.done(name));
    // A drill can race to an end within a second of the engine dying (its steps fail at once):
    // its verdict describes the engine's death, not the cluster, so it is no verdict at all.
    if (!(await pingEngine(AbortSignal.timeout(5_000)))) throw engineLost('it did not answer when the drill ended');
    // the watchdog may have fired while the drill swallowed the errors (collecting logs)
    if (controller.signal.reason instanceof InfrastructureError) throw controller.signal.reason;
    // Reporters see only redacted data: results are printed by --json and CI logs keep stdout.
    const redact = (text: string) => redactSecrets(text, run.secrets);
    const result = redactDeep(run.result, run.secrets);
    const dir = scenarioDir(reportDir, result.scenario);
    const source = locator.sourceFor(result.expectations.map((e) => e.name));
    sources[result.scenario] = source;
    finished.push({
      index: i,
      result,
      entry: {
        scenario: result.scenario,
        status: result.status,
        verdict: result.verdict,
        dir: path.relative(reportDir, dir),
        failedExpectations: result.expectations.filter((e) => !e.passed).map((e) => e.name),
      },
    });
    const outcome = {
      result,
      dir,
      source,
      logs: mapValues(run.logs, redact),
      // the scenario as it ran, beside its result: the manifest covers it and verify names a change
      attachments: mapValues({ ...run.attachments, 'scenario.yaml': scenarioText }, redact),
    };
    reporting = reporting.then(() => mux.onScenarioEnd(outcome));
    await reporting;
  };
  const limit = pLimit(jobs);
  let firstError: unknown;
  try {
    await Promise.all(
      plans.map((_, i) =>
        limit(() =>
          runOne(i).catch((error: unknown) => {
            // the first failure stops the run: the drills still running clean up and end
            if (firstError === undefined) firstError = error;
            if (!controller.signal.aborted) controller.abort(error);
          }),
        ),
      ),
    );
    if (firstError !== undefined) {
      // the engine was lost: that, not whichever call failed first without it, is what the user must hear
      if (controller.signal.reason instanceof InfrastructureError) throw controller.signal.reason;
      throw firstError;
    }
  } finally {
    stopWatchdog();
    removeHandler();
  }
  // the run index, JUnit and the summary list drills in the order given, whatever order they ended in
  finished.sort((a, b) => a.index - b.index);
  results.push(...finished.map((f) => f.result));
  summary.scenarios.push(...finished.map((f) => f.entry));
  summary.durationMs = Math.round(performance.now() - t0);
  summary.exitCode = exitCodeFor(results);
  await mux.onEnd({ summary, results, sources, invalid: [], notRun: [] });
  if (mux.failures.length > 0) throw reportsIncomplete(mux.failures, reportDir);
  return summary.exitCode;
}

/**
 * Outputs a CI or an auditor relies on were not all written (a full disk, a read-only path, a
 * renderer's bug): pgdrill itself failed, whatever the verdict. Each failure was printed as it
 * happened; this is the exit 3 with what to do.
 */
function reportsIncomplete(failures: readonly ReporterFailure[], reportDir: string): InfrastructureError {
  const which = [...new Set(failures.map((f) => f.reporter))].join(', ');
  const first = failures[0]?.error;
  const cause = first instanceof Error ? first.message : String(first);
  return new InfrastructureError('PGDRILL_REPORT_INCOMPLETE', `the ${which} output(s) could not be written: ${cause}`, {
    hint: `The verdict above stands, but its report is incomplete. Free space in ${displayPath(reportDir)} (or choose another --report-dir, --junit or --allure path) and run the drill again.`,
  });
}

type Loaded = { ok: true; plans: RunPlan[] } | { ok: false; issues: ScenarioIssue[]; notRun: string[] };

/** Every file is loaded and planned before any container starts; all their problems are gathered (exported: the fuzz test drives it). */
export async function loadAndPlan(
  paths: string[],
  tags: string[] | undefined,
  majors?: readonly PgMajor[],
): Promise<Loaded> {
  let scenarios: Scenario[];
  try {
    scenarios = await loadScenarios(paths, majors);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    const bad = new Set(error.issues.map((i) => path.resolve(i.position.file)));
    const files = [...new Set((await Promise.all(paths.map(scenarioFilesIn))).flat())];
    return { ok: false, issues: error.issues, notRun: files.filter((f) => !bad.has(path.resolve(f))) };
  }
  scenarios = scenarios.filter((s) => !tags?.length || tags.some((t) => s.tags.includes(t)));
  if (scenarios.length === 0)
    throw new UsageError(
      `no scenario matches${tags?.length ? ` tag(s) ${tags.join(', ')}` : ''} in ${paths.join(', ')}`,
    );
  const plans: RunPlan[] = [];
  const issues: ScenarioIssue[] = [];
  for (const scenario of scenarios) {
    try {
      plans.push(planRun(scenario));
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length === 0) return { ok: true, plans };
  const bad = new Set(issues.map((i) => path.resolve(i.position.file)));
  return { ok: false, issues, notRun: plans.map((p) => p.scenario.file).filter((f) => !bad.has(path.resolve(f))) };
}

interface ChosenReporters {
  stdout: 'terminal' | 'tap' | 'json' | 'none';
  annotate: boolean;
  junit?: string;
  allure?: string;
}

/** Resolves the reporter options once; two reporters that both want stdout are a usage error. */
export function chooseReporters(
  options: Pick<RunCommandOptions, 'json' | 'reporter' | 'junit' | 'allure'>,
  env: Record<string, string | undefined> = process.env,
): ChosenReporters {
  const names = (options.reporter ?? []).flatMap((r) => r.split(',')).map((r) => r.trim());
  for (const name of names)
    if (!(REPORTER_NAMES as readonly string[]).includes(name))
      throw new UsageError(`unknown reporter ${JSON.stringify(name)}: choose from ${REPORTER_NAMES.join(', ')}`);
  const has = (name: ReporterName) => names.includes(name);
  const onStdout = [...(options.json ? ['--json'] : []), ...names.filter((n) => n !== 'github')];
  if (new Set(onStdout).size > 1)
    throw new UsageError(`${[...new Set(onStdout)].join(' and ')} both write to stdout: choose one`);
  const stdout = options.json
    ? 'json'
    : has('tap')
      ? 'tap'
      : has('terminal') || names.length === 0
        ? 'terminal'
        : 'none';
  return {
    stdout,
    annotate: has('github') || env.GITHUB_ACTIONS === 'true',
    junit: options.junit,
    allure: options.allure,
  };
}

function reporters(
  chosen: ChosenReporters,
  context: { reportDir: string; signKey?: Awaited<ReturnType<typeof loadPrivateKey>>; show: (f: string) => string },
): ReporterMultiplexer {
  const list: Reporter[] = [];
  if (chosen.stdout === 'terminal') list.push(terminalReporter({ print, color: useColor(), show: context.show }));
  if (chosen.stdout === 'tap') list.push(tapReporter(print));
  if (chosen.stdout === 'json') list.push(jsonReporter(print));
  // annotations are workflow commands, which GitHub reads on stderr too: stdout stays the chosen reporter's
  list.push(githubReporter({ annotate: chosen.annotate, emit: progress, say: progress }));
  if (chosen.junit !== undefined) list.push(junitReporter(chosen.junit));
  if (chosen.allure !== undefined) list.push(allureReporter(chosen.allure));
  // last: the manifest lists whatever the others wrote inside the run directory
  if (context.reportDir)
    list.push(
      reportDirReporter({ reportDir: context.reportDir, signKey: context.signKey, say: progress, show: context.show }),
    );
  return new ReporterMultiplexer(list, reportFailure);
}

/** A reporter that failed is named with its error; the run, the other reporters and the verdict go on. */
function reportFailure({ reporter, hook, error }: ReporterFailure): void {
  const message = error instanceof Error ? error.message : String(error);
  progress(`pgdrill: the ${reporter} reporter failed (${hook}): ${message}`);
  if (process.env.PGDRILL_DEBUG && error instanceof Error && error.stack) progress(error.stack);
}

function invalidRun(issues: ScenarioIssue[], notRun: string[]): RunEnd {
  const summary: RunSummary = {
    runId: newRunId(),
    startedAt: new Date().toISOString(),
    durationMs: 0,
    reportDir: '',
    scenarios: [],
    exitCode: 2,
  };
  return { summary, results: [], sources: {}, invalid: issues, notRun };
}

const mapValues = (record: Record<string, string>, f: (v: string) => string): Record<string, string> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

/** Relative to where the user is when that is shorter, absolute otherwise. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
