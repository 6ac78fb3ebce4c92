/**
 * Seed 003's repmgr cluster (4.2) through the real CLI: the set-up as written fails on its own
 * repmgr.conf; with the set-up fixed, the switchover fails without SSH and holds with it, and
 * automatic failover happens only once repmgrd runs.
 */
import { describe, expect, it } from 'vitest';
import { runClaimDrill, runbookLog, timelineMessages } from './pgdrill-cli.ts';

const S003 = 'scenarios/architectures/003_c25c122044e446a7';

const drill = (name: string, exitCode: number) => runClaimDrill(`${S003}/${name}.yaml`, name, exitCode);

describe('seed 003_c25c122044e446a7: repmgr (4.2 Repmgr自动切换)', () => {
  it("seed-003-repmgr-as-given: repmgr refuses the seed's repmgr.conf (YAML replication_password line) (exit 1)", async () => {
    const { result } = await drill('seed-003-repmgr-as-given', 1);
    expect(result.steps[1]!.status).toBe('failed'); // initialize_primary
    expect(result.steps[1]!.error).toMatch(
      /syntax error in file "\/etc\/repmgr.conf" line 11, near token "replication_password:"/,
    );
  });

  it('seed-003-repmgr-switchover-as-given: repmgr standby switchover cannot reach the primary over SSH (exit 1)', async () => {
    const { result } = await drill('seed-003-repmgr-switchover-as-given', 1);
    const switchover = result.steps.find((s) => s.status === 'failed')!;
    expect(switchover.title).toMatch(/switchover/);
    expect(switchover.error).toMatch(/unable to connect via SSH to host/);
    expect(result.metrics!.splitBrain.detected).toBe(false);
  });

  it('seed-003-repmgr-switchover-corrected: with SSH, the roles swap, the old primary follows, nothing is lost', async () => {
    const { result, dir } = await drill('seed-003-repmgr-switchover-corrected', 0);
    expect(await runbookLog(dir, 7)).toMatch(/STANDBY SWITCHOVER has completed successfully/);
    expect(timelineMessages(result)).toContain('pg-2 promoted on timeline 2');
    expect(
      timelineMessages(result).some((m) => /pg-1 follows pg-2 on timeline 2: the runbook made it a standby/.test(m)),
    ).toBe(true);
    const clusterShow = await runbookLog(dir, 9);
    expect(clusterShow).toMatch(/node1 \| standby \| +running \| node2/);
    expect(clusterShow).toMatch(/node2 \| primary \| \* running/);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    expect(result.metrics!.checksums.match).toBe(true);
  });

  it('seed-003-repmgr-failover-as-given: with only the cron job, nobody promotes the standby when the primary dies (exit 1)', async () => {
    const { result } = await drill('seed-003-repmgr-failover-as-given', 1);
    const failover = result.steps.find((s) => s.status === 'failed')!;
    expect(failover.title).toMatch(/failover external/);
    expect(failover.error).toMatch(/no replica left recovery within 120 s/);
    expect(result.metrics!.rto.seconds).toBeNull();
  });

  it('seed-003-repmgr-failover-corrected: repmgrd promotes the standby by itself; clients write again', async () => {
    const { result, dir } = await drill('seed-003-repmgr-failover-corrected', 0);
    expect(await runbookLog(dir, 6)).toMatch(/node2 .*\| running \| \d+/); // repmgrd runs on the standby
    expect(timelineMessages(result)).toContain('pg-2 promoted on timeline 2');
    expect(result.metrics!.rto.seconds).toBeGreaterThan(0);
    expect(result.metrics!.splitBrain.detected).toBe(false);
  });
});
