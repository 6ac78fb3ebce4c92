/**
 * `pgdrill run FILE|DIR... [-j N] [--shard I/N [--durations INDEX.json]] [--report-dir DIR] [--tag T] [--json] [--sign-key KEY.pem]
 *  [--reporter terminal|tap|github]... [--junit FILE] [--allure DIR]`
 */
import type { KeepWhen } from '../run/keep.ts';
import path from 'node:path';
import { ScenarioError, type ExitCode, type ScenarioIssue } from '../errors.ts';
import type { RunSummary } from '../result/result.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { loadScenarios } from '../scenario/load.ts';
import { warnUnavailable } from './fault-availability.ts';
import { scenarioFilesIn } from '../scenario/scenario-files.ts';
import { planRun, type RunPlan } from '../plan/plan.ts';
import { provenanceOf } from '../plan/provenance.ts';
import { loadPrivateKey } from '../report/signature.ts';
import { UsageError } from '../errors.ts';
import { newRunId } from './run-id.ts';
import { print, progress, useColor } from './output.ts';
import { resolveJobs } from './jobs.ts';
import { parseShard, shardOf } from '../plan/shard.ts';
import { readDurations } from './durations.ts';
import { parseMajors } from './pg-option.ts';
import type { PgMajor } from '../model/pg-major.ts';
import { ReporterMultiplexer } from '../report/reporters/multiplexer.ts';
import type { Reporter, ReporterFailure, RunEnd } from '../report/reporters/reporter.ts';
import { jsonReporter, terminalReporter } from '../report/reporters/terminal.ts';
import { tapReporter } from '../report/reporters/tap.ts';
import { githubReporter } from '../report/reporters/github.ts';
import { junitReporter } from '../report/reporters/junit.ts';
import { allureReporter } from '../report/reporters/allure.ts';
import { reportDirReporter } from '../report/reporters/report-dir.ts';
import { DrillSession, displayPath } from './drill-session.ts';
import type { Schedule } from '../model/chaos.ts';
import { chaosNodes, materialize } from '../plan/chaos/materialize.ts';
import { drawSchedule } from '../plan/chaos/schedule.ts';
import { trialName } from '../report/trials.ts';
import { describeSelection, selector } from '../scenario/select.ts';
import { trialsReporter } from '../report/reporters/trials.ts';

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
  /** the seed a chaos scenario's one schedule is drawn from (default: random, printed) */
  seed?: string;
  /** `--repeat N`: every scenario N times, identically, reported as a distribution */
  repeat?: string;
  /** only scenarios whose name matches this regular expression */
  grep?: string;
  /** leave a drill's cluster up after its verdict: on-failure, always (default never) */
  keep?: string;
  /** wait for Enter before each step (one drill at a time) */
  step?: boolean;
}

/** A seed as fast-check takes it: a whole number from 0 to 2^31 - 1. */
export function seedOption(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 31)
    throw new UsageError(`${option} takes a whole number from 0 to 2147483647, not ${JSON.stringify(text)}`);
  return n;
}

export async function runCommand(paths: string[], options: RunCommandOptions): Promise<ExitCode> {
  const chosen = chooseReporters(options);
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  const durations =
    options.durations === undefined ? new Map<string, number>() : await readDurations(options.durations);
  const majors = options.pg === undefined ? undefined : parseMajors(options.pg, '--pg');
  const chaosSeed =
    options.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : seedOption(options.seed, '--seed');
  const loaded = await loadAndPlan(paths, options.tag, majors, chaosSeed, options.grep);
  if (!loaded.ok) {
    // nothing runs; the reporters that can say so (JUnit, Allure, TAP, GitHub annotations) do, then exit 2
    const invalid = reporters(chosen, { reportDir: '', show: displayPath });
    await invalid.onEnd(invalidRun(loaded.issues, loaded.notRun));
    throw new ScenarioError(loaded.issues);
  }
  const repeat = repeatOption(options.repeat);
  const keep = keepOption(options.keep);
  const all = loaded.plans.flatMap((p) => trialsOf(p, repeat)).map((p) => p.scenario.name);
  const mine = shard ? new Set(shardOf(all, shard, durations)) : undefined;
  const trials = loaded.plans.flatMap((p) => trialsOf(p, repeat));
  const plans = mine ? trials.filter((p) => mine.has(p.scenario.name)) : trials;
  if (shard) progress(`shard ${shard.index}/${shard.total}: ${plans.length} of ${all.length} drill(s)`);
  if (options.step && options.jobs !== undefined && options.jobs !== '1')
    throw new UsageError('--step goes through one drill at a time: leave out -j (or give -j 1)');
  const jobs = options.step ? 1 : resolveJobs(options.jobs, plans.length);
  const prompt = options.step ? (await import('./step-prompt.ts')).stepPrompt() : undefined;
  const signKey = options.signKey === undefined ? undefined : await loadPrivateKey(options.signKey); // checked before any container too

  // Every input fingerprinted now, before any container: what each drill's report names is what was loaded.
  const recorded = await Promise.all(plans.map((p) => provenanceOf(p.scenario)));
  const session = await DrillSession.open(
    plans.map((p) => p.scenario.topology.postgres.version),
    plans.map((p) => ({ name: p.scenario.name, file: p.scenario.file })),
    {
      reportDir: options.reportDir,
      reporters: (reportDir) => reporters(chosen, { reportDir, signKey, show: displayPath, trials: repeat > 1 }),
      ...(shard ? { shard: { ...shard, scenarios: all } } : {}),
      ...(keep ? { keep } : {}),
      ...(prompt ? { step: prompt } : {}),
    },
  );
  const schedules = plans.map(
    (p): Record<string, string> => (p.schedule ? { 'schedule.json': `${JSON.stringify(p.schedule, null, 2)}\n` } : {}),
  );
  return session.runAll(plans, jobs, recorded, schedules).finally(() => prompt?.close());
}

/** `--keep`: never (default), on-failure or always. */
function keepOption(text: string | undefined): KeepWhen | undefined {
  if (text === undefined || text === 'never') return undefined;
  if (text === 'on-failure' || text === 'always') return text;
  throw new UsageError(`--keep takes on-failure, always or never, not ${JSON.stringify(text)}`);
}

/** `--repeat`: a whole number of trials, 1 when not given. */
function repeatOption(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new UsageError(`--repeat takes a whole number of trials from 1 to 1000, not ${JSON.stringify(text)}`);
  return n;
}

/** The same plan `repeat` times, each trial named `<scenario>@trial<n>` (one trial keeps its name). */
function trialsOf(plan: DrawnPlan, repeat: number): DrawnPlan[] {
  if (repeat === 1) return [plan];
  return Array.from({ length: repeat }, (_, i) => ({
    ...plan,
    scenario: { ...plan.scenario, name: trialName(plan.scenario.name, i + 1) },
  }));
}

/** A plan, and for a chaos scenario the schedule drawn for it. */
type DrawnPlan = RunPlan & { schedule?: Schedule };

type Loaded = { ok: true; plans: DrawnPlan[] } | { ok: false; issues: ScenarioIssue[]; notRun: string[] };

/** Every file is loaded and planned before any container starts; all their problems are gathered (exported: the fuzz test drives it). */
export async function loadAndPlan(
  paths: string[],
  tags: string[] | undefined,
  majors?: readonly PgMajor[],
  chaosSeed = 0,
  grep?: string,
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
  const selection = { tags, ...(grep !== undefined ? { grep } : {}) };
  scenarios = scenarios.filter(selector(selection));
  if (scenarios.length === 0)
    throw new UsageError(
      `no scenario matches${tags?.length || grep !== undefined ? ` ${describeSelection(selection)}` : ''} in ${paths.join(', ')}`,
    );
  const plans: DrawnPlan[] = [];
  const issues: ScenarioIssue[] = [];
  for (const scenario of scenarios) {
    try {
      if (!scenario.chaos) {
        plans.push(planRun(scenario));
        continue;
      }
      // a chaos scenario under `run`: one schedule, drawn from the seed, run as fixed steps
      const faults = drawSchedule(scenario.chaos.spec, chaosNodes(scenario.topology), chaosSeed);
      progress(`${scenario.name}: chaos schedule drawn with seed ${chaosSeed} (again: --seed ${chaosSeed})`);
      plans.push({
        ...planRun(materialize(scenario, faults)),
        schedule: { file: scenario.file, seed: chaosSeed, faults },
      });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length === 0) {
    // a step this host cannot inject is said before the cluster starts, not found out mid-drill
    await warnUnavailable(scenarios, progress);
    return { ok: true, plans };
  }
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

export function reporters(
  chosen: ChosenReporters,
  context: {
    reportDir: string;
    signKey?: Awaited<ReturnType<typeof loadPrivateKey>>;
    show: (f: string) => string;
    /** `--repeat`: each scenario's distribution at the end, and trials.json */
    trials?: boolean;
  },
): ReporterMultiplexer {
  const list: Reporter[] = [];
  if (chosen.stdout === 'terminal') list.push(terminalReporter({ print, color: useColor(), show: context.show }));
  if (chosen.stdout === 'tap') list.push(tapReporter(print));
  if (chosen.stdout === 'json') list.push(jsonReporter(print));
  // annotations are workflow commands, which GitHub reads on stderr too: stdout stays the chosen reporter's
  list.push(githubReporter({ annotate: chosen.annotate, emit: progress, say: progress }));
  if (chosen.junit !== undefined) list.push(junitReporter(chosen.junit));
  if (chosen.allure !== undefined) list.push(allureReporter(chosen.allure));
  if (context.trials) list.push(trialsReporter({ reportDir: context.reportDir, say: progress }));
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
