/**
 * A failover to a replica that is behind, end to end through the CLI: the replica ahead of it
 * is past the new timeline's fork and must be rewound before it can follow.
 */
import { describe, expect, it } from 'vitest';
import { expectExit, leftoverContainers, pgdrill, readResult, tempDir } from './pgdrill-cli.ts';

describe('scenarios/failover/stale-candidate.yaml', () => {
  it('promotes a replica that is behind; the one ahead of it is rewound and follows, and the loss is measured', async () => {
    const reportDir = await tempDir('stale-candidate');
    const run = await pgdrill(['run', 'scenarios/failover/stale-candidate.yaml', '--report-dir', reportDir]);
    await expectExit(run, 0);
    const result = await readResult(reportDir, 'stale-candidate');
    const m = result.metrics!;
    // the commits only the other replica had are gone with the old primary's timeline
    expect(m.rpo.lostTransactions).toBeGreaterThan(0);
    const events = result.timeline.map((e) => e.message);
    expect(events).toContainEqual(
      expect.stringMatching(/^pg-3 cannot follow pg-2: it replayed WAL to \S+, past pg-2's fork at /),
    );
    expect(events).toContainEqual(
      expect.stringMatching(/^pg_rewind pg-3 from pg-2: rewound \(servers diverged at WAL location/),
    );
    expect(m.checksums.match).toBe(true);
    expect(m.checksums.nodes).toHaveLength(2);
    expect(m.convergence.converged).toBe(true);
    expect(m.splitBrain.detected).toBe(false);
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});
