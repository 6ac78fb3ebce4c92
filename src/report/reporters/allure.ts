/**
 * `--allure DIR`: Allure results (DIR/<uuid>-result.json and attachments) that `allure generate`
 * or Allure 3 read, written through allure-js-commons' own writer. One test per scenario, written
 * as soon as it ends: a passed drill "passed", a failed one "failed" (its failed expectations
 * and steps as the status message), an errored drill or an invalid file "broken", files left
 * unrun by an invalid one "skipped". Each drill step is an Allure step.
 */
import path from 'node:path';
import { ContentType, LabelName, Stage, Status, type StepResult as AllureStep } from 'allure-js-commons';
import { FileSystemWriter, ReporterRuntime, md5 } from 'allure-js-commons/sdk/reporter';
import type { ScenarioResult, StepResult } from '../../result/result.ts';
import { formatIssue } from '../../errors.ts';
import { type Problem, issuesByFile, problemsOf, workspacePath } from './problems.ts';
import type { Reporter, ScenarioSource } from './reporter.ts';

const STATUS: Record<ScenarioResult['status'], Status> = {
  passed: Status.PASSED,
  failed: Status.FAILED,
  error: Status.BROKEN,
};

const STEP_STATUS: Record<StepResult['status'], Status> = {
  ok: Status.PASSED,
  'expected-failure': Status.PASSED,
  'not-applied': Status.SKIPPED,
  failed: Status.FAILED,
  'unexpected-success': Status.FAILED,
  skipped: Status.SKIPPED,
};

function allureStep(step: StepResult, runStart: number): AllureStep {
  const start = runStart + step.startedAtMs;
  return {
    name: `${step.index + 1}. ${step.title}${step.status === 'expected-failure' ? ' (failed as expected)' : ''}`,
    status: STEP_STATUS[step.status],
    statusDetails: step.error ? { message: step.error } : {},
    stage: Stage.FINISHED,
    steps: [],
    attachments: [],
    parameters: step.node ? [{ name: 'node', value: step.node }] : [],
    start,
    stop: start + step.durationMs,
  };
}

const trace = (problems: Problem[], cwd: string) =>
  problems.map((p) => (p.at ? `${workspacePath(p.at.file, cwd)}:${p.at.line}: ${p.message}` : p.message)).join('\n');

/** Writes one test per scenario into `resultsDir` (created by the writer). */
export function allureReporter(resultsDir: string, cwd: string = process.cwd()): Reporter {
  const runtime = new ReporterRuntime({ writer: new FileSystemWriter({ resultsDir: path.resolve(resultsDir) }) });

  const write = (test: {
    name: string;
    file: string;
    status: Status;
    message?: string;
    trace?: string;
    start: number;
    stop: number;
    tags?: string[];
    steps?: AllureStep[];
    attach?: { name: string; json: string };
  }) => {
    const fullName = `${test.file}#${test.name}`;
    const uuid = runtime.startTest({
      name: test.name,
      fullName,
      historyId: md5(fullName),
      testCaseId: md5(fullName),
      start: test.start,
      labels: [
        { name: LabelName.FRAMEWORK, value: 'pgdrill' },
        { name: LabelName.SUITE, value: test.file },
        ...(test.tags ?? []).map((value) => ({ name: LabelName.TAG, value })),
      ],
    });
    runtime.updateTest(uuid, (r) => {
      r.status = test.status;
      r.stage = Stage.FINISHED;
      r.statusDetails = { message: test.message, trace: test.trace };
      r.steps = test.steps ?? [];
    });
    if (test.attach)
      runtime.writeAttachment(uuid, null, test.attach.name, Buffer.from(test.attach.json), {
        contentType: ContentType.JSON,
      });
    runtime.stopTest(uuid, { stop: test.stop });
    runtime.writeTest(uuid);
  };

  const writeScenario = (result: ScenarioResult, source: ScenarioSource | undefined) => {
    const start = Date.parse(result.startedAt);
    const problems = problemsOf(result, source);
    write({
      name: result.scenario,
      file: workspacePath(source?.file ?? result.file, cwd),
      status: STATUS[result.status],
      message: problems.length ? problems.map((p) => p.message).join('\n') : undefined,
      trace: problems.length ? trace(problems, cwd) : undefined,
      start,
      stop: start + result.durationMs,
      tags: result.tags,
      steps: result.steps.map((s) => allureStep(s, start)),
      attach: { name: 'result.json', json: JSON.stringify(result, null, 2) },
    });
  };

  return {
    name: 'allure',
    onScenarioEnd: ({ result, source }) => writeScenario(result, source),
    onEnd(run) {
      const now = Date.parse(run.summary.startedAt);
      for (const [file, issues] of issuesByFile(run.invalid)) {
        const shown = workspacePath(file, cwd);
        write({
          name: shown,
          file: shown,
          status: Status.BROKEN,
          message: issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'),
          trace: issues.map(formatIssue).join('\n'),
          start: now,
          stop: now,
        });
      }
      for (const file of run.notRun) {
        const shown = workspacePath(file, cwd);
        write({
          name: shown,
          file: shown,
          status: Status.SKIPPED,
          message: 'not run: another scenario file is invalid',
          start: now,
          stop: now,
        });
      }
    },
  };
}
