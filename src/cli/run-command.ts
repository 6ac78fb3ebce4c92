/** `pgdrill run FILE|DIR... [--report-dir DIR] [--tag T] [--json] [--sign-key KEY.pem]` */
import path from 'node:path';
import type { ExitCode } from '../errors.ts';
import type { RunSummary, ScenarioResult } from '../result/result.ts';
import { loadScenarios } from '../scenario/load.ts';
import { planRun } from '../plan/plan.ts';
import { requireReady } from '../setup/setup.ts';
import { runScenario } from '../run/run-scenario.ts';
import { ReportWriter } from '../report/writer.ts';
import { redactDeep, redactSecrets } from '../redact.ts';
import { loadPrivateKey } from '../report/signature.ts';
import { renderRunSummary, renderVerdict } from '../report/terminal.ts';
import { UsageError } from '../errors.ts';
import { installInterruptHandler } from './interrupt.ts';
import { newRunId } from './run-id.ts';
import { exitCodeFor } from './exit-code.ts';
import { print, progress, useColor } from './output.ts';
import { StatusLine } from './status-line.ts';
import { renderLiveStatus } from '../run/live-status.ts';
import { appendGithubSummary } from '../report/github-summary.ts';

export interface RunCommandOptions {
  reportDir?: string;
  tag?: string[];
  json?: boolean;
  /** PEM Ed25519 private key: manifest.sha256 is signed into manifest.sha256.sig */
  signKey?: string;
}

export async function runCommand(paths: string[], options: RunCommandOptions): Promise<ExitCode> {
  const scenarios = (await loadScenarios(paths)).filter(
    (s) => !options.tag?.length || options.tag.some((t) => s.tags.includes(t)),
  );
  if (scenarios.length === 0)
    throw new UsageError(
      `no scenario matches${options.tag?.length ? ` tag(s) ${options.tag.join(', ')}` : ''} in ${paths.join(', ')}`,
    );
  const plans = scenarios.map(planRun); // every file is checked before any container starts
  const signKey = options.signKey === undefined ? undefined : await loadPrivateKey(options.signKey); // so is the key

  const runId = newRunId();
  const reportDir = path.resolve(options.reportDir ?? path.join('reports', runId));
  const startedAt = new Date();
  const t0 = performance.now();
  const { image, imageId } = await requireReady();
  const controller = new AbortController();
  const removeHandler = installInterruptHandler(controller);
  const summary: RunSummary = {
    runId,
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    reportDir,
    scenarios: [],
    exitCode: 0,
  };
  const results: ScenarioResult[] = [];
  try {
    for (const [i, plan] of plans.entries()) {
      controller.signal.throwIfAborted(); // Ctrl-C while the last report was written: no next cluster
      const status = new StatusLine();
      const { result, logs, attachments, secrets } = await runScenario(plan, {
        runId: `${runId}-${i + 1}`,
        image,
        imageId,
        signal: controller.signal,
        log: status.line,
        status: (live) => status.update(renderLiveStatus(live, status.width)),
      }).finally(() => status.clear());
      const dir = await new ReportWriter({ reportDir, secrets }).writeScenario(result, logs, attachments);
      // Kept redacted: these results are printed by --json and CI logs keep stdout.
      results.push(redactDeep(result, secrets));
      summary.scenarios.push({
        scenario: result.scenario,
        status: result.status,
        dir: path.relative(reportDir, dir),
        failedExpectations: result.expectations.filter((e) => !e.passed).map((e) => e.name),
      });
      if (!options.json)
        print(
          redactSecrets(
            renderVerdict(result, { color: useColor(), reportPath: displayPath(path.join(dir, 'report.html')) }),
            secrets,
          ),
        );
    }
  } finally {
    removeHandler();
  }
  summary.durationMs = Math.round(performance.now() - t0);
  summary.exitCode = exitCodeFor(results);
  const { signature } = await new ReportWriter({ reportDir, secrets: [] }).finish(summary, { signKey });
  if (signature) progress(`signed ${displayPath(signature.file)} with key ${signature.fingerprint}`);
  if (await appendGithubSummary(summary, results)) progress('appended the results to the GitHub job summary');
  if (options.json) print(JSON.stringify({ summary, results }, null, 2));
  else if (results.length > 1) print(renderRunSummary(summary, { color: useColor() }));
  return summary.exitCode;
}

/** Relative to where the user is when that is shorter, absolute otherwise. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
