/**
 * Runs the plan's steps in order. A step that fails ends the sequence (the rest are skipped)
 * unless the scenario expected that failure; infrastructure errors and aborts propagate.
 */
import type { RunPlan } from '../plan/plan.ts';
import type { StepResult } from '../report/result.ts';
import type { Step } from '../scenario/model.ts';
import type { RunContext } from './context.ts';
import { FAULTS } from '../faults/index.ts';
import { PROCEDURES } from '../procedures/index.ts';
import { InfrastructureError, StepFailedError, errorMessage } from '../errors.ts';
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
      return FAULTS[step.fault]!(ctx, step);
    case 'procedure':
      return PROCEDURES[step.procedure]!(ctx, step);
  }
}

/** Anything a step handler throws that is not Docker's fault or an abort is the step failing. */
function asStepFailure(error: unknown, signal: AbortSignal): StepFailedError {
  if (signal.aborted || error instanceof InfrastructureError) throw error;
  if (error instanceof StepFailedError) return error;
  return new StepFailedError(errorMessage(error), { cause: error });
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
    ctx.log(`▶ ${title}`);
    let node: string | undefined;
    let error: StepFailedError | undefined;
    try {
      node = await execute(ctx, step);
    } catch (thrown) {
      error = asStepFailure(thrown, ctx.signal);
    }
    const durationMs = Math.round(ctx.now() - started);
    const nodeField = node ? { node } : {};
    if (error) {
      const status = step.expectFailure ? 'expected-failure' : 'failed';
      results.push({ ...base, durationMs, status, error: error.message, ...nodeField });
      ctx.recorder.event('procedure', `step ${step.index + 1} (${title}) failed${step.expectFailure ? ' as expected' : ''}: ${error.message}`, node);
      ctx.log(`  ✘ ${error.message}${step.expectFailure ? ' (expected)' : ''}`);
      if (!step.expectFailure) failure = { index: step.index, message: `step ${step.index + 1} (${title}): ${error.message}` };
    } else if (step.expectFailure) {
      results.push({ ...base, durationMs, status: 'unexpected-success', ...nodeField });
      failure = { index: step.index, message: `step ${step.index + 1} (${title}) was expected to fail but succeeded` };
    } else {
      results.push({ ...base, durationMs, status: 'ok', ...nodeField });
    }
  }
  return { steps: results, ...(failure ? { failure } : {}) };
}
