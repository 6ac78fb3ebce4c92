/**
 * The foundation drill, end to end through the CLI: a real primary is SIGKILLed under write
 * load, a replica is promoted, and the verdict comes from the evidence of that run.
 */
import { describe, expect, it } from 'vitest';
import { expectExit, leftoverContainers, pgdrill, readResult, tempDir } from './pgdrill-cli.ts';

describe('scenarios/failover/kill-primary.yaml', () => {
  it('passes, with every metric measured from the run', async () => {
    const reportDir = await tempDir('kill-primary');
    const run = await pgdrill(['run', 'scenarios/failover/kill-primary.yaml', '--report-dir', reportDir]);
    await expectExit(run, 0);
    expect(run.stdout).toMatch(/PASSED/);

    const result = await readResult(reportDir, 'kill-primary');
    expect(result.status).toBe('passed');
    const m = result.metrics!;
    expect(m.workload!.acknowledged).toBeGreaterThan(100);
    expect(m.rpo.lostTransactions).toBe(0);
    expect(m.rto.seconds).toBeGreaterThan(0);
    expect(m.rto.seconds).toBeLessThan(15);
    expect(m.rto.promotionSeconds).not.toBeNull();
    expect(m.checksums.match).toBe(true);
    expect(m.checksums.nodes).toHaveLength(2); // the new primary and the repointed replica
    expect(m.convergence.converged).toBe(true);
    expect(m.convergence.seconds).not.toBeNull();
    expect(m.splitBrain.detected).toBe(false);
    expect(result.timeline.some((e) => e.kind === 'fault' && /SIGKILL pg-1/.test(e.message))).toBe(true);
    expect(result.artifacts).toEqual(expect.arrayContaining(['logs/pg-1.log', 'logs/pg-2.log']));
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});
