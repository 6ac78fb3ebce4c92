/**
 * Runs the real `pgdrill` command as a user would, for the drill tests.
 *
 * Every run is also reported to Allure (when allure-vitest is collecting): the scenario's steps
 * and checks as Allure steps, its report and logs as attachments, its tags as labels. And an
 * unexpected exit code fails with the failed expectations up front (`expectExit`), which is what
 * the JUnit report shows as the failure message.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import * as allure from 'allure-js-commons';
import type { RuntimeMessage, RuntimeStopStepMessage } from 'allure-js-commons/sdk';
import { getGlobalTestRuntime } from 'allure-js-commons/sdk/runtime';
import type { BaseMessageTestRuntime } from 'allure-js-commons/sdk/runtime';
import { expect, it } from 'vitest';
import type { ScenarioResult, StepResult } from '../../src/result/result.ts';
import { VERDICT, formatActual, metricRows, stepStatus } from '../../src/report/format.ts';
import { scenarioDir } from '../../src/report/writer.ts';
import { drillStatus } from '../../src/result/verdicts.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'pgdrill.mjs');
const SCENARIOS = path.join(ROOT, 'scenarios');

export interface PgdrillRun {
  /** the command line after `pgdrill` */
  args: string[];
  /** `--report-dir` when given: where result.json files are */
  reportDir: string | undefined;
  /** of the pgdrill process: its containers carry it in their owner label */
  pid: number | undefined;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, for assertion messages */
  all: string;
}

/**
 * Runs `pgdrill ARGS`; afterwards its scenarios' results go to Allure (see reportToAllure).
 * The drills under test do not write to a GitHub job summary: the suite reports through JUnit
 * and Allure, so GITHUB_STEP_SUMMARY is unset for them unless `options.env` sets it.
 */
export async function pgdrill(
  args: string[],
  options: { env?: Record<string, string>; allure?: boolean } = {},
): Promise<PgdrillRun> {
  const env = { GITHUB_STEP_SUMMARY: undefined, ...options.env };
  const child = execa(process.execPath, [BIN, ...args], { cwd: ROOT, reject: false, all: true, env });
  const done = await child;
  const run: PgdrillRun = {
    args,
    reportDir: reportDirOf(args),
    pid: child.pid,
    exitCode: done.exitCode,
    stdout: String(done.stdout),
    stderr: String(done.stderr),
    all: String(done.all),
  };
  if (options.allure !== false) await reportToAllure(run);
  return run;
}

function reportDirOf(args: string[]): string | undefined {
  for (const [i, arg] of args.entries()) {
    if (arg === '--report-dir' && args[i + 1] !== undefined) return path.resolve(ROOT, args[i + 1]!);
    if (arg.startsWith('--report-dir=')) return path.resolve(ROOT, arg.slice('--report-dir='.length));
  }
  return undefined;
}

export const tempDir = (prefix: string) => mkdtemp(path.join(tmpdir(), `pgdrill-${prefix}-`));

export async function readResult(reportDir: string, scenario: string): Promise<ScenarioResult> {
  // the writer's own rule for a folder name (`kill-primary@pg17` → kill-primary_pg17)
  return JSON.parse(
    await readFile(path.join(scenarioDir(reportDir, scenario), 'result.json'), 'utf8'),
  ) as ScenarioResult;
}

/**
 * Every scenario result under `reportDir` with its folder, in the run's order (index.json) when
 * the run got that far, else by folder name; none when nothing was written.
 */
export async function readResults(reportDir: string): Promise<{ dir: string; result: ScenarioResult }[]> {
  let dirs: string[];
  try {
    const index = JSON.parse(await readFile(path.join(reportDir, 'index.json'), 'utf8')) as {
      scenarios: { dir: string }[];
    };
    dirs = index.scenarios.map((s) => s.dir);
  } catch {
    try {
      dirs = (await readdir(reportDir, { withFileTypes: true }))
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
    } catch {
      return [];
    }
  }
  const found: { dir: string; result: ScenarioResult }[] = [];
  for (const name of dirs) {
    const dir = path.resolve(reportDir, name);
    try {
      found.push({ dir, result: JSON.parse(await readFile(path.join(dir, 'result.json'), 'utf8')) as ScenarioResult });
    } catch {
      // a folder without a (readable) result.json is not a scenario's
    }
  }
  return found;
}

/**
 * Why a run did not exit as expected, failed expectations first (name, target, actual), then
 * failed steps and the error of each scenario, then the command's whole output.
 */
export async function explainRun(run: PgdrillRun, expectedExit: number | readonly number[]): Promise<string> {
  const expected = typeof expectedExit === 'number' ? expectedExit : expectedExit.join(' or ');
  const lines = [`pgdrill ${run.args.join(' ')} exited ${run.exitCode ?? '(killed)'}, expected ${expected}`];
  const results = run.reportDir ? await readResults(run.reportDir) : [];
  for (const { result, dir } of results) {
    const failed = result.expectations.filter((e) => !e.passed);
    const steps = result.steps.filter((s) => s.status === 'failed' || s.status === 'unexpected-success');
    if (result.status === 'passed' && failed.length === 0 && steps.length === 0) {
      lines.push(`${result.scenario}: passed`);
      continue;
    }
    lines.push(
      `${result.scenario}: ${result.status}${failed.length ? `, ${failed.length} failed expectation(s)` : ''}`,
    );
    for (const e of failed) lines.push(`  ✗ ${e.name}: expected ${e.expected}, actual ${formatActual(e)}`);
    for (const s of steps)
      lines.push(`  ✗ step ${s.index + 1} ${s.title} ${stepStatus[s.status]}${s.error ? `: ${s.error}` : ''}`);
    if (result.error)
      lines.push(
        `  error ${result.error.code}: ${result.error.message}${result.error.hint ? `\n  what to do: ${result.error.hint}` : ''}`,
      );
    lines.push(...(await logTails(dir, [...steps.map((s) => s.error ?? ''), result.error?.message ?? ''])));
  }
  if (run.reportDir && results.length === 0) lines.push(`(no result.json under ${run.reportDir})`);
  lines.push('', '--- pgdrill output ---', run.all.trimEnd(), '--- end of pgdrill output; exit code');
  return lines.join('\n');
}

const LOG_TAIL_LINES = 60;

/**
 * The last lines of the log of each node a failure names: the report folder is gone with the CI
 * machine, and a drill that fails there once in many runs can only be diagnosed from its output.
 */
async function logTails(dir: string, messages: string[]): Promise<string[]> {
  const nodes = [...new Set(messages.join('\n').match(/\b(pg-\d+|pgbouncer|haproxy|etcd-\d+)\b/g) ?? [])];
  const lines: string[] = [];
  for (const node of nodes) {
    const log = await readFile(path.join(dir, 'logs', `${node}.log`), 'utf8').catch(() => undefined);
    if (log === undefined) continue;
    lines.push(
      `  --- last ${LOG_TAIL_LINES} lines of logs/${node}.log ---`,
      ...log.trimEnd().split('\n').slice(-LOG_TAIL_LINES),
    );
  }
  return lines;
}

/** The run's exit code is `code` (or one of `code`); if not, the failure names the failed expectations, then shows the output. */
export async function expectExit(run: PgdrillRun, code: number | readonly number[]): Promise<void> {
  const codes = typeof code === 'number' ? [code] : code;
  if (run.exitCode !== undefined && codes.includes(run.exitCode)) return;
  expect(run.exitCode, await explainRun(run, code)).toBe(codes[0]);
}

/**
 * Containers that the pgdrill process `pid` created and that still exist (none, after any run).
 * Only its own: other drills may be running on the same engine.
 */
export async function leftoverContainers(pid: number | undefined): Promise<string[]> {
  if (pid === undefined) throw new Error('pgdrill never started');
  const { stdout } = await execa('docker', [
    'ps',
    '-a',
    '--filter',
    'label=io.pgdrill.owner',
    '--format',
    '{{.Names}} {{.Label "io.pgdrill.owner"}}',
  ]);
  return stdout
    .split('\n')
    .filter((line) => line.endsWith(`:${pid}`))
    .map((line) => line.split(' ')[0]!);
}

/**
 * Drills a folder's tests run side by side in one `pgdrill run -j BATCH_JOBS`: the suite uses
 * the parallel runner it ships. Each test then judges its own scenario's result.
 */
export const BATCH_JOBS = Number(process.env.PGDRILL_BATCH_JOBS ?? 2);
/** the first test of a batch waits for all of it */
export const BATCH_TIMEOUT_MS = 20 * 60_000;

export class DrillBatch {
  private ran?: Promise<{ run: PgdrillRun; reportDir: string }>;

  constructor(
    private readonly name: string,
    private readonly files: readonly string[],
    /** further `pgdrill run` options, e.g. `['--pg', '17,18']` */
    private readonly options: readonly string[] = [],
  ) {}

  /** Runs the batch once (the first caller starts it); `scenario`'s result, its folder and the whole run. */
  async result(scenario: string): Promise<{ run: PgdrillRun; result: ScenarioResult; dir: string }> {
    this.ran ??= (async () => {
      const reportDir = await tempDir(this.name);
      const run = await pgdrill(
        ['run', '-j', String(BATCH_JOBS), ...this.options, ...this.files, '--report-dir', reportDir],
        {
          allure: false,
        },
      );
      return { run, reportDir };
    })();
    const { run, reportDir } = await this.ran;
    await reportToAllure(run, scenario);
    const dir = path.join(reportDir, scenario);
    const result = await readResult(reportDir, scenario).catch(async () => {
      expect.fail(`no result for ${scenario}\n${await explainRun(run, 0)}`);
    });
    return { run, result: result!, dir };
  }
}

/**
 * One test per scenario in `folder`, all run as one batch: each passes, its timeline carries
 * each piece of evidence that the fault or procedure really happened, and nothing of the run is
 * left in Docker.
 */
export function drillsWithEvidence(folder: string, drills: { scenario: string; evidence: RegExp[] }[]): void {
  const batch = new DrillBatch(
    path.basename(folder),
    drills.map((d) => `${folder}/${d.scenario}.yaml`),
  );
  for (const { scenario, evidence } of drills) {
    it(
      `${scenario}: passes, with its evidence in the timeline`,
      async () => {
        const { run, result } = await batch.result(scenario);
        if (result.status !== 'passed') expect.fail(await explainRun(run, 0));
        const messages = result.timeline.map((e) => e.message);
        for (const pattern of evidence)
          expect(
            messages.some((m) => pattern.test(m)),
            `${pattern} in\n${messages.join('\n')}`,
          ).toBe(true);
        expect(await leftoverContainers(run.pid)).toEqual([]);
      },
      BATCH_TIMEOUT_MS,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Allure

/**
 * The Allure runtime of the current test, or null when allure-vitest is not collecting (its
 * setup file did not run: the no-op runtime has no sendMessage). Duck-typed, not instanceof: the
 * runtime may come from another copy of allure-js-commons.
 */
function allureRuntime(): BaseMessageTestRuntime | null {
  const runtime = getGlobalTestRuntime() as Partial<BaseMessageTestRuntime>;
  return typeof runtime.sendMessage === 'function' ? (runtime as BaseMessageTestRuntime) : null;
}

type Status = RuntimeStopStepMessage['data']['status'];

/** A step as it happened (real start and stop), with parameters and, when it failed, why. */
async function timedStep(
  runtime: BaseMessageTestRuntime,
  step: {
    name: string;
    start: number;
    stop: number;
    status: Status;
    message?: string;
    parameters?: [string, string][];
  },
  body?: () => Promise<void>,
): Promise<void> {
  const send = (message: RuntimeMessage) => runtime.sendMessage(message);
  await send({ type: 'step_start', data: { name: step.name, start: step.start } });
  const parameters = (step.parameters ?? []).map(([name, value]) => ({ name, value }));
  if (parameters.length) await send({ type: 'step_metadata', data: { parameters } });
  try {
    if (body) await body();
  } finally {
    // closed whatever happens: an open step would swallow everything the test reports after it
    await send({
      type: 'step_stop',
      data: {
        status: step.status,
        stop: step.stop,
        ...(step.message ? { statusDetails: { message: step.message } } : {}),
      },
    });
  }
}

const STEP_STATUS: Record<StepResult['status'], Status> = {
  ok: allure.Status.PASSED,
  'expected-failure': allure.Status.PASSED,
  'not-applied': allure.Status.SKIPPED,
  failed: allure.Status.FAILED,
  'unexpected-success': allure.Status.FAILED,
  skipped: allure.Status.SKIPPED,
};

const RESULT_STATUS: Record<ScenarioResult['status'], Status> = {
  passed: allure.Status.PASSED,
  failed: allure.Status.FAILED,
  error: allure.Status.BROKEN,
};

/** How each kind of evidence file is shown in Allure. */
function contentType(file: string): { contentType: string; fileExtension: string } | null {
  switch (path.extname(file)) {
    case '.html':
      return { contentType: allure.ContentType.HTML, fileExtension: '.html' };
    case '.json':
      return { contentType: allure.ContentType.JSON, fileExtension: '.json' };
    case '.md':
      return { contentType: allure.ContentType.TEXT, fileExtension: '.md' };
    case '.log':
      return { contentType: allure.ContentType.TEXT, fileExtension: '.log' };
    default:
      return null;
  }
}

/** report.html, report.md, result.json, every logs/*.log and the runbooks' logs, in that order. */
async function evidenceFiles(dir: string): Promise<string[]> {
  const list = async (sub: string) => {
    try {
      return (await readdir(path.join(dir, sub)))
        .filter((f) => f.endsWith('.log'))
        .sort()
        .map((f) => path.join(sub, f));
    } catch {
      return [];
    }
  };
  const top = ['report.html', 'report.md', 'result.json'];
  const present = new Set(await readdir(dir));
  return [...top.filter((f) => present.has(f)), ...(await list('logs')), ...(await list('.'))].map((f) =>
    path.normalize(f),
  );
}

/** The scenario's folder under scenarios/ (`faults`, `ha`, …); `ad hoc` for a file elsewhere. */
function scenarioFolder(file: string): string {
  const relative = path.relative(SCENARIOS, path.dirname(path.resolve(ROOT, file)));
  return relative === ''
    ? 'scenarios'
    : relative.startsWith('..') || path.isAbsolute(relative)
      ? 'ad hoc'
      : relative.split(path.sep).join('/');
}

/** One scenario's steps, error, checks and metrics, as Allure steps timed as they happened. */
async function scenarioToAllure(runtime: BaseMessageTestRuntime, result: ScenarioResult): Promise<void> {
  const t0 = Date.parse(result.startedAt);
  const end = t0 + result.durationMs;
  for (const s of result.steps) {
    const parameters: [string, string][] = [
      ['status', stepStatus[s.status]],
      ['duration', `${s.durationMs} ms`],
    ];
    if (s.node) parameters.push(['node', s.node]);
    if (s.error) parameters.push(['error', s.error]);
    await timedStep(runtime, {
      name: `step ${s.index + 1}: ${s.title}`,
      start: t0 + s.startedAtMs,
      stop: t0 + s.startedAtMs + s.durationMs,
      status: STEP_STATUS[s.status],
      ...(s.error ? { message: s.status === 'expected-failure' ? `failed as expected: ${s.error}` : s.error } : {}),
      parameters,
    });
  }
  if (result.error) {
    await timedStep(runtime, {
      name: `error ${result.error.code}`,
      start: end,
      stop: end,
      status: RESULT_STATUS[result.status],
      message: result.error.hint ? `${result.error.message}\nWhat to do: ${result.error.hint}` : result.error.message,
      parameters: [['code', result.error.code]],
    });
  }
  for (const e of result.expectations) {
    const actual = formatActual(e);
    await timedStep(runtime, {
      name: `expect ${e.name} ${e.expected}`,
      start: end,
      stop: end,
      status: e.passed ? allure.Status.PASSED : allure.Status.FAILED,
      ...(e.passed ? {} : { message: `${e.name}: expected ${e.expected}, actual ${actual}` }),
      parameters: [
        ['name', e.name],
        ['target', e.expected],
        ['actual', actual],
      ],
    });
  }
  for (const check of result.metrics?.recovery.recoveries ?? []) {
    await timedStep(runtime, {
      name: `check ${check.kind} on ${check.node}: ${check.target}`,
      start: end,
      stop: end,
      status: check.passed ? allure.Status.PASSED : allure.Status.FAILED,
      message: check.reason,
      parameters: [
        ['name', `${check.kind} (step ${check.stepIndex + 1})`],
        ['target', check.target],
        ['actual', check.reason],
      ],
    });
  }
  await timedStep(runtime, {
    name: `metrics (verdict ${VERDICT[result.status]})`,
    start: end,
    stop: end,
    status: RESULT_STATUS[result.status],
    parameters: metricRows(result.metrics).map((r): [string, string] => [`${r.area}: ${r.metric}`, r.value]),
  });
}

/** The command line as a person would type it, without the (temporary) report directory. */
function commandLine(args: string[]): string {
  const shown = args.filter(
    (arg, i) => arg !== '--report-dir' && args[i - 1] !== '--report-dir' && !arg.startsWith('--report-dir='),
  );
  return `pgdrill ${shown.join(' ')}`;
}

/**
 * Reports a finished `pgdrill` command to Allure: its output as an attachment and, for each
 * scenario result under its report directory, the labels (epic = the scenario's folder,
 * feature = the scenario, a tag per scenario tag), the steps and checks, and the evidence files.
 * Does nothing when Allure is not collecting, and never fails the test: a problem is a warning.
 */
export async function reportToAllure(
  run: Pick<PgdrillRun, 'args' | 'reportDir' | 'exitCode' | 'all'>,
  /** only this scenario's result: the test of one scenario of a batch */
  only?: string,
): Promise<void> {
  const runtime = allureRuntime();
  if (!runtime) return;
  try {
    const results = (run.reportDir ? await readResults(run.reportDir) : []).filter(
      ({ result }) => only === undefined || result.scenario === only,
    );
    for (const { result } of results) {
      await runtime.labels(
        { name: allure.LabelName.EPIC, value: scenarioFolder(result.file) },
        { name: allure.LabelName.FEATURE, value: result.scenario },
        ...result.tags.map((t) => ({ name: allure.LabelName.TAG, value: t })),
      );
      if (result.description) await runtime.description(result.description);
      if (results.length === 1) await scenarioToAllure(runtime, result);
      else {
        const start = Date.parse(result.startedAt);
        await timedStep(
          runtime,
          {
            name: `scenario ${result.scenario}`,
            start,
            stop: start + result.durationMs,
            status: RESULT_STATUS[result.status],
          },
          () => scenarioToAllure(runtime, result),
        );
      }
    }
    // the command's output, then each scenario's report, result and logs (prefixed by its folder when there are several)
    const now = Date.now();
    const title = `${commandLine(run.args)}: exit ${run.exitCode ?? '(killed)'}${results.length ? ', reports and logs' : ''}`;
    await timedStep(runtime, { name: title, start: now, stop: now, status: allure.Status.PASSED }, async () => {
      const output = {
        name: 'pgdrill output',
        content: Buffer.from(run.all).toString('base64'),
        encoding: 'base64' as const,
      };
      await runtime.sendMessage({
        type: 'attachment_content',
        data: {
          ...output,
          contentType: allure.ContentType.TEXT,
          fileExtension: '.txt',
          wrapInStep: false,
          timestamp: Date.now(),
        },
      });
      for (const { result, dir } of results) {
        for (const file of await evidenceFiles(dir)) {
          const type = contentType(file);
          if (!type) continue;
          const name = results.length === 1 ? file : `${result.scenario}/${file}`;
          await runtime.sendMessage({
            type: 'attachment_path',
            data: { name, path: path.join(dir, file), ...type, wrapInStep: false, timestamp: Date.now() },
          });
        }
      }
    });
  } catch (error) {
    console.warn(`pgdrill-cli: could not report to Allure: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Runs one scenario through the CLI into a report folder of its own, expects `exitCode` and that
 * nothing of the run is left in Docker, and returns its result and scenario folder.
 *
 * `exitCode` is the drill's own outcome (1: it finds the problem). A scenario that declares
 * `xfail` exits 0 when it fails as declared: that is checked here, and the result comes back with
 * the drill's own status, so a test reads `status: 'failed'` for a drill that failed as expected.
 */
export async function runDrill(
  file: string,
  name: string,
  exitCode: number | readonly number[],
): Promise<{ result: ScenarioResult; dir: string; exitCode: number }> {
  const reportDir = await tempDir(name);
  const declared = /^xfail:/m.test(await readFile(path.resolve(ROOT, file), 'utf8'));
  const run = await pgdrill(['run', file, '--report-dir', reportDir]);
  await expectExit(run, declared && exitCode === 1 ? 0 : exitCode);
  expect(await leftoverContainers(run.pid)).toEqual([]);
  const result = await readResult(reportDir, name);
  if (declared && exitCode === 1) {
    expect(result.expectedFailure?.outcome, result.expectedFailure?.detail).toBe('failed-as-expected');
    expect(run.stdout).toMatch(new RegExp(`FAILED AS EXPECTED ${name}`));
  }
  return {
    result: { ...result, status: drillStatus(result) },
    dir: path.join(reportDir, name),
    exitCode: run.exitCode ?? Number.NaN,
  };
}

/**
 * runDrill for a scenario of the seed library: it must declare the seed claims it drills, and
 * its verdict must match `exitCode` (0 passed, 1 failed).
 */
export async function runClaimDrill(
  file: string,
  name: string,
  exitCode: number,
): Promise<{ result: ScenarioResult; dir: string }> {
  const drilled = await runDrill(file, name, exitCode);
  expect(drilled.result.status).toBe(exitCode === 0 ? 'passed' : 'failed');
  expect(drilled.result.claims?.length ?? 0).toBeGreaterThan(0);
  return drilled;
}

/** What a `script` (or scripted failover) step's runbook printed: `runbook-step-N.log` in the scenario's report folder. */
export const runbookLog = (dir: string, step: number) => readFile(path.join(dir, `runbook-step-${step}.log`), 'utf8');

/** The run's timeline, message by message. */
export const timelineMessages = (result: ScenarioResult) => result.timeline.map((e) => e.message);
