/**
 * Where things live inside a PostgreSQL member: the contract between the node image
 * (compose/node/pgdrill-node uses the same paths) and everyone who acts in a node — the runtime
 * that mounts volumes there, and the procedures and samplers that read and write them.
 */
import type { VolumeName } from '../model/model.ts';

/** The WAL archive each node's archive_command writes to. */
export const ARCHIVE_DIR = '/var/lib/pgdrill/archive';

/** Where backups go inside a node: one volume shared by the run's nodes (pgBackRest's repository too). */
export const BACKUP_DIR = '/var/lib/pgdrill/backup';

/** PostgreSQL's log: its stderr, appended by the node's entrypoint (compose/node/pgdrill-node) or pg_ctl -l. */
export const POSTGRES_LOG = '/var/log/pgdrill/postgresql.log';

/**
 * A line of POSTGRES_LOG without the prefix the image's log_line_prefix ('%m [%p] %q%u@%d ')
 * gives it: timestamp, zone, pid and, for a session's lines, user@database.
 */
export function logMessage(line: string): string {
  return line.replace(/^\S+ \S+ \S+ \[\d+\] (?:\S*@\S* )?/, '');
}

/** The data directory (the image's $PGDATA). */
export const PGDATA = '/var/lib/pgdrill/data';

/** PostgreSQL's programs in the major's image (Dockerfile's PATH). */
export const pgBinDir = (major: number) => `/usr/lib/postgresql/${major}/bin`;

/** Where each volume lives inside a node. */
export const VOLUME_PATHS: Record<VolumeName, string> = {
  data: PGDATA,
  wal: '/var/lib/pgdrill/wal',
  archive: ARCHIVE_DIR,
};
