/**
 * Seed 003's Patroni cluster management (4.1 patroni_cluster_management) through the real CLI:
 * switchover and reinit as written abort without a terminal, and hold once named and forced;
 * pause keeps Patroni from failing over, resume lets it.
 */
import { describe, expect, it } from 'vitest';
import { runClaimDrill, runbookLog, timelineMessages } from './pgdrill-cli.ts';

const S003 = 'scenarios/architectures/003_c25c122044e446a7';

const drill = (name: string, exitCode: number) => runClaimDrill(`${S003}/${name}.yaml`, name, exitCode);

describe('seed 003_c25c122044e446a7: Patroni cluster management (4.1 patroni_cluster_management)', () => {
  it("seed-003-haproxy-as-given: the document's own haproxy.cfg and Patroni timings bring clients back within ttl + loop_wait", async () => {
    const { result } = await drill('seed-003-haproxy-as-given', 0);
    const input = result.provenance?.inputs.find((f) => f.role.startsWith('haproxy.cfg'));
    expect(input).toMatchObject({ path: 'fixtures/architectures/003_c25c122044e446a7/haproxy.cfg', overlay: [] });
    // ttl 30: the leader key outlives the dead master by up to 30 s before anyone is elected
    expect(result.metrics!.rto.seconds).toBeGreaterThan(10);
    expect(result.metrics!.rto.seconds).toBeLessThanOrEqual(40);
    expect(result.metrics!.splitBrain.detected).toBe(false);
  });

  it('seed-003-patroni-switchover-as-given: patronictl switchover asks for the leader, reads nothing and aborts (exit 1)', async () => {
    const { result, dir } = await drill('seed-003-patroni-switchover-as-given', 1);
    expect(await runbookLog(dir, 2)).toMatch(/"state": "running"/); // start_patroni: Patroni answers
    expect(await runbookLog(dir, 3)).toMatch(/Cluster: postgres-cluster/); // the seed's scope
    const switchover = result.steps.find((s) => s.status === 'failed')!;
    expect(switchover.title).toBe('procedure switchover script');
    expect(switchover.error).toMatch(/Primary \[pg-\d\]: Aborted!/);
    expect(timelineMessages(result).some((m) => /promoted|leads on timeline/.test(m))).toBe(false);
  });

  it('seed-003-patroni-switchover-corrected: named and forced, the leader moves, the old one follows, nothing is lost', async () => {
    const { result, dir } = await drill('seed-003-patroni-switchover-corrected', 0);
    expect(await runbookLog(dir, 4)).toMatch(/Successfully switched over to "pg-\d"/);
    expect(timelineMessages(result).some((m) => /^pg-\d leads on timeline 2/.test(m))).toBe(true);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    expect(result.metrics!.convergence.replicas).toBe(2);
    expect(result.metrics!.checksums.match).toBe(true);
  });

  it('seed-003-patroni-reinit-as-given: patronictl reinit asks for a confirmation, reads nothing and aborts (exit 1)', async () => {
    const { result } = await drill('seed-003-patroni-reinit-as-given', 1);
    const reinit = result.steps.find((s) => s.status === 'failed')!;
    expect(reinit.error).toMatch(/Are you sure you want to reinitialize members pg-\d\? \[y\/N\]: Aborted!/);
  });

  it('seed-003-patroni-reinit-corrected: --force --wait rebuild the replica from the leader, which streams again with equal data', async () => {
    const { result, dir } = await drill('seed-003-patroni-reinit-corrected', 0);
    const log = await runbookLog(dir, 3);
    const member = /Success: reinitialize for member (pg-\d)/.exec(log)?.[1];
    expect(member).toBeDefined();
    expect(log).toMatch(new RegExp(`Reinitialize is completed on: ${member}`));
    expect(timelineMessages(result)).toContain(`${member} answers again (replica)`); // it was down while rebuilt
    expect(result.metrics!.convergence.converged).toBe(true);
    expect(result.metrics!.checksums.match).toBe(true);
    expect(result.metrics!.checksums.nodes).toContain(member);
  });

  it('seed-003-patroni-pause-resume: paused, a dead leader is not replaced; resumed, Patroni elects one', async () => {
    const { result, dir } = await drill('seed-003-patroni-pause-resume', 0);
    expect(await runbookLog(dir, 2)).toMatch(/Success: cluster management is paused/);
    const waited = result.steps[4]!;
    expect(waited.status).toBe('expected-failure');
    expect(waited.error).toMatch(/no replica left recovery within 50 s/);
    expect(await runbookLog(dir, 6)).toMatch(/Maintenance mode: on/);
    expect(await runbookLog(dir, 7)).toMatch(/Success: cluster management is resumed/);
    expect(timelineMessages(result).some((m) => /^Patroni elected pg-\d \(timeline 2\)/.test(m))).toBe(true);
    expect(result.metrics!.rto.seconds).toBeGreaterThan(50);
    expect(result.metrics!.splitBrain.detected).toBe(false);
  });
});
