/**
 * switchover (method: promote) — a planned role swap that loses nothing: the primary shuts down
 * cleanly (a fast shutdown replicates its shutdown checkpoint to connected standbys), the
 * candidate is promoted only once it has replayed that checkpoint, and the old primary rejoins
 * as its replica. Clients see a pause, which the workload's longest stall measures.
 */
import { adoptedRoleChange } from './adopted-role-change.ts';
import type { SwitchoverStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError } from '../errors.ts';
import { done, notYet, pollUntil } from '../poll.ts';
import { parseLsn } from '../evidence/lsn.ts';
import { mostAdvancedReplica, promoteAndRepoint } from './replication.ts';
import { rejoinAsReplica } from './rejoin.ts';
import { patroniSwitchover } from './patroni-switchover.ts';

const CATCH_UP_TIMEOUT_MS = 30_000;

export async function switchover(ctx: RunContext, step: SwitchoverStep): Promise<string> {
  if (step.method === 'patroni') return patroniSwitchover(ctx, step);
  if (step.method === 'script' || step.method === 'external') return adoptedRoleChange(ctx, step);
  const startedAtMs = ctx.now();
  const old = ctx.cluster.primary();
  if (!old.alive)
    throw new StepFailedError(`switchover: the primary ${old.name} is not running (that calls for a failover)`);
  const candidate = step.candidate ? ctx.cluster.resolve(step.candidate) : await mostAdvancedReplica(ctx);
  if (candidate.role !== 'replica' || !candidate.alive) {
    throw new StepFailedError(
      `switchover candidate ${candidate.name} is not a live replica (it is a ${candidate.state} ${candidate.role})`,
    );
  }
  ctx.recorder.event('procedure', `switchover: stopping ${old.name} cleanly`, old.name);
  await old.stopPostgres('fast');
  const checkpoint = (
    await old.shell(`pg_controldata "$PGDATA" | sed -n 's/^Latest checkpoint location: *//p'`, { user: 'postgres' })
  ).trim();
  await waitForReplay(ctx, candidate, checkpoint);
  ctx.recorder.event(
    'procedure',
    `${candidate.name} replayed ${old.name}'s shutdown checkpoint ${checkpoint}`,
    candidate.name,
  );
  await promoteAndRepoint(ctx, candidate, startedAtMs, 'switchover');
  await rejoinAsReplica(ctx, old, candidate);
  return candidate.name;
}

async function waitForReplay(ctx: RunContext, node: PostgresMember, lsn: string): Promise<void> {
  let replayed: string | null = null;
  await pollUntil(
    async () => {
      const row = await node
        .queryOne<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn')
        .catch(() => null);
      replayed = row?.lsn ?? replayed;
      return replayed !== null && parseLsn(replayed) > parseLsn(lsn) ? done(undefined) : notYet(`at ${replayed}`);
    },
    {
      what: `${node.name} replaying ${lsn}`,
      timeoutMs: CATCH_UP_TIMEOUT_MS,
      intervalMs: 50,
      signal: ctx.signal,
      onTimeout: () =>
        new StepFailedError(
          `switchover: ${node.name} did not replay the shutdown checkpoint ${lsn} within ${CATCH_UP_TIMEOUT_MS / 1000}s (at ${replayed ?? 'unknown'}); promoting it would lose writes`,
        ),
    },
  );
}
