/**
 * Making a node a standby of a primary, and telling whether it follows: the pieces a rejoin,
 * the replication moves and the waits share.
 */
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { done, notYet, pollWithin } from '../poll.ts';
import { parseLsn } from '../evidence/lsn.ts';

export async function currentTimeline(node: PostgresMember): Promise<number> {
  const row = await node.queryOne<{ tli: string }>('SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) AS tli');
  return Number.parseInt(row.tli, 16);
}

/**
 * `node` follows a primary on `timeline`: its WAL receiver streams and has received WAL of that
 * timeline. A diverged node streams on its old timeline for a moment before it finds the fork and
 * drops, so the primary's pg_stat_replication alone can say "streaming" for a node that never follows.
 */
export async function followsOnTimeline(node: PostgresMember, timeline: number): Promise<boolean> {
  const row = await node
    .queryOne<{ ok: boolean }>(
      "SELECT coalesce(bool_or(status = 'streaming' AND received_tli = $1), false) AS ok FROM pg_stat_wal_receiver",
      [timeline],
    )
    .catch(() => null);
  return row?.ok === true;
}

export const FOLLOW_TIMEOUT_MS = 10_000;

/**
 * A standby's primary_conninfo, as the node image writes it: no password (the WAL receiver reads
 * ~postgres/.pgpass), and a dbname, which PostgreSQL 17's slot synchronisation needs.
 */
export function standbyConninfo(primary: PostgresMember, standby: PostgresMember): string {
  return `host=${primary.hostname} port=5432 user=replicator dbname=postgres application_name=${standby.applicationName}`;
}

/** standby.signal and a primary_conninfo to `primary` (appended: the last line wins), then start. */
export async function startAsStandby(node: PostgresMember, primary: PostgresMember): Promise<void> {
  await node.shell(
    [
      `printf "primary_conninfo = '%s'\\nprimary_slot_name = '%s'\\n" '${standbyConninfo(primary, node)}' ${node.slotName} >> "$PGDATA/postgresql.auto.conf"`,
      'touch "$PGDATA/standby.signal"',
    ].join(' && '),
    { user: 'postgres' },
  );
  await node.shell('rm -f /run/pgdrill/hold');
  await node.startPostgres();
}

/** `node` follows `primary` on its timeline within `timeoutMs`, and still does a second later. */
export async function streamsFrom(
  ctx: RunContext,
  primary: PostgresMember,
  node: PostgresMember,
  timeoutMs: number,
): Promise<boolean> {
  const timeline = await currentTimeline(primary);
  let heldSince: number | null = null;
  const steady = await pollWithin(
    async () => {
      if (!(await followsOnTimeline(node, timeline))) {
        heldSince = null;
        return notYet(`not following on timeline ${timeline}`);
      }
      heldSince ??= ctx.now();
      return ctx.now() - heldSince >= STEADY_MS ? done(undefined) : notYet('following, not yet for a second');
    },
    { what: `${node.name} following ${primary.name}`, timeoutMs, intervalMs: 100, signal: ctx.signal },
  );
  return steady.reached;
}

/** How long a node must keep following before the rejoin counts it as following. */
const STEADY_MS = 1_000;

/** pg_rewind's own verdict: "no rewind required", or how much it rewound. */
export async function rewindFrom(node: PostgresMember, primary: PostgresMember): Promise<string> {
  // pg_rewind reads the source's timeline from its pg_control, which a promotion updates only at
  // its next checkpoint: without one, a just-promoted source looks like the target's own timeline
  // and pg_rewind answers "no rewind required" for a node that diverged (PostgreSQL's manual says
  // so; Patroni checkpoints first too).
  await primary.query('CHECKPOINT', [], 'postgres', 60_000);
  try {
    const out = await node.shell(
      `pg_rewind --target-pgdata="$PGDATA" --source-server="host=${primary.hostname} port=5432 user=postgres dbname=postgres" 2>&1`,
      { user: 'postgres' },
    );
    const lines = out
      .split('\n')
      .map((l) => l.replace(/^pg_rewind: /, '').trim())
      .filter(Boolean);
    const fork = lines.find((l) => /servers diverged at WAL location/.test(l));
    if (lines.some((l) => /no rewind required/.test(l))) return 'no rewind required';
    return fork ? `rewound (${fork})` : lines.slice(-2).join('; ');
  } catch (error) {
    const why = errorMessage(error);
    throw new StepFailedError(
      `pg_rewind of ${node.name} from ${primary.name} failed: ${why} — ${rewindAdvice(node.name, why)}`,
      {
        cause: error,
      },
    );
  }
}

/** What an operator does about a pg_rewind that refused, from what it said. */
export function rewindAdvice(node: string, said: string): string {
  if (/data checksums or "?wal_log_hints/.test(said))
    return (
      `pg_rewind can only tell which pages ${node} changed when hint-bit writes are WAL-logged: run with ` +
      'wal_log_hints = on, or initdb with data checksums (the default from PostgreSQL 18 on, off before it)'
    );
  return `pg_rewind reads ${node}'s WAL back to the last checkpoint before the fork; keep that WAL (wal_keep_size) or it cannot start`;
}

/**
 * Where `history` (a timeline history file's text) says the newest timeline forked off its parent:
 * the switchpoint of its last entry, e.g. `0/1BD7FF0`. null for an empty history (timeline 1).
 */
export function forkPointOf(history: string): string | null {
  const entries = history
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const switchpoint = entries.at(-1)?.split(/\s+/)[1];
  return switchpoint && /^[0-9A-F]+\/[0-9A-F]+$/i.test(switchpoint) ? switchpoint : null;
}

/** `primary`'s current timeline history (file name under pg_wal, text, fork point); null on timeline 1. */
export async function timelineHistory(
  primary: PostgresMember,
): Promise<{ file: string; text: string; fork: string | null } | null> {
  const timeline = await currentTimeline(primary);
  if (timeline <= 1) return null;
  const file = `${timeline.toString(16).toUpperCase().padStart(8, '0')}.history`;
  const row = await primary.queryOne<{ text: string }>('SELECT pg_read_file($1) AS text', [`pg_wal/${file}`]);
  return { file, text: row.text, fork: forkPointOf(row.text) };
}

/**
 * Where `replica` replayed to, once it has replayed what it received, when that is past `fork`:
 * such a replica cannot follow the new timeline ("forked off … before current recovery point")
 * and needs a rewind. Replayed, not received: a standby may hold the first bytes of a record the
 * old primary never finished, past the fork, and still follow (it replays whole records only).
 */
export async function wentPast(ctx: RunContext, replica: PostgresMember, fork: string): Promise<string | null> {
  const replayed = async () =>
    (await replica.queryOne<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn')).lsn;
  let last = await replayed();
  // its upstream is gone: replay stops where its received WAL ends, within moments
  const settled = await pollWithin(
    async () => {
      const now = await replayed();
      if (now === last) return done(now);
      last = now;
      return notYet(`replaying (${now})`);
    },
    { what: `${replica.name} replaying what it received`, timeoutMs: 5_000, intervalMs: 200, signal: ctx.signal },
  );
  const at = settled.reached ? settled.value : last;
  return at !== null && parseLsn(at) > parseLsn(fork) ? at : null;
}

/**
 * A replica with WAL past the new primary's fork point follows it only once rewound (what
 * Patroni does with use_pg_rewind): stopped, pg_rewind from the primary, started as its standby
 * through its slot there, and following within FOLLOW_TIMEOUT_MS.
 */
export async function rewindToFollow(
  ctx: RunContext,
  replica: PostgresMember,
  primary: PostgresMember,
  why: string,
): Promise<void> {
  ctx.recorder.event('procedure', `${replica.name} cannot follow ${primary.name}: ${why}; rewinding`, replica.name);
  await replica.stopPostgres('fast');
  await primary.query(
    `SELECT pg_create_physical_replication_slot($1, true)
      WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)`,
    [replica.slotName],
  );
  const rewind = await rewindFrom(replica, primary);
  ctx.recorder.event('procedure', `pg_rewind ${replica.name} from ${primary.name}: ${rewind}`, replica.name);
  // pg_rewind finds nothing to undo when the replica only received WAL past the fork (its data
  // is at its minRecoveryPoint, short of it); started as it is, it would replay that WAL again
  // before it learns of the new timeline. With the timeline's history in its pg_wal it stops at
  // the fork and streams the rest.
  const history = await timelineHistory(primary);
  if (history) {
    await replica.shell(`printf '%s' "$PGDRILL_HISTORY" > "$PGDATA/pg_wal/${history.file}"`, {
      user: 'postgres',
      env: { PGDRILL_HISTORY: history.text },
    });
  }
  await startAsStandby(replica, primary);
  if (!(await streamsFrom(ctx, primary, replica, FOLLOW_TIMEOUT_MS))) {
    throw new StepFailedError(
      `${replica.name} still cannot stream from ${primary.name} after pg_rewind (${rewind}); see its log`,
    );
  }
  ctx.recorder.event('procedure', `${replica.name} now streams from ${primary.name}`, replica.name);
}
