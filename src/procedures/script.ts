/**
 * script: runs a team's own runbook in a node (see runbook.ts). A runbook that exits non-zero
 * fails the step with the end of its output and why; one that claims to recover the node to a
 * mark (`recovers`) is judged like a PITR, whatever its exit status said.
 */
import { basename } from 'node:path';
import type { ScriptStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import type { RecoveryRecord } from '../evidence/recovery-evidence.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { lastLines } from './node-shell.ts';
import { readRestored, type RestoredState } from './restored-node.ts';
import { recordRecovery } from './restore.ts';
import { diagnose, runRunbook } from './runbook.ts';

export async function script(ctx: RunContext, step: ScriptStep): Promise<string> {
  const node = ctx.cluster.resolve(step.target);
  const startedAtMs = ctx.now();
  const { exitCode, output, running, exited } = await runRunbook(ctx, step, node);
  const failed = exitCode !== 0 || (step.recovers !== undefined && !running);
  const why = failed ? await diagnose(node, output, running) : [];
  const { recovers } = step;
  if (recovers === undefined) {
    if (exitCode !== 0)
      throw new StepFailedError(`${exited}: ${lastLines(output, 4)}${why.length ? `\nWhy: ${why.join('; ')}` : ''}`);
    ctx.recorder.event('procedure', `${exited}${running ? '' : '; PostgreSQL is not running after it'}`, node.name);
    return node.name;
  }
  return judgeRunbookRecovery(ctx, { ...step, recovers }, node, {
    startedAtMs,
    running,
    ...(failed ? { error: `${exited}${why.length ? `. Why: ${why.join('; ')}` : ''}` } : {}),
  });
}

/** A runbook that claims to recover its node to a mark is judged like a PITR: the data must equal the mark's snapshot. */
async function judgeRunbookRecovery(
  ctx: RunContext,
  step: ScriptStep & { recovers: string },
  node: PostgresMember,
  outcome: { startedAtMs: number; running: boolean; error?: string },
): Promise<string> {
  const mark = ctx.recorder.mark(step.recovers);
  if (!mark) throw new StepFailedError(`no mark named ${step.recovers} was set (did its step fail?)`);
  let state: RestoredState | null = null;
  let error = outcome.error;
  if (outcome.running && error === undefined) {
    state = await readRestored(ctx, node).catch((e: unknown) => {
      error = `the node did not answer after the runbook: ${errorMessage(e)}`;
      return null;
    });
  }
  const record: RecoveryRecord = {
    kind: 'runbook',
    stepIndex: step.index,
    node: node.name,
    backup: basename(step.file),
    method: 'script',
    expected: { source: `mark ${mark.name}`, snapshot: mark.snapshot },
    actual: state?.snapshot ?? null,
    startedAtMs: outcome.startedAtMs,
    completedAtMs: ctx.now(),
    sizeBytes: state?.sizeBytes ?? null,
    timeline: state?.timeline ?? null,
    endedAs: state ? 'running' : null,
    ...(error !== undefined ? { error } : {}),
  };
  return recordRecovery(ctx, record);
}
