/**
 * The library runs on PostgreSQL 18, the default; the other two majors get the drills whose
 * outcome could turn on the version: `pgdrill run --pg 15,17` puts a kill of the primary under
 * load, a point-in-time recovery to a mark and a Patroni failover behind HAProxy on each major's
 * own image. Every copy must pass, its report must name the server and component versions of its
 * Debian release, and the run index must show one column per major.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunIndex } from '../../src/report/run-index.ts';
import { BATCH_TIMEOUT_MS, explainRun, leftoverContainers, pgdrill, readResult, tempDir } from './pgdrill-cli.ts';

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
