/**
 * corrupt: bytes flipped in a heap page of a user table on one node, as a failing disk or
 * controller would (Jepsen's bitflip, CloudNativePG's PGDATA-corruption tests). pgdrill's nodes
 * run with data checksums, so PostgreSQL itself must notice: the step reads the page back with a
 * fresh server and records PostgreSQL's checksum failure, its log line and pg_amcheck's report as
 * evidence, and fails if none of them saw it. Each node has its own copy of the files: a
 * corrupted replica no longer holds what the primary holds. Nothing undoes it (no heal).
 */
import { z } from 'zod';
import type { StepBase, TargetRef } from '../model/model.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { done, notYet, pollWithin } from '../poll.ts';
import { WORKLOAD_DATABASE, WORKLOAD_TABLE } from '../topology/workload-database.ts';
import { POSTGRES_LOG } from '../topology/node-layout.ts';
import { targetSchema } from '../model/schema-primitives.ts';
import { defineFault, faultBase, faultSchema, targetTitle } from './descriptor.ts';
import { recordFault } from './record.ts';

/** What PostgreSQL logs when a page fails its checksum (a WARNING, then the read's ERROR). */
const CHECKSUM_FAILURE = 'checksum verification failed|invalid page in block';

export interface CorruptStep extends StepBase {
  type: 'fault';
  fault: 'corrupt';
  target: TargetRef;
  /** a user table in the workload's database. @default 'pgdrill_writes' */
  table: string;
  /** which heap page (block) of the table. @default 0 */
  block: number;
  /** how many bytes are inverted, from the middle of the page. @default 8 */
  bytes: number;
}

export const corrupt = defineFault<CorruptStep>()({
  kind: 'corrupt',
  summary:
    "flip bytes in a heap page of a user table on one node's disk (the table is frozen on the primary first, so WAL replay does not write the clean page back); PostgreSQL's checksum failure and pg_amcheck are the evidence",
  example: '{fault: corrupt, target: replica-1}',
  schema: faultSchema('corrupt', {
    target: targetSchema,
    table: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/, { error: 'a table name, e.g. pgdrill_writes or app.accounts' })
      .optional()
      .describe(`a user table in database ${WORKLOAD_DATABASE}; default ${WORKLOAD_TABLE} (the workload's table)`),
    block: z.int().min(0).optional().describe('the heap page (block number) to damage; default 0'),
    bytes: z.int().min(1).max(512).optional().describe('how many bytes to invert in that page; default 8'),
  }),
  resolve: (raw, base) => ({
    ...faultBase('corrupt', base),
    target: raw.target,
    table: raw.table ?? WORKLOAD_TABLE,
    block: raw.block ?? 0,
    bytes: raw.bytes ?? 8,
  }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'postgres' }],
  title: targetTitle,
  apply: applyCorrupt,
});

/**
 * On a replica, recovery replays the WAL since its last restartpoint when it starts again, and a
 * full-page image of the damaged page in that WAL (a page the workload is still writing to) writes
 * the clean page back: the damage is healed before anyone reads it. So a flip that nothing notices
 * is made again, up to this many times, each said in the timeline.
 */
const ATTEMPTS = 3;

async function applyCorrupt(ctx: RunContext, step: CorruptStep): Promise<string> {
  const node = ctx.cluster.resolve(step.target);
  for (let attempt = 1; ; attempt++) {
    const evidence = await flipOnce(ctx, step, node, attempt);
    for (const line of evidence.lines) ctx.recorder.event('observation', line, node.name);
    if (evidence.detected) return node.name;
    if (attempt === ATTEMPTS) {
      throw new StepFailedError(
        `corrupt: ${step.table} block ${step.block} on ${node.name} was damaged ${ATTEMPTS} times, but neither a read, the log nor pg_amcheck noticed`,
      );
    }
    ctx.recorder.event(
      'observation',
      `${step.table} block ${step.block} on ${node.name} read back intact: WAL replay restored it (a full-page image); flipping again (${attempt + 1}/${ATTEMPTS})`,
      node.name,
    );
  }
}

async function flipOnce(ctx: RunContext, step: CorruptStep, node: PostgresMember, attempt: number): Promise<Detection> {
  const sql = (text: string, params: unknown[] = [], on: PostgresMember = node) =>
    on.query(text, params, WORKLOAD_DATABASE);
  await prepare(ctx, step, node);
  const [where] = await sql(
    `SELECT pg_relation_filepath($1::regclass) AS path,
            pg_relation_size($1::regclass) / current_setting('block_size')::int AS blocks,
            current_setting('block_size')::int AS block_size`,
    [step.table],
  );
  const { path, blocks, block_size: blockSize } = where as { path: string; blocks: string; block_size: number };
  if (step.block >= Number(blocks)) {
    throw new StepFailedError(`corrupt: ${step.table} on ${node.name} has ${blocks} page(s), no block ${step.block}`);
  }
  // The middle of the page: past the page header and line pointers, inside the tuples or free space.
  const offset = step.block * blockSize + Math.floor(blockSize / 2);
  // A clean shutdown writes every dirty buffer first, so nothing overwrites the flipped bytes,
  // and the restarted server has to read the page from disk again.
  await node.stopPostgres('fast');
  await node.shell(flipBytes(`$PGDATA/${path}`, offset, step.bytes));
  const what = `inverted ${step.bytes} byte(s) at offset ${offset} of ${path} (${step.table}, block ${step.block}) on ${node.name} (${node.role})`;
  if (attempt === 1) recordFault(ctx, step, node, what);
  else ctx.recorder.event('observation', what, node.name);
  await node.startPostgres();
  return detect(node, step);
}

/**
 * amcheck in the workload's database (created on the primary, replayed by the replicas), the table
 * frozen, pages on disk. Without the freeze, the first later read on the primary (the workload's,
 * or pgdrill's own for the checksums) sets hint bits on the page; with data checksums that logs a
 * full-page image after the checkpoint, and a replica replaying it silently writes the clean page
 * back over the damage. A frozen page of an insert-only table is not written again, as a cold page
 * on a failing disk would not be.
 */
async function prepare(ctx: RunContext, step: CorruptStep, node: PostgresMember): Promise<void> {
  const primary = ctx.cluster.primary();
  await primary.query('CREATE EXTENSION IF NOT EXISTS amcheck', [], WORKLOAD_DATABASE);
  await primary.query(`VACUUM (FREEZE) ${step.table}`, [], WORKLOAD_DATABASE);
  await primary.query('CHECKPOINT');
  if (node === primary) return;
  const [{ lsn } = { lsn: '0/0' }] = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  // the replica replays the extension and the checkpoint before it is stopped (a restartpoint follows)
  // a replica that has not caught up in 10 s is checkpointed as it is: the flip still lands on disk
  await pollWithin(
    async () => {
      const [row] = await node.query<{ caught: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught', [
        lsn,
      ]);
      return row?.caught ? done(true) : notYet(`${node.name} has not replayed ${lsn}`);
    },
    { what: `${node.name} replaying the checkpoint`, timeoutMs: 10_000, intervalMs: 100, signal: ctx.signal },
  );
  await node.query('CHECKPOINT');
}

/** Inverts `count` bytes of `file` at `offset`, in place, with the tools every node has. */
export function flipBytes(file: string, offset: number, count: number): string {
  return [
    `f="${file}"`,
    `out=''; for b in $(od -An -tu1 -j ${offset} -N ${count} "$f"); do out="$out$(printf '\\\\%03o' $((255 - b)))"; done`,
    `printf "$out" | dd of="$f" bs=1 seek=${offset} count=${count} conv=notrunc status=none`,
  ].join('\n');
}

interface Detection {
  detected: boolean;
  /** what each witness said, for the timeline */
  lines: string[];
}

/** A fresh server reads the page (PostgreSQL verifies its checksum), then its log and pg_amcheck are read. */
async function detect(node: PostgresMember, step: CorruptStep): Promise<Detection> {
  const lines: string[] = [];
  let readFailed = false;
  try {
    await node.query(`SELECT count(*) FROM ${step.table}`, [], WORKLOAD_DATABASE);
    lines.push(`${node.name}: reading ${step.table} succeeded despite the damaged page`);
  } catch (error) {
    readFailed = true;
    lines.push(`${node.name}: reading ${step.table} failed: ${errorMessage(error)}`);
  }
  const log = await node.shell(`grep -aE '${CHECKSUM_FAILURE}' ${POSTGRES_LOG} | tail -n 2; true`);
  for (const line of log.trim().split('\n').filter(Boolean)) lines.push(`${node.name} log: ${line.trim()}`);
  const amcheck = await node.shell(
    `pg_amcheck --no-dependent-indexes -d ${WORKLOAD_DATABASE} -t '${step.table}' > /tmp/pgdrill-amcheck.out 2>&1; rc=$?; head -n 4 /tmp/pgdrill-amcheck.out; echo "pg_amcheck exit $rc"`,
    { user: 'postgres' },
  );
  const amcheckLines = amcheck.trim().split('\n');
  const amcheckFailed = !amcheckLines.at(-1)?.endsWith(' 0');
  lines.push(`${node.name} pg_amcheck: ${amcheckLines.join(' | ')}`);
  return { detected: readFailed || log.trim() !== '' || amcheckFailed, lines };
}
