/**
 * Making a node a standby of a primary, and telling whether it follows: the pieces a rejoin,
 * the replication moves and the waits share.
 */
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { done, notYet, pollWithin } from '../poll.ts';

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

/** standby.signal and a primary_conninfo to `primary` (appended: the last line wins), then start. */
export async function startAsStandby(node: PostgresMember, primary: PostgresMember): Promise<void> {
  // No password: the WAL receiver reads it from ~postgres/.pgpass.
  await node.shell(
    [
      `printf "primary_conninfo = 'host=%s port=5432 user=replicator application_name=%s'\\nprimary_slot_name = '%s'\\n" ${primary.hostname} ${node.applicationName} ${node.slotName} >> "$PGDATA/postgresql.auto.conf"`,
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
    throw new StepFailedError(
      `pg_rewind of ${node.name} from ${primary.name} failed: ${errorMessage(error)} — pg_rewind reads ${node.name}'s WAL back to the ` +
        'last checkpoint before the fork; keep that WAL (wal_keep_size) or it cannot start',
      { cause: error },
    );
  }
}
