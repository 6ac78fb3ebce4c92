/**
 * Runs the plan's steps in order. A step that fails ends the sequence (the rest are skipped)
 * unless the scenario expected that failure; infrastructure errors and aborts propagate.
 */
import type { RunPlan } from '../plan/plan.ts';
import type { StepResult } from '../result/result.ts';
import type { Step } from '../scenario/scenario.ts';
import type { RunContext } from '../steps/context.ts';
import pg from 'pg';
import { faultDescriptor } from '../faults/registry.ts';
import { procedureDescriptor } from '../procedures/registry.ts';
import { InfrastructureError, StepFailedError, errorMessage } from '../errors.ts';
import { checkRecovery } from '../checks/recovery.ts';
import { waitStrategyFor } from './waits.ts';

export interface StepsOutcome {
  steps: StepResult[];
  /** the first step failure the scenario did not expect, if any */
  failure?: { index: number; message: string };
}

async function execute(ctx: RunContext, step: Step): Promise<string | undefined> {
  switch (step.type) {
    case 'wait':
      await waitStrategyFor(step).wait(ctx);
      return undefined;
    case 'fault':
      return faultDescriptor(step.fault).apply({ ...ctx, stepStartedAtMs: ctx.now() }, step);
    case 'procedure':
      return procedureDescriptor(step.procedure).apply(ctx, step);
  }
}

/**
 * What a step's error means. PostgreSQL refusing or a node not answering is the step failing
 * (the drill found something); the engine failing is infrastructure (exit 3); anything else is a
 * pgdrill bug and must not pass for a verdict either.
 */
export function asStepFailure(error: unknown, signal: AbortSignal): StepFailedError {
  if (signal.aborted || error instanceof InfrastructureError) throw error;
  if (error instanceof StepFailedError) return error;
  if (isPostgresError(error)) return new StepFailedError(errorMessage(error), { cause: error });
  throw error;
}

/** An error from PostgreSQL itself, or from a connection to a node that did not answer. */
function isPostgresError(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return true;
  const code = (error as { code?: unknown }).code;
  const message = errorMessage(error);
  return (
    (typeof code === 'string' && /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH)$/.test(code)) ||
    /Connection terminated|timeout expired|Query read timeout|not queryable/i.test(message)
  );
}

/**
 * Judges the restores and PITRs a step recorded: says how each went, and fails the step unless
 * the data is exactly what it must be. A failure is told once, as the step's failure.
 */
function judgeRecoveries(ctx: RunContext, from: number): void {
  for (const record of ctx.recorder.recoveries.slice(from)) {
    const check = checkRecovery(record);
    if (!check.passed) throw new StepFailedError(`${record.kind} into ${record.node}: ${check.reason}`);
    const seconds = ((record.completedAtMs - record.startedAtMs) / 1000).toFixed(1);
    ctx.recorder.event(
      'procedure',
      `${record.kind} of ${record.backup} into ${record.node} (${seconds} s): ${check.reason}`,
      record.node,
    );
  }
}

/**
 * A step's status from whether it failed and whether the scenario expected it to: a failure
 * that was expected is fine, one that was not ends the sequence, and so does an expected failure
 * that did not come (the drill's premise did not hold).
 */
export function stepStatus(
  failed: boolean,
  expectFailure: boolean,
  bestEffort = false,
): { status: 'ok' | 'failed' | 'expected-failure' | 'unexpected-success' | 'not-applied'; endsRun: boolean } {
  if (failed && bestEffort) return { status: 'not-applied', endsRun: false };
  if (failed)
    return expectFailure ? { status: 'expected-failure', endsRun: false } : { status: 'failed', endsRun: true };
  return expectFailure ? { status: 'unexpected-success', endsRun: true } : { status: 'ok', endsRun: false };
}

export async function runSteps(plan: RunPlan, ctx: RunContext, t0: number): Promise<StepsOutcome> {
  const results: StepResult[] = [];
  let failure: StepsOutcome['failure'];
  for (const { step, title } of plan.steps) {
    const started = ctx.now();
    const base = { index: step.index, title, startedAtMs: Math.round(started - t0) };
    if (failure) {
      results.push({ ...base, durationMs: 0, status: 'skipped' });
      continue;
    }
    await ctx.cluster.refreshRoles(); // roles resolve at the moment a step runs
    if (ctx.beforeStep) {
      await ctx.beforeStep({ number: step.index + 1, title, line: step.at.line });
      await ctx.cluster.refreshRoles(); // the cluster went on while the user looked
    }
    ctx.log(`▶ ${title}`);
    ctx.stepStarted?.(title);
    let node: string | undefined;
    let error: StepFailedError | undefined;
    const recoveriesBefore = ctx.recorder.recoveries.length;
    try {
      node = await execute(ctx, step);
      judgeRecoveries(ctx, recoveriesBefore);
    } catch (thrown) {
      error = asStepFailure(thrown, ctx.signal);
    }
    const durationMs = Math.round(ctx.now() - started);
    const nodeField = node ? { node } : {};
    const { status, endsRun } = stepStatus(error !== undefined, step.expectFailure === true, step.bestEffort === true);
    if (error) {
      results.push({ ...base, durationMs, status, error: error.message, ...nodeField });
      const how = status === 'not-applied' ? ' not applied' : step.expectFailure ? ' failed as expected' : ' failed';
      ctx.recorder.event('procedure', `step ${step.index + 1} (${title})${how}: ${error.message}`, node);
      ctx.log(
        `  ${status === 'not-applied' ? '·' : '✘'} ${error.message}${status === 'not-applied' ? ' (not applied; the schedule goes on)' : step.expectFailure ? ' (expected)' : ''}`,
      );
      if (endsRun) failure = { index: step.index, message: `step ${step.index + 1} (${title}): ${error.message}` };
    } else {
      results.push({ ...base, durationMs, status, ...nodeField });
      if (endsRun)
        failure = {
          index: step.index,
          message: `step ${step.index + 1} (${title}) was expected to fail but succeeded`,
        };
    }
  }
  return { steps: results, ...(failure ? { failure } : {}) };
}
