/**
 * switchover (method: patroni) — what an operator types: `patronictl switchover`. Patroni
 * demotes the leader cleanly and promotes the candidate; the drill waits for the new leader and
 * records it. Patroni rejoins the old leader as a replica by itself.
 */
import type { SwitchoverStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { done, notYet, pollUntil } from '../poll.ts';
import { mostAdvancedReplica, recordNewPrimary, type PromotionTimes } from './replication.ts';

const SWITCHOVER_TIMEOUT_MS = 60_000;

export async function patroniSwitchover(ctx: RunContext, step: SwitchoverStep): Promise<string> {
  const startedAtMs = ctx.now();
  const leader = ctx.cluster.primary();
  const candidate = step.candidate ? ctx.cluster.resolve(step.candidate) : await mostAdvancedReplica(ctx);
  try {
    const out = await leader.shell(
      `patronictl -c /etc/pgdrill/patroni.yml switchover --leader ${leader.name} --candidate ${candidate.name} --force 2>&1`,
      { user: 'postgres' },
    );
    const verdict =
      out
        .split('\n')
        .find((l) => /switched over|switchover/i.test(l) && !/^[+|]/.test(l.trim()))
        ?.trim() ?? 'done';
    ctx.recorder.event(
      'procedure',
      `patronictl switchover ${leader.name} → ${candidate.name}: ${verdict}`,
      leader.name,
    );
  } catch (error) {
    throw new StepFailedError(`patronictl switchover failed: ${errorMessage(error)}`, { cause: error });
  }
  // The wait counts from the step's start, as the switchover request itself took some of it.
  const completedAtMs = await pollUntil(
    async () => {
      const row = await candidate.queryOne<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
      return row.r ? notYet(`${candidate.name} still in recovery`) : done(ctx.now());
    },
    {
      what: `${candidate.name} leading`,
      timeoutMs: Math.max(0, startedAtMs + SWITCHOVER_TIMEOUT_MS - ctx.now()),
      intervalMs: 100,
      signal: ctx.signal,
      onTimeout: (t) =>
        new StepFailedError(
          `switchover: ${candidate.name} did not become the leader within ${SWITCHOVER_TIMEOUT_MS / 1000}s (last: ${t.last})`,
        ),
    },
  );
  await recordPatroniLeader(ctx, candidate, {
    requestedAtMs: startedAtMs,
    completedAtMs,
    procedureStartedAtMs: startedAtMs,
  });
  return candidate.name;
}

/**
 * A leader Patroni made at an operator's request: recorded as a promotion, clients moved to it.
 * Patroni itself repoints the replicas and rejoins the old leader.
 */
export async function recordPatroniLeader(ctx: RunContext, leader: PostgresMember, at: PromotionTimes): Promise<void> {
  await recordNewPrimary(ctx, leader, at, (timeline) => `${leader.name} leads on timeline ${timeline}`);
}
