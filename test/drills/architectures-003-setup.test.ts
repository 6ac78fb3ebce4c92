/**
 * Seed 003's master and slave set-up scripts (3.2 configure_master_node, 3.3
 * configure_slave_node) through the real CLI: each fails as written, for its own reasons; the
 * corrected scripts build a master that archives and a slave that streams through its slot.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../src/report/result.ts';
import { runDrill } from './pgdrill-cli.ts';

const S003 = 'scenarios/architectures/003_c25c122044e446a7';

async function drill(name: string, exitCode: number): Promise<{ result: ScenarioResult; dir: string }> {
  const drilled = await runDrill(`${S003}/${name}.yaml`, name, exitCode);
  expect(drilled.result.status).toBe(exitCode === 0 ? 'passed' : 'failed');
  expect(drilled.result.claims?.length ?? 0).toBeGreaterThan(0);
  return drilled;
}

const runbookLog = (dir: string, step: number) => readFile(path.join(dir, `runbook-step-${step}.log`), 'utf8');
const messages = (result: ScenarioResult) => result.timeline.map((e) => e.message);

describe('seed 003_c25c122044e446a7: master and slave set-up (3.2, 3.3)', () => {
  it('seed-003-master-setup-as-given: psql -c with \\c creates nothing, wal_keep_segments keeps the master down (exit 1)', async () => {
    const { result, dir } = await drill('seed-003-master-setup-as-given', 1);
    const log = await runbookLog(dir, 2);
    expect(log).toMatch(/syntax error at or near "\\"/);
    expect(log).toMatch(/pg_ctl: could not start server/);
    expect(await readFile(path.join(dir, 'logs', 'pg-1.log'), 'utf8')).toMatch(/unrecognized configuration parameter "wal_keep_segments"/);
    expect(messages(result).some((m) => /PostgreSQL is not running after it/.test(m))).toBe(true);
    expect(result.steps[2]!.status).toBe('failed');
  });

  it('seed-003-slave-setup-as-given: pg_basebackup refuses the non-empty data directory, the check on the slave shows nothing (exit 1)', async () => {
    const { result, dir } = await drill('seed-003-slave-setup-as-given', 1);
    const log = await runbookLog(dir, 6);
    expect(log).toMatch(/exists but is not empty/);
    expect(log).toMatch(/\(0 rows\)/); // pg_stat_replication on the slave itself
    expect(log).toMatch(/从节点 slave1 配置完成/); // and it says it succeeded
    expect(result.steps[6]!.status).toBe('failed'); // wait converged
  });

  it('seed-003-master-slave-setup-corrected: the master archives, the slave streams through slave1_slot, both agree', async () => {
    const { result, dir } = await drill('seed-003-master-slave-setup-corrected', 0);
    expect(await runbookLog(dir, 6)).toMatch(/streaming/);
    expect(result.metrics!.observed.archiveFailures).toBe(0);
    expect(result.metrics!.checksums.match).toBe(true);
  });
});
