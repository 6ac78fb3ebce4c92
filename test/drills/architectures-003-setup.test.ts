/**
 * Seed 003's master and slave set-up scripts (3.2 configure_master_node, 3.3
 * configure_slave_node) through the real CLI: each fails as written, for its own reasons; the
 * corrected scripts build a master that archives and a slave that streams through its slot.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClaimDrill, runbookLog, timelineMessages } from './pgdrill-cli.ts';

const S003 = 'scenarios/architectures/003_c25c122044e446a7';

const drill = (name: string, exitCode: number) => runClaimDrill(`${S003}/${name}.yaml`, name, exitCode);

describe('seed 003_c25c122044e446a7: master and slave set-up (3.2, 3.3)', () => {
  it('seed-003-master-setup-as-given: psql -c with \\c creates nothing, wal_keep_segments keeps the master down (exit 1)', async () => {
    const { result, dir } = await drill('seed-003-master-setup-as-given', 1);
    const log = await runbookLog(dir, 2);
    expect(log).toMatch(/syntax error at or near "\\"/);
    expect(log).toMatch(/pg_ctl: could not start server/);
    expect(await readFile(path.join(dir, 'logs', 'pg-1.log'), 'utf8')).toMatch(
      /unrecognized configuration parameter "wal_keep_segments"/,
    );
    expect(timelineMessages(result).some((m) => /PostgreSQL is not running after it/.test(m))).toBe(true);
    expect(result.steps[2]!.status).toBe('failed');
  });

  it('seed-003-slave-setup-as-given: pg_basebackup refuses the non-empty data directory, the check on the slave shows nothing (exit 1)', async () => {
    const { result, dir } = await drill('seed-003-slave-setup-as-given', 1);
    const log = await runbookLog(dir, 6);
    expect(log).toMatch(/exists but is not empty/);
    expect(log).toMatch(/\(0 rows\)/); // pg_stat_replication on the slave itself
    expect(log).toMatch(/从节点 slave1 配置完成/); // and it says it succeeded
    expect(result.steps[6]!.status).toBe('failed'); // wait converged
    // pg-2 is up but never replayed the master's WAL: its tables are not compared, so no match is claimed
    expect(result.metrics!.checksums).toMatchObject({ match: null, nodes: ['pg-1'] });
    expect(result.metrics!.checksums.leftOut?.map((l) => l.node)).toEqual(['pg-2']);
    expect(result.expectations.find((e) => e.name === 'checksums')?.verdict).toBe('not-measured');
  });

  it('seed-003-master-slave-setup-corrected: the master archives, the slave streams through slave1_slot, both agree', async () => {
    const { result, dir } = await drill('seed-003-master-slave-setup-corrected', 0);
    expect(await runbookLog(dir, 6)).toMatch(/streaming/);
    expect(result.metrics!.observed.archiveFailures).toBe(0);
    expect(result.metrics!.checksums.match).toBe(true);
  });
});
