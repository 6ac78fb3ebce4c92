/**
 * Why a runbook failed, in words an operator can act on: known pitfalls of PostgreSQL runbooks
 * recognised in the runbook's output, the server's log and the state of the data directory.
 * Pure: the script procedure gathers the facts.
 */
export interface RunbookFacts {
  output: string;
  /** FATAL / PANIC lines of the node's PostgreSQL log */
  serverComplaints: string;
  serverRunning: boolean;
  /** $PGDATA/PG_VERSION's content, null when absent */
  pgVersion: string | null;
  recoveryConfPresent: boolean;
}

const PITFALLS: { seen: (f: RunbookFacts) => boolean; finding: string }[] = [
  {
    seen: (f) => f.recoveryConfPresent || /recovery\.conf.*not supported/.test(f.serverComplaints),
    finding:
      'recovery.conf is not read since PostgreSQL 12: put restore_command and recovery_target_* in postgresql.conf (or postgresql.auto.conf) and create recovery.signal',
  },
  {
    seen: (f) => /input file does not appear to be a valid archive/.test(f.output) && /\.gz\b/.test(f.output),
    finding: 'pg_restore cannot read a gzip file: decompress it first (`gunzip -c FILE.gz | pg_restore …`)',
  },
  {
    seen: (f) => /not in gzip format/.test(f.output),
    finding:
      'the backup is not a gzip file: pg_dump -Fc archives are compressed already; hand them to pg_restore directly',
  },
  {
    seen: (f) => /pg_restore: .*(could not connect|connection to server .* failed)/i.test(f.output),
    finding:
      'pg_restore found no running server to restore into: a logical dump is restored into a running server, after the new cluster is started',
  },
  {
    seen: (f) => /: command not found/.test(f.output),
    finding:
      'the runbook calls a tool the node does not have (`… command not found`): Debian packages some tools (repmgr) for some PostgreSQL majors only; the report’s components list says which this node has',
  },
  {
    seen: (f) => f.pgVersion === null,
    finding:
      'the data directory holds no database cluster (no PG_VERSION): a logical dump cannot rebuild it, and WAL cannot be replayed on top of one — PITR needs a physical base backup',
  },
  {
    seen: (f) => /recovery ended before configured recovery target was reached/.test(f.serverComplaints),
    finding:
      "recovery did not reach the target: the archive lacks WAL up to it, or the target lies outside the backup's timeline",
  },
];

export function diagnoseRunbook(facts: RunbookFacts): string[] {
  const findings = PITFALLS.filter((p) => p.seen(facts)).map((p) => p.finding);
  if (!facts.serverRunning) {
    findings.unshift(
      `PostgreSQL is not running after the runbook${facts.serverComplaints ? ` (its log: ${facts.serverComplaints})` : ''}`,
    );
  }
  return findings;
}
