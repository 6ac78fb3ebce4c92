/**
 * PostgreSQL 17's incremental backups: `pg_basebackup --incremental` against the manifest of the
 * backup it builds on, and, to restore, `pg_combinebackup` over the whole chain (full backup
 * first, this one last) into the new node's data directory, the result checked by
 * pg_verifybackup against the manifest pg_combinebackup writes.
 */
import type { BackupRecord } from '../evidence/recovery-evidence.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError } from '../errors.ts';
import { lastLines, shq, tryShell } from './node-shell.ts';

/** A pg_basebackup backup that must be combined with the ones it builds on before it can be used. */
export function isIncremental(backup: BackupRecord): boolean {
  return backup.method === 'pg_basebackup' && backup.backupType === 'incr';
}

/**
 * The backups `last` needs, oldest first: it, the one it builds on, and so on back to a full
 * backup. A chain whose link is missing (its backup failed) cannot be restored.
 */
export function backupChain(taken: readonly BackupRecord[], last: BackupRecord): BackupRecord[] {
  const chain = [last];
  for (let at = last; isIncremental(at); ) {
    const prior = taken.find((b) => b.name === at.prior);
    if (!prior) {
      throw new StepFailedError(
        `backup ${at.name} builds on ${at.prior ?? 'an earlier backup'}, which was not taken: the chain cannot be combined`,
      );
    }
    chain.unshift(prior);
    at = prior;
  }
  return chain;
}

/**
 * Writes the synthetic full backup of `chain` into `dataDir` (empty) and verifies it. Tar backups
 * are unpacked to a scratch folder first: pg_combinebackup reads plain backups only.
 * @returns what pg_verifybackup said of the combined backup
 */
export async function combineInto(
  node: PostgresMember,
  chain: readonly BackupRecord[],
  dataDir: string,
): Promise<string> {
  const scratch = `/tmp/pgdrill-combine-${Date.now()}`;
  const inputs = chain.map((b, i) => (b.format === 'plain' ? b.location : `${scratch}/${i}`));
  const unpack = chain.flatMap((b, i) => {
    if (b.format === 'plain') return [];
    const ext = b.compressed ? '.tar.gz' : '.tar';
    return [
      `mkdir -p ${scratch}/${i}/pg_wal`,
      `tar -xf ${shq(`${b.location}/base${ext}`)} -C ${scratch}/${i}`,
      `tar -xf ${shq(`${b.location}/pg_wal${ext}`)} -C ${scratch}/${i}/pg_wal`,
      `cp ${shq(`${b.location}/backup_manifest`)} ${scratch}/${i}/`,
    ];
  });
  const combined = await tryShell(
    node,
    `set -e; trap 'rm -rf ${scratch}' EXIT
     ${unpack.join('\n     ') || ':'}
     pg_combinebackup -o ${dataDir} ${inputs.map(shq).join(' ')}`,
  );
  if (combined.exitCode !== 0) {
    throw new StepFailedError(
      `pg_combinebackup could not combine ${chain.map((b) => b.name).join(' + ')}: ${lastLines(combined.output, 4)}`,
    );
  }
  const verified = await tryShell(node, `pg_verifybackup ${dataDir}`);
  if (verified.exitCode !== 0) {
    throw new StepFailedError(
      `pg_verifybackup rejects the backup pg_combinebackup made of ${chain.map((b) => b.name).join(' + ')}: ${lastLines(verified.output, 4)}`,
    );
  }
  return verified.output.trim();
}
