/**
 * backup: takes a backup on the primary with the named tool, verifies it with that tool's own
 * verifier, and records the data at the backup's consistent point for restores to compare with.
 * A backup that fails verification fails the step.
 */
import type { BackupStep } from './steps.ts';
import { BACKUP_DIR } from '../topology/node-layout.ts';
import type { RunContext } from '../steps/context.ts';
import type { BackupRecord, DataSnapshot } from '../evidence/recovery-evidence.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError } from '../errors.ts';
import { exportedSnapshot, heldSnapshot } from './data-snapshot.ts';
import { lastLines, mustShell, shq, tryShell } from './node-shell.ts';
import { pgbackrestBackup } from './pgbackrest.ts';
import type { MethodResult } from './backup-method.ts';

export async function backup(ctx: RunContext, step: BackupStep): Promise<string> {
  const node = ctx.cluster.primary();
  const { name } = step;
  const method = step.method as BackupRecord['method'];
  const startedAtMs = ctx.now();
  const dir = `${BACKUP_DIR}/${name}`;
  const taken =
    method === 'pg_dump'
      ? await pgDump(ctx, step, node, dir)
      : method === 'pg_basebackup'
        ? await pgBasebackup(ctx, step, node, dir)
        : await pgbackrestBackup(ctx, step, node);
  const record: BackupRecord = {
    name,
    method,
    stepIndex: step.index,
    node: node.name,
    startedAtMs,
    completedAtMs: ctx.now(),
    ...taken,
  };
  ctx.recorder.backups.push(record);
  const range = record.startLsn ? `, WAL ${record.startLsn}–${record.endLsn} on timeline ${record.timeline}` : '';
  ctx.recorder.event(
    'procedure',
    `backup ${name} (${method}) on ${node.name}: ${record.sizeBytes ?? '?'} bytes${range}; ${record.verification.tool}: ${record.verification.passed ? 'verified' : 'FAILED'}`,
    node.name,
  );
  if (!record.verification.passed) {
    throw new StepFailedError(
      `backup ${name} failed verification by ${record.verification.tool}: ${lastLines(record.verification.output, 6)}`,
    );
  }
  return node.name;
}

/**
 * pg_dump in custom format from a snapshot the harness exported and digested first: the dump
 * holds exactly the snapshot's data. Roles come separately, from pg_dumpall --globals-only.
 */
async function pgDump(ctx: RunContext, step: BackupStep, node: PostgresMember, dir: string): Promise<MethodResult> {
  const file = `${dir}/app.dump`;
  const { snapshot } = await exportedSnapshot(ctx, node, (snapshotId) =>
    mustShell(
      node,
      'pg_dump',
      `set -e; mkdir -p ${shq(dir)}
       pg_dump -d app -Fc -Z ${step.compress ? 6 : 0} --snapshot=${shq(snapshotId)} -f ${shq(file)}
       pg_dumpall --globals-only -f ${shq(`${dir}/globals.sql`)}`,
    ),
  );
  const listing = await tryShell(node, `pg_restore --list ${shq(file)}`);
  return {
    location: file,
    sizeBytes: await sizeOf(node, dir),
    format: 'custom',
    compressed: step.compress ?? false,
    verification: { tool: 'pg_restore --list', ...dumpListingCovers(listing.exitCode, listing.output, snapshot) },
    snapshot,
  };
}

/** pg_restore --list must succeed and list the data of every table the snapshot saw. */
export function dumpListingCovers(
  exitCode: number,
  listing: string,
  snapshot: DataSnapshot,
): { passed: boolean; output: string } {
  if (exitCode !== 0) return { passed: false, output: listing };
  const listed = new Set([...listing.matchAll(/ TABLE DATA (\S+) (\S+) /g)].map((m) => `${m[1]}.${m[2]}`));
  const missing = snapshot.tables.map((t) => t.table).filter((t) => !listed.has(t));
  const entries = listing.split('\n').filter((l) => /^\d+;/.test(l)).length;
  return missing.length === 0
    ? { passed: true, output: `${entries} entries, data of all ${snapshot.tables.length} tables listed` }
    : { passed: false, output: `the dump lists no data for ${missing.join(', ')}` };
}

/**
 * pg_basebackup with its WAL streamed in and a SHA-256 manifest, taken while writers are held
 * off: the data at the backup's end LSN is the snapshot. An incremental one (`type: incr`) sends
 * only the blocks changed since the latest pg_basebackup backup, found from its manifest and the
 * server's WAL summaries. Verified by pg_verifybackup (which in
 * PostgreSQL 15 reads plain backups only: a tar backup is unpacked to a scratch folder first).
 */
async function pgBasebackup(
  ctx: RunContext,
  step: BackupStep,
  node: PostgresMember,
  dir: string,
): Promise<MethodResult> {
  const format = step.format === 'plain' ? 'p' : 't';
  const compress = step.compress && format === 't' ? ' -z' : '';
  const prior = step.backupType === 'incr' ? priorBasebackup(ctx) : undefined;
  const incremental = prior ? ` --incremental=${shq(`${prior.location}/backup_manifest`)}` : '';
  const held = await heldSnapshot(ctx, node, () =>
    mustShell(
      node,
      'pg_basebackup',
      `pg_basebackup -h 127.0.0.1 -p 5432 -U replicator -w -D ${shq(dir)} -F ${format} -X stream -c fast --manifest-checksums=SHA256${compress}${incremental}`,
    ),
  );
  const manifest = JSON.parse(
    await mustShell(node, 'reading the backup manifest', `cat ${shq(`${dir}/backup_manifest`)}`),
  ) as {
    'WAL-Ranges': { Timeline: number; 'Start-LSN': string; 'End-LSN': string }[];
  };
  const ranges = manifest['WAL-Ranges'];
  const verify = await tryShell(node, verifyScript(dir, format === 't', Boolean(compress)));
  return {
    location: dir,
    sizeBytes: await sizeOf(node, dir),
    format: step.format ?? 'tar',
    compressed: Boolean(compress),
    backupType: prior ? 'incr' : 'full',
    ...(prior ? { prior: prior.name } : {}),
    startLsn: ranges[0]!['Start-LSN'],
    endLsn: ranges[ranges.length - 1]!['End-LSN'],
    timeline: ranges[ranges.length - 1]!.Timeline,
    verification: { tool: 'pg_verifybackup', passed: verify.exitCode === 0, output: verify.output.trim() },
    snapshot: held.snapshot,
    heldMs: held.heldMs,
  };
}

/** The pg_basebackup backup an incremental one builds on: the latest taken (the scenario's check says there is one). */
function priorBasebackup(ctx: RunContext): BackupRecord {
  const prior = ctx.recorder.backups.filter((b) => b.method === 'pg_basebackup').at(-1);
  if (!prior)
    throw new StepFailedError('an incremental pg_basebackup needs an earlier pg_basebackup backup to build on');
  return prior;
}

function verifyScript(dir: string, tar: boolean, gzip: boolean): string {
  if (!tar) return `pg_verifybackup ${shq(dir)}`;
  const ext = gzip ? '.tar.gz' : '.tar';
  const scratch = `/tmp/pgdrill-verify-${Date.now()}`;
  return `set -e; trap 'rm -rf ${scratch}' EXIT; mkdir -p ${scratch}/pg_wal
    tar -xf ${shq(`${dir}/base${ext}`)} -C ${scratch}
    tar -xf ${shq(`${dir}/pg_wal${ext}`)} -C ${scratch}/pg_wal
    pg_verifybackup -m ${shq(`${dir}/backup_manifest`)} ${scratch}`;
}

export async function sizeOf(node: PostgresMember, path: string): Promise<number | null> {
  const du = await tryShell(node, `du -sb ${shq(path)} | cut -f1`);
  const bytes = Number(du.output.trim());
  return du.exitCode === 0 && Number.isFinite(bytes) ? bytes : null;
}
