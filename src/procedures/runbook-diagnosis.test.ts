import { describe, expect, it } from 'vitest';
import { diagnoseRunbook } from './runbook-diagnosis.ts';

const facts = { output: '', serverComplaints: '', serverRunning: true, pgVersion: '15', recoveryConfPresent: false };

describe('diagnoseRunbook', () => {
  it('finds nothing to say about a runbook that left a running server and no known pitfall', () => {
    expect(diagnoseRunbook(facts)).toEqual([]);
  });

  it('names recovery.conf, a missing cluster and a stopped server (the seed 000 PITR runbook)', () => {
    const findings = diagnoseRunbook({ ...facts, serverRunning: false, pgVersion: null, recoveryConfPresent: true });
    expect(findings[0]).toMatch(/^PostgreSQL is not running after the runbook/);
    expect(findings.join('\n')).toMatch(/recovery\.conf is not read since PostgreSQL 12/);
    expect(findings.join('\n')).toMatch(/no database cluster \(no PG_VERSION\)/);
  });

  it('tells a gzip file handed to pg_restore apart from a file that is not gzip at all', () => {
    expect(
      diagnoseRunbook({
        ...facts,
        output: 'pg_restore: error: input file does not appear to be a valid archive\n/backups/x.dump.gz',
      }),
    ).toEqual(['pg_restore cannot read a gzip file: decompress it first (`gunzip -c FILE.gz | pg_restore …`)']);
    expect(diagnoseRunbook({ ...facts, output: 'gzip: x.dump: not in gzip format' })[0]).toMatch(/not a gzip file/);
  });

  it('names a tool the node lacks (repmgr on PostgreSQL 18)', () => {
    expect(
      diagnoseRunbook({ ...facts, output: '/tmp/pgdrill-runbook-2.sh: line 95: repmgr: command not found' }),
    ).toEqual([
      'the runbook calls a tool the node does not have (`… command not found`): Debian packages some tools (repmgr) for some PostgreSQL majors only; the report’s components list says which this node has',
    ]);
  });
});
