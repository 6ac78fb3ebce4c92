/**
 * The library runs on PostgreSQL 18, the default; the other two majors get the drills whose
 * outcome could turn on the version: `pgdrill run --pg 15,17` puts a kill of the primary under
 * load, a point-in-time recovery to a mark and a Patroni failover behind HAProxy on each major's
 * own image. Every copy must pass, its report must name the server and component versions of its
 * Debian release, and the run index must show one column per major.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunIndex } from '../../src/report/run-index.ts';
import { BATCH_TIMEOUT_MS, explainRun, leftoverContainers, pgdrill, readResult, tempDir } from './pgdrill-cli.ts';
import { expectIncrementalChainRestored } from './recovery-expect.ts';

const SCENARIOS = ['failover/kill-primary', 'pitr/pitr-undo-delete', 'ha/patroni-kill-leader'];
/** what each major's image must report (Debian bookworm for 15, trixie for 17) */
const COMPONENTS: Record<number, { postgres: RegExp; patroni: RegExp; etcd: RegExp }> = {
  15: { postgres: /^15\.\d+/, patroni: /patroni 3\.0\./, etcd: /3\.4\./ },
  17: { postgres: /^17\.\d+/, patroni: /patroni 4\.0\./, etcd: /3\.5\./ },
};
const MAJORS = [15, 17];

let ran: Promise<{ reportDir: string; run: Awaited<ReturnType<typeof pgdrill>> }> | undefined;
function runOnce() {
  ran ??= (async () => {
    const reportDir = await tempDir('majors');
    const files = SCENARIOS.map((s) => `scenarios/${s}.yaml`);
    const run = await pgdrill(['run', '-j', '2', '--pg', MAJORS.join(','), ...files, '--report-dir', reportDir]);
    return { reportDir, run };
  })();
  return ran;
}

describe('pgdrill run --pg 15,17', () => {
  for (const major of MAJORS)
    for (const scenario of SCENARIOS.map((s) => path.basename(s))) {
      it(
        `${scenario} passes on PostgreSQL ${major}, and its report names ${major}'s versions`,
        async () => {
          const { reportDir, run } = await runOnce();
          const result = await readResult(reportDir, `${scenario}@pg${major}`);
          if (result.status !== 'passed') expect.fail(await explainRun(run, 0));
          const want = COMPONENTS[major]!;
          expect(result.harness.postgres).toMatch(want.postgres);
          expect(result.harness.image).toMatch(new RegExp(`^pgdrill-node:pg${major}-`));
          expect(result.environment?.components?.patroni).toMatch(want.patroni);
          expect(result.environment?.components?.etcd).toMatch(want.etcd);
        },
        BATCH_TIMEOUT_MS,
      );
    }

  it('shows one column per major in the run index, and leaves nothing in Docker', async () => {
    const { reportDir, run } = await runOnce();
    expect(run.exitCode, run.all).toBe(0);
    const index = JSON.parse(await readFile(path.join(reportDir, 'index.json'), 'utf8')) as RunIndex;
    expect(index.byMajor?.majors).toEqual(MAJORS);
    expect(index.byMajor?.rows.map((r) => [r.scenario, r.differs])).toEqual(
      SCENARIOS.map((s) => [path.basename(s), false]),
    );
    expect(await readFile(path.join(reportDir, 'index.md'), 'utf8')).toContain('## By PostgreSQL major');
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});

describe('pgdrill run --pg 15,17,18 on a trigger-file runbook', () => {
  it('holds on 15 and fails on 17 and 18, naming the setting PostgreSQL 16 removed', {
    timeout: BATCH_TIMEOUT_MS,
  }, async () => {
    const reportDir = await tempDir('trigger-file');
    const name = 'seed-002-manual-promote-trigger-file-corrected';
    const run = await pgdrill([
      'run',
      '--pg',
      '15,17,18',
      `scenarios/architectures/002_ae8e9f1ff8f6e2be/manual-promote-trigger-file-corrected.yaml`,
      '--report-dir',
      reportDir,
    ]);
    expect(run.exitCode, run.all).toBe(1);
    expect((await readResult(reportDir, `${name}@pg15`)).status).toBe('passed');
    for (const major of [17, 18]) {
      const result = await readResult(reportDir, `${name}@pg${major}`);
      expect(result.status).toBe('failed');
      expect(result.error?.message).toContain(
        `PostgreSQL ${major} has no parameter "promote_trigger_file": PostgreSQL 16 removed it`,
      );
      // PostgreSQL itself refused it: the node's own log line is the evidence
      expect(result.error?.message).toMatch(/unrecognized configuration parameter "promote_trigger_file"/);
    }
    const index = JSON.parse(await readFile(path.join(reportDir, 'index.json'), 'utf8')) as RunIndex;
    expect(index.byMajor?.rows).toEqual([
      { scenario: name, byMajor: { 15: 'passed', 17: 'failed', 18: 'failed' }, differs: true },
    ]);
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});

describe("PostgreSQL 17's incremental pg_basebackup", () => {
  const file = 'scenarios/backup/basebackup-incremental-pitr.yaml';
  const name = 'basebackup-incremental-pitr';

  it('restores and recovers to a mark on 17, and on 15 fails on the option 15 does not have', {
    timeout: BATCH_TIMEOUT_MS,
  }, async () => {
    const reportDir = await tempDir('incremental');
    const run = await pgdrill(['run', '-j', '2', '--pg', '15,17', file, '--report-dir', reportDir]);
    expect(run.exitCode, run.all).toBe(1);
    const on17 = await readResult(reportDir, `${name}@pg17`);
    if (on17.status !== 'passed') expect.fail(await explainRun(run, 0));
    expect(on17.harness.postgres).toMatch(/^17\./);
    expectIncrementalChainRestored(on17);
    const on15 = await readResult(reportDir, `${name}@pg15`);
    expect(on15.status).toBe('failed');
    expect(on15.error?.message).toMatch(/pg_basebackup: unrecognized option '--incremental=/);
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });

  it("MUST fail when the server keeps no WAL summaries (summarize_wal off), with PostgreSQL's reason", {
    timeout: BATCH_TIMEOUT_MS,
  }, async () => {
    const reportDir = await tempDir('incremental-off');
    const variant = path.join(reportDir, 'summaries-off.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(
      variant,
      text
        .replace(`name: ${name}`, 'name: incremental-summaries-off')
        .replace('../../fixtures/', `${path.resolve('fixtures')}/`)
        .replace(
          '    archive: true\n',
          '    archive: true\n    version: 17\n    settings:\n      summarize_wal: off\n',
        ),
    );
    const run = await pgdrill(['run', variant, '--report-dir', reportDir]);
    expect(run.exitCode, run.all).toBe(1);
    const result = await readResult(reportDir, 'incremental-summaries-off');
    expect(result.error?.message).toMatch(/step 5 \(procedure backup pg_basebackup incr \(incr\)\)/);
    expect(result.error?.message).toContain('incremental backups cannot be taken unless WAL summarization is enabled');
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});

/**
 * Every seed claim whose verdict differs between 15 and the later majors (docs/architectures.md's
 * last column): seed 000's scenarios that start a node with its slave configuration, which sets
 * promote_trigger_file, and seed 003's corrected repmgr runbooks, which need repmgr (not packaged
 * for 18). Seed 002's trigger-file runbook has its own test above.
 */
describe('seed claims whose verdict turns on the major, on 17 and 18', () => {
  const SEED_000 = [
    'failover-master-unreachable-fenced',
    'failover-trigger-file',
    'full-backup-corrected',
    'incremental-backup-receivewal',
    'key-metrics-corrected',
    'maintenance-script',
    'pitr-corrected',
    'replication-lag-under-1s',
    'retention-full-backup-corrected',
    'retention-incremental',
    'zero-loss-sync',
  ].map((s) => `seed-000-${s}`);
  const SEED_003 = 'seed-003-repmgr-switchover-corrected';

  it("seed 000's slave configuration fails on both (promote_trigger_file); seed 003's repmgr switchover holds on 17 and fails on 18 naming the tool", {
    timeout: BATCH_TIMEOUT_MS,
  }, async () => {
    const reportDir = await tempDir('seed-majors');
    const files = [
      ...SEED_000.map((s) => `scenarios/architectures/000_8d5d31107f78cec6/${s}.yaml`),
      `scenarios/architectures/003_c25c122044e446a7/${SEED_003}.yaml`,
    ];
    const run = await pgdrill(['run', '-j', '2', '--pg', '17,18', ...files, '--report-dir', reportDir]);
    expect(run.exitCode, run.all).toBe(1);
    for (const scenario of SEED_000)
      for (const major of [17, 18]) {
        const result = await readResult(reportDir, `${scenario}@pg${major}`);
        expect([scenario, major, result.status]).toEqual([scenario, major, 'failed']);
        expect(result.error?.message, scenario).toMatch(/"promote_trigger_file"/);
      }
    const on17 = await readResult(reportDir, `${SEED_003}@pg17`);
    if (on17.status !== 'passed') expect.fail(await explainRun(run, 1));
    const on18 = await readResult(reportDir, `${SEED_003}@pg18`);
    expect(on18.status).toBe('failed');
    expect(on18.error?.message).toMatch(/repmgr: command not found/);
    expect(on18.error?.message).toContain('Why: the runbook calls a tool the node does not have');
    expect(on18.environment?.components?.repmgr).toBe('not packaged for this major');
    const index = JSON.parse(await readFile(path.join(reportDir, 'index.json'), 'utf8')) as RunIndex;
    expect(index.byMajor?.rows.find((r) => r.scenario === SEED_003)?.byMajor).toEqual({ 17: 'passed', 18: 'failed' });
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});
