/**
 * A logical subscriber of the workload table, and what a failover does to it. `subscribe` starts
 * a server of its own (`subscriber-N`), publishes the workload table on the primary and
 * subscribes to it, with a failover slot or without (PostgreSQL 17: standbys with
 * sync_replication_slots keep a synchronised copy of such a slot). `repoint-subscriber`, after a
 * role change, points the subscription at the current primary as an operator would; the
 * subscriber must then resume from its slot there and hold exactly the primary's rows, and
 * every live standby must hold a failover-ready copy of the slot again.
 */
import type { RepointSubscriberStep, SubscribeStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError } from '../errors.ts';
import { done, notYet, pollUntil, pollWithin } from '../poll.ts';
import { WORKLOAD_DATABASE, WORKLOAD_TABLE, nodeQuery } from '../topology/workload-database.ts';
import { workloadKeys } from './data-snapshot.ts';
import { POSTGRES_LOG, logMessage } from '../topology/node-layout.ts';
import { lastLines, mustShell, tryShell } from './node-shell.ts';
import { shellQuote } from '../topology/secrets.ts';

const SUBSCRIPTION = 'pgdrill_sub';
const PUBLICATION = 'pgdrill_pub';
/** how long a standby may take to hold a failover-ready copy of the slot (its sync worker polls every few seconds) */
const SLOT_SYNC_WAIT_MS = 30_000;

/**
 * The subscription's connection to `primary`: the superuser, whose password the server reads from
 * ~postgres/.pgpass. The TCP timeouts are what an operator must give it: an apply worker that
 * restarts while a killed primary's name still resolves sends its SYN to an address nobody holds
 * any more, and the server's own connection loop honours no connect_timeout, so without
 * tcp_user_timeout it waits for the kernel to give up (about two minutes) and only then reads the
 * connection that ALTER SUBSCRIPTION … CONNECTION gave it. Keepalives do the same for an
 * established connection whose peer vanished.
 */
function conninfo(primary: PostgresMember): string {
  return `host=${primary.hostname} port=5432 user=postgres dbname=${WORKLOAD_DATABASE} ${SUBSCRIPTION_TCP_TIMEOUTS}`;
}

const TCP_USER_TIMEOUT_MS = 10_000;
const SUBSCRIPTION_TCP_TIMEOUTS = `tcp_user_timeout=${TCP_USER_TIMEOUT_MS} keepalives_idle=5 keepalives_interval=2 keepalives_count=2`;
/** wal_retrieve_retry_interval's default: how soon a failed apply worker starts again */
const APPLY_RETRY_MS = 5_000;

export async function subscribe(ctx: RunContext, step: SubscribeStep): Promise<string> {
  if (ctx.recorder.subscriber) throw new StepFailedError(`a subscriber runs already (${ctx.recorder.subscriber.node})`);
  const primary = ctx.cluster.primary();
  const subscriber = await ctx.cluster.startFreshNode('subscriber', 'primary');
  ctx.recorder.subscriber = { node: subscriber.name, failover: step.failover };
  await primary.query(`CREATE PUBLICATION ${PUBLICATION} FOR TABLE ${WORKLOAD_TABLE}`, [], WORKLOAD_DATABASE);
  await mustShell(
    subscriber,
    'copying the workload table’s definition',
    `set -o pipefail; pg_dump -h ${primary.hostname} -U postgres -d ${WORKLOAD_DATABASE} --schema-only -t ${WORKLOAD_TABLE} | psql -X -q -v ON_ERROR_STOP=1 -d ${WORKLOAD_DATABASE}`,
  );
  await subscriber.query(
    `CREATE SUBSCRIPTION ${SUBSCRIPTION} CONNECTION '${conninfo(primary)}' PUBLICATION ${PUBLICATION}${step.failover ? ' WITH (failover = true)' : ''}`,
    [],
    WORKLOAD_DATABASE,
  );
  await pollUntil(
    async () => {
      const row = await subscriber.queryOne<{ pending: string }>(
        "SELECT count(*) FILTER (WHERE srsubstate <> 'r') + (count(*) = 0)::int AS pending FROM pg_subscription_rel",
        [],
        WORKLOAD_DATABASE,
      );
      return Number(row.pending) === 0 ? done(undefined) : notYet('initial copy running');
    },
    {
      what: `the initial copy of ${WORKLOAD_TABLE} to ${subscriber.name}`,
      timeoutMs: 60_000,
      intervalMs: 250,
      signal: ctx.signal,
    },
  );
  ctx.recorder.event(
    'procedure',
    `${subscriber.name} subscribes to ${WORKLOAD_TABLE} on ${primary.name} (slot ${SUBSCRIPTION}${step.failover ? ', failover = true' : ', no failover slot'}); initial copy done`,
    subscriber.name,
  );
  if (step.failover) await awaitFailoverReady(ctx, primary, SLOT_SYNC_WAIT_MS, 'the subscription');
  return subscriber.name;
}

/**
 * Each live standby must hold a failover-ready copy of the slot (synced, no longer temporary, not
 * invalidated), as PostgreSQL's docs tell an operator to check before relying on it. A copy stays
 * temporary until the primary logs a running-transactions snapshot past the slot's start (the
 * background writer does every 15 s); pgdrill asks for one (pg_log_standby_snapshot(), as
 * PostgreSQL's own failover-slot tests do) rather than wait, and says how long readiness took.
 */
async function awaitFailoverReady(
  ctx: RunContext,
  primary: PostgresMember,
  timeoutMs: number,
  since: string,
): Promise<void> {
  const startedAtMs = ctx.now();
  await Promise.all(
    ctx.cluster.liveReplicas().map(async (standby) => {
      const ready = await pollWithin(
        async () => {
          await primary.query('SELECT pg_log_standby_snapshot()');
          const rows = await standby.query<{ state: string }>(
            `SELECT CASE WHEN NOT synced THEN 'not synced' WHEN temporary THEN 'temporary (not yet ready)'
                    WHEN invalidation_reason IS NOT NULL THEN 'invalidated: ' || invalidation_reason ELSE 'ready' END AS state
               FROM pg_replication_slots WHERE slot_name = $1`,
            [SUBSCRIPTION],
          );
          const state = rows[0]?.state ?? 'no such slot';
          return state === 'ready' ? done(undefined) : notYet(state);
        },
        {
          what: `slot ${SUBSCRIPTION} on ${standby.name}`,
          timeoutMs,
          intervalMs: 500,
          signal: ctx.signal,
        },
      );
      if (!ready.reached) {
        const worker = await slotSyncComplaint(standby);
        throw new StepFailedError(
          `${standby.name} holds no failover-ready copy of slot ${SUBSCRIPTION} after ${Math.round(timeoutMs / 1000)} s (${ready.timeout.last}): a failover to it would lose the subscriber; its settings: ${await slotSyncSettings(standby)}${worker ? `; its slot sync worker: ${worker}` : ''}`,
        );
      }
      ctx.recorder.event(
        'observation',
        `slot ${SUBSCRIPTION} failover-ready on ${standby.name} (synced, persistent) ${((ctx.now() - startedAtMs) / 1000).toFixed(1)} s after ${since}`,
        standby.name,
      );
    }),
  );
}

/** The slot sync worker's last complaint in a standby's log ("same name slot … already exists"), if any. */
async function slotSyncComplaint(standby: PostgresMember): Promise<string | undefined> {
  const log = await tryShell(
    standby,
    `grep -E '(ERROR|LOG):.*(slot synchroniz|synchronize replication slot|same name slot)' ${POSTGRES_LOG} | tail -n 1`,
  );
  return logMessage(lastLines(log.output, 1)) || undefined;
}

/** What slot synchronisation needs on a standby, as it has them. */
async function slotSyncSettings(standby: PostgresMember): Promise<string> {
  const names = ['sync_replication_slots', 'hot_standby_feedback', 'primary_slot_name', 'primary_conninfo'];
  const rows = await standby
    .query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [names])
    .catch(() => []);
  return rows
    .map((r) =>
      r.name === 'primary_conninfo'
        ? `primary_conninfo ${/dbname=/.test(r.setting) ? 'names a dbname' : 'names no dbname'}`
        : `${r.name} = ${r.setting || "''"}`,
    )
    .join(', ');
}

export async function repointSubscriber(ctx: RunContext, step: RepointSubscriberStep): Promise<string> {
  const record = ctx.recorder.subscriber;
  const subscriber = record && ctx.cluster.freshNode(record.node);
  if (!record || !subscriber) throw new StepFailedError('no subscriber runs (did the subscribe step fail?)');
  const primary = ctx.cluster.primary();
  const startedAtMs = ctx.now();
  const logFrom = await logLineCount(subscriber);
  // the apply worker's failed connections to the dead primary count as errors too: only later ones matter
  const errorsBefore = await errorCount(subscriber);
  await subscriber.query(`ALTER SUBSCRIPTION ${SUBSCRIPTION} CONNECTION '${conninfo(primary)}'`, [], WORKLOAD_DATABASE);
  ctx.recorder.event(
    'procedure',
    `subscription ${SUBSCRIPTION} on ${subscriber.name} now reads from ${primary.name}`,
    subscriber.name,
  );
  const slot = await primary.query<{ synced: string | null }>(
    "SELECT to_jsonb(s) ->> 'synced' AS synced FROM pg_replication_slots s WHERE slot_name = $1",
    [SUBSCRIPTION],
  );
  if (slot.length === 0) {
    // let the restarted apply worker meet the missing slot: its own words are the evidence. A
    // worker that restarted just before the repoint first fails on the old primary (at worst
    // after tcp_user_timeout), so wait for the line about the slot over a few retries
    const missing = `replication slot "${SUBSCRIPTION}" does not exist`;
    const said = await pollWithin(
      async () => {
        const line = await subscriberError(subscriber, logFrom, missing);
        return line ? done(line) : notYet('no error about the slot logged yet');
      },
      {
        what: `${subscriber.name} logging why it cannot stream`,
        timeoutMs: TCP_USER_TIMEOUT_MS + 3 * APPLY_RETRY_MS,
        intervalMs: 500,
        signal: ctx.signal,
      },
    );
    const lastSaid = said.reached ? said.value : await subscriberError(subscriber, logFrom);
    throw new StepFailedError(
      `${primary.name} has no replication slot ${SUBSCRIPTION}: the subscription cannot resume there, and every change after the failover is missing on ${subscriber.name} (${
        record.failover
          ? 'the slot was not synchronised to the standby before it was promoted: sync_replication_slots = on there, hot_standby_feedback, primary_slot_name and a dbname in primary_conninfo'
          : 'the subscription has no failover slot: CREATE SUBSCRIPTION … WITH (failover = true)'
      })${lastSaid ? `; ${subscriber.name} logged: ${lastSaid}` : ''}`,
    );
  }
  const caughtUp = await catchUp(ctx, primary, subscriber, startedAtMs, step.timeoutMs, {
    errors: errorsBefore,
    logLine: logFrom,
  });
  ctx.recorder.event(
    'observation',
    `${subscriber.name} holds the ${caughtUp.rows} rows of ${primary.name} after the repoint (slot ${slot[0]!.synced === 'true' ? 'synchronised before the failover' : `made on ${primary.name}`}): none missing, none extra, no apply error (${((ctx.now() - startedAtMs) / 1000).toFixed(1)} s)`,
    subscriber.name,
  );
  // the next failover is covered only if every standby holds a ready copy again (a former primary
  // keeps the slot it had as primary, synced = false, and its sync worker refuses to replace it)
  if (record.failover && step.standbyCopies) {
    await awaitFailoverReady(ctx, primary, Math.max(5_000, startedAtMs + step.timeoutMs - ctx.now()), 'the repoint');
  }
  return subscriber.name;
}

/**
 * The subscriber must come to hold every row the primary holds (read first), hold none the
 * primary lacks (read again after: later writes may have reached both), and have met no apply
 * error (a row applied twice fails on the key).
 */
async function catchUp(
  ctx: RunContext,
  primary: PostgresMember,
  subscriber: PostgresMember,
  startedAtMs: number,
  timeoutMs: number,
  since: { errors: number; logLine: number },
): Promise<{ rows: number }> {
  const deadlineMs = startedAtMs + timeoutMs;
  const before = await keysOn(primary);
  // rows alone can pass before anything streamed (the subscriber may hold all the new primary had
  // at the repoint): the slot there must also confirm WAL the new primary wrote after it
  const { lsn: after } = await primary.queryOne<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  const reached = await pollWithin(
    async () => {
      const held = new Set(await keysOn(subscriber));
      const missing = before.filter((k) => !held.has(k));
      if (missing.length > 0) return notYet(`${missing.length} rows missing, first ${missing.slice(0, 5).join(', ')}`);
      const slot = await primary.queryOne<{ confirmed: string | null; passed: boolean | null }>(
        'SELECT confirmed_flush_lsn::text AS confirmed, confirmed_flush_lsn >= $2::pg_lsn AS passed FROM pg_replication_slots WHERE slot_name = $1',
        [SUBSCRIPTION, after],
      );
      return slot.passed
        ? done(held)
        : notYet(
            `no row missing, but slot ${SUBSCRIPTION} on ${primary.name} confirms only ${slot.confirmed ?? 'nothing'}, not yet ${after} (its WAL at the repoint): nothing streamed from it`,
          );
    },
    {
      what: `${subscriber.name} catching up with ${primary.name}`,
      timeoutMs: Math.max(1_000, deadlineMs - ctx.now()),
      intervalMs: 500,
      signal: ctx.signal,
    },
  );
  const errors = (await errorCount(subscriber)) - since.errors;
  const said = await subscriberError(subscriber, since.logLine);
  const problems: string[] = [];
  if (!reached.reached) {
    // the step's timeout, counted from the repoint: the poll itself started a little later
    const seconds = Math.round(timeoutMs / 1000);
    problems.push(
      `it had not caught up after ${seconds} s (${reached.timeout.last}; ${await streamingState(primary)})${said ? `; it logged: ${said}` : ''}`,
    );
  }
  if (errors > 0) problems.push(`${errors} apply error(s) since the repoint: ${said ?? 'see its log'}`);
  if (reached.reached) {
    const after = new Set(await keysOn(primary));
    const extra = [...reached.value].filter((k) => !after.has(k));
    if (extra.length > 0) {
      problems.push(
        `it holds ${extra.length} row(s) ${primary.name} does not, first ${extra.slice(0, 5).join(', ')}: they reached the subscriber and were lost with the old primary`,
      );
    }
  }
  if (problems.length > 0)
    throw new StepFailedError(`${subscriber.name} after the repoint to ${primary.name}: ${problems.join('; ')}`);
  return { rows: before.length };
}

/** Whether the subscription's apply worker streams from `primary`: a worker stuck connecting elsewhere logs nothing. */
async function streamingState(primary: PostgresMember): Promise<string> {
  const rows = await primary
    .query<{ state: string }>('SELECT state FROM pg_stat_replication WHERE application_name = $1', [SUBSCRIPTION])
    .catch(() => undefined);
  if (!rows) return `${primary.name} could not say whether its apply worker connected`;
  return rows.length === 0
    ? `its apply worker has no connection to ${primary.name}`
    : `its apply worker streams from ${primary.name} (${rows[0]!.state})`;
}

/** Errors the subscription's workers met so far (pg_stat_subscription_stats): a row applied twice is one. */
async function errorCount(subscriber: PostgresMember): Promise<number> {
  const row = await subscriber.queryOne<{ errors: string }>(
    'SELECT coalesce(sum(apply_error_count + sync_error_count), 0) AS errors FROM pg_stat_subscription_stats',
    [],
    WORKLOAD_DATABASE,
  );
  return Number(row.errors);
}

/** The workload's keys on `node`, as every recovery check reads them. */
const keysOn = (node: PostgresMember): Promise<number[]> => workloadKeys(nodeQuery(node));

async function logLineCount(node: PostgresMember): Promise<number> {
  const counted = await tryShell(node, `wc -l < ${POSTGRES_LOG}`);
  return Number.parseInt(counted.output.trim(), 10) || 0;
}

/**
 * The subscriber's last ERROR or WARNING line after line `from` of its log (the publisher's
 * warnings reach it too), if it logged one; with `containing`, the last such line that says it.
 */
async function subscriberError(
  subscriber: PostgresMember,
  from: number,
  containing?: string,
): Promise<string | undefined> {
  const about = containing ? ` | grep -F ${shellQuote(containing)}` : '';
  const log = await tryShell(
    subscriber,
    `tail -n +${from + 1} ${POSTGRES_LOG} | grep -E '(ERROR|WARNING):'${about} | tail -n 1`,
  );
  const line = logMessage(lastLines(log.output, 1));
  return line || undefined;
}
