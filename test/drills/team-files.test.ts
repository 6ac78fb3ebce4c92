/**
 * A team's own configuration files, run as written (fixtures/team-files): a haproxy.cfg that
 * works, whose check timings show in the RTO, and the same file with a typo, which HAProxy
 * refuses: the drill fails (exit 1) quoting HAProxy's own error with the file and line, never an
 * infrastructure error. Nothing of either run is left in Docker.
 */
import { describe, expect, it } from 'vitest';
import { runDrill } from './pgdrill-cli.ts';

describe("the team's own haproxy.cfg", () => {
  it('patroni-team-haproxy: runs as written behind host aliases; its rise 2 × inter 3s is in the RTO', async () => {
    const { result } = await runDrill('scenarios/ha/patroni-team-haproxy.yaml', 'patroni-team-haproxy', 0);
    const input = result.provenance?.inputs.find((f) => f.role.startsWith('haproxy.cfg'));
    expect(input).toMatchObject({ path: 'fixtures/team-files/haproxy.cfg', overlay: [] });
    expect(input?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const rto = result.metrics!.rto;
    expect(rto.seconds).not.toBeNull();
    // the new leader takes clients only after two successful checks 3 s apart (pgdrill's own file: 1 check, 1 s)
    const clientRecovery = rto.phases.find((phase) => phase.name === 'client recovery');
    expect(clientRecovery?.seconds).toBeGreaterThanOrEqual(2.9);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
  });

  it('team-haproxy-refused: HAProxy refuses the typo; the drill fails quoting it with file and line (exit 1)', async () => {
    const { result } = await runDrill('scenarios/self-test/team-haproxy-refused.yaml', 'team-haproxy-refused', 1);
    expect(result).toMatchObject({ status: 'failed', verdict: 'failed', error: { code: 'PGDRILL_TEAM_CONFIG' } });
    const message = result.error!.message;
    expect(message).toMatch(/refused it/);
    expect(message).toMatch(/parsing \[\/etc\/haproxy\/haproxy\.cfg:20\] : 'http-check expect'.*'stauts'/);
    expect(message).toContain("the team's haproxy-refused.cfg");
  });
});
