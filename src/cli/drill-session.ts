/**
 * One `pgdrill` invocation's drills, from the first cluster to the run index: the report
 * directory and run id, the reporters, Ctrl-C and the engine watchdog, the node images, and every
 * drill's result in the order the drills were given. `run` uses it for a list of scenarios;
 * `explore` for schedules it draws one after another.
 */
import type { StepPrompt } from './step-prompt.ts';
import type { KeepWhen } from '../run/keep.ts';
import { rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { ExitCode } from '../errors.ts';
import { InfrastructureError } from '../errors.ts';
import type { PgMajor } from '../model/pg-major.ts';
import type { RunPlan } from '../plan/plan.ts';
import { provenanceOf } from '../plan/provenance.ts';
import { redactDeep, redactSecrets } from '../redact.ts';
import type { ReporterMultiplexer } from '../report/reporters/multiplexer.ts';
import type { ScenarioSource } from '../report/reporters/reporter.ts';
import { scenarioDir } from '../report/writer.ts';
import type { RunSummary, ScenarioResult } from '../result/result.ts';
import { runScenario } from '../run/run-scenario.ts';
import { pingEngine } from '../setup/docker-engine.ts';
import { requireReady } from '../setup/setup.ts';
import { engineLost, unlessEngineLost, watchEngine } from './engine-watchdog.ts';
import { exitCodeFor } from './exit-code.ts';
import { installInterruptHandler } from './interrupt.ts';
import { progress } from './output.ts';
import { newRunId } from './run-id.ts';
import { locateScenario } from './scenario-source.ts';
import { LiveStatuses, StatusLine } from './status-line.ts';

export interface DrillSessionOptions {
  /** where the run's folder goes; default reports/<run id> */
  reportDir?: string;
  /** the reporters, for the run's folder */
  reporters: (reportDir: string) => ReporterMultiplexer;
  /** this machine's share of a sharded run, for the summary */
  shard?: RunSummary['shard'];
  /** `--keep`: which drills leave their cluster up */
  keep?: KeepWhen;
  /** `--step`: wait for the user before each step (one drill at a time) */
  step?: StepPrompt;
}

/** Files written beside a drill's result, on top of the run's own (the scenario as it ran, the logs). */
export type DrillAttachments = Record<string, string>;

type Images = Awaited<ReturnType<typeof requireReady>>;

export class DrillSession {
  readonly runId: string;
  readonly reportDir: string;
  private readonly startedAt = new Date();
  private readonly t0 = performance.now();
  private readonly controller = new AbortController();
  private readonly removeHandler: () => void;
  private readonly stopWatchdog: () => void;
  private readonly status = new LiveStatuses(new StatusLine());
  private readonly sources: Record<string, ScenarioSource> = {};
  private readonly finished: { index: number; result: ScenarioResult; entry: RunSummary['scenarios'][number] }[] = [];
  /** onScenarioEnd one drill at a time: a verdict's lines and its report are written whole */
  private reporting = Promise.resolve();
  private drills = 0;

  /** the run folder is reports/<run id>: reports/latest then points at it */
  private pointsLatest = false;
  private keep: KeepWhen | undefined;
  private step: StepPrompt | undefined;

  private constructor(
    private readonly mux: ReporterMultiplexer,
    private readonly images: Images,
    reportDir: string,
    runId: string,
    private readonly shard: RunSummary['shard'] | undefined,
  ) {
    this.runId = runId;
    this.reportDir = reportDir;
    this.removeHandler = installInterruptHandler(this.controller);
    this.stopWatchdog = watchEngine(this.controller, { ping: pingEngine });
  }

  /** Images ready for `majors`, reporters begun with `scenarios` (what is known of them up front). */
  static async open(
    majors: readonly PgMajor[],
    scenarios: { name: string; file: string }[],
    options: DrillSessionOptions,
  ): Promise<DrillSession> {
    const runId = newRunId();
    const reportDir = path.resolve(options.reportDir ?? path.join('reports', runId));
    const images = await requireReady([...new Set(majors)], progress);
    const mux = options.reporters(reportDir);
    const session = new DrillSession(mux, images, reportDir, runId, options.shard);
    session.keep = options.keep;
    session.step = options.step;
    session.pointsLatest = options.reportDir === undefined;
    await mux.onBegin({ runId, reportDir, scenarios });
    return session;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Every plan, `jobs` at a time (`recorded`: their provenance); the first infrastructure failure or Ctrl-C stops the rest. */
  async runAll(
    plans: readonly RunPlan[],
    jobs: number,
    recorded: readonly Awaited<ReturnType<typeof provenanceOf>>[],
    attachments: readonly DrillAttachments[] = [],
  ): Promise<ExitCode> {
    const limit = pLimit(jobs);
    let firstError: unknown;
    try {
      await Promise.all(
        plans.map((plan, i) =>
          limit(() =>
            this.run(plan, attachments[i] ?? {}, recorded[i]).catch((error: unknown) => {
              // the first failure stops the run: the drills still running clean up and end
              if (firstError === undefined) firstError = error;
              if (!this.controller.signal.aborted) this.controller.abort(error);
            }),
          ),
        ),
      );
      if (firstError !== undefined) {
        // the engine was lost: that, not whichever call failed first without it, is what the user must hear
        if (this.controller.signal.reason instanceof InfrastructureError) throw this.controller.signal.reason;
        throw firstError;
      }
    } finally {
      this.close();
    }
    return this.end();
  }

  /** One drill, reported as it ends. Throws when the engine is lost or the run was interrupted. */
  async run(
    plan: RunPlan,
    attachments: DrillAttachments = {},
    recorded?: Awaited<ReturnType<typeof provenanceOf>>,
  ): Promise<ScenarioResult> {
    const index = this.drills++;
    const { controller, status } = this;
    controller.signal.throwIfAborted(); // Ctrl-C or a failed drill: no next cluster
    const { provenance, scenarioText } = recorded ?? (await provenanceOf(plan.scenario));
    const locator = await locateScenario(plan.scenario);
    const name = plan.scenario.name;
    const major = plan.scenario.topology.postgres.version;
    const { image, imageId } = this.images.get(major) ?? (await requireReady([major], progress)).get(major)!;
    const drill = runScenario(plan, {
      runId: `${this.runId}-${index + 1}`,
      image,
      imageId,
      signal: controller.signal,
      log: status.line,
      // a live status line would write over the prompt of --step
      ...(this.step
        ? { beforeStep: (next) => this.step!.beforeStep(next) }
        : { status: (live) => status.update(name, live) }),
      provenance,
      ...(this.keep ? { keep: this.keep } : {}),
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
    const dir = scenarioDir(this.reportDir, result.scenario);
    const source = locator.sourceFor(result.expectations.map((e) => e.name));
    this.sources[result.scenario] = source;
    this.finished.push({
      index,
      result,
      entry: {
        scenario: result.scenario,
        status: result.status,
        verdict: result.verdict,
        ...(result.expectedFailure ? { expected: result.expectedFailure.outcome } : {}),
        dir: path.relative(this.reportDir, dir),
        failedExpectations: result.expectations.filter((e) => !e.passed).map((e) => e.name),
      },
    });
    const outcome = {
      result,
      dir,
      source,
      logs: mapValues(run.logs, redact),
      // the scenario as it ran, beside its result: the manifest covers it and verify names a change
      attachments: mapValues({ ...run.attachments, 'scenario.yaml': scenarioText, ...attachments }, redact),
    };
    this.reporting = this.reporting.then(() => this.mux.onScenarioEnd(outcome));
    await this.reporting;
    return result;
  }

  /** Ctrl-C and the watchdog off: no more drills will start. */
  close(): void {
    this.stopWatchdog();
    this.removeHandler();
  }

  /** The run index, JUnit and the summary, drills in the order given, whatever order they ended in. */
  async end(): Promise<ExitCode> {
    this.close();
    const finished = [...this.finished].sort((a, b) => a.index - b.index);
    const results = finished.map((f) => f.result);
    const summary: RunSummary = {
      runId: this.runId,
      startedAt: this.startedAt.toISOString(),
      durationMs: Math.round(performance.now() - this.t0),
      reportDir: this.reportDir,
      scenarios: finished.map((f) => f.entry),
      exitCode: exitCodeFor(results),
      ...(this.shard ? { shard: this.shard } : {}),
    };
    await this.mux.onEnd({ summary, results, sources: this.sources, invalid: [], notRun: [] });
    if (this.mux.failures.length > 0) throw reportsIncomplete(this.mux.failures, this.reportDir);
    if (this.pointsLatest) await pointLatestAt(this.reportDir);
    return summary.exitCode;
  }
}

/**
 * `reports/latest` → the newest run folder beside it (a relative symlink, replaced each run), so
 * `open reports/latest/index.html` works. Not being able to make it costs nothing but the link.
 */
async function pointLatestAt(reportDir: string): Promise<void> {
  const latest = path.join(path.dirname(reportDir), 'latest');
  await rm(latest, { force: true }).catch(() => {});
  await symlink(path.basename(reportDir), latest, 'dir').catch(() => {});
}

/**
 * Outputs a CI or an auditor relies on were not all written (a full disk, a read-only path, a
 * renderer's bug): pgdrill itself failed, whatever the verdict. Each failure was printed as it
 * happened; this is the exit 3 with what to do.
 */
function reportsIncomplete(failures: ReporterMultiplexer['failures'], reportDir: string): InfrastructureError {
  const which = [...new Set(failures.map((f) => f.reporter))].join(', ');
  const first = failures[0]?.error;
  const cause = first instanceof Error ? first.message : String(first);
  return new InfrastructureError('PGDRILL_REPORT_INCOMPLETE', `the ${which} output(s) could not be written: ${cause}`, {
    hint: `The verdict above stands, but its report is incomplete. Free space in ${displayPath(reportDir)} (or choose another --report-dir, --junit or --allure path) and run the drill again.`,
  });
}

const mapValues = (record: Record<string, string>, f: (v: string) => string): Record<string, string> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

/** Relative to where the user is when that is shorter, absolute otherwise. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
