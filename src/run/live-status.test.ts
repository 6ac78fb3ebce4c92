import { describe, expect, it } from 'vitest';
import { renderLiveStatus, replicaLag } from './live-status.ts';
import { sample } from '../checks/test-evidence.ts';

describe('live status', () => {
  it("shows step, elapsed time, throughput and each replica's lag on one line", () => {
    const line = renderLiveStatus({
      scenario: 'kill-primary',
      step: 'fault kill primary',
      elapsedMs: 12_400,
      txPerSecond: 412,
      replicas: [
        { node: 'pg-2', lagBytes: 98_304, reachable: true },
        { node: 'pg-3', lagBytes: null, reachable: false },
      ],
    });
    expect(line).toBe('kill-primary  ▶ fault kill primary  12.4s  412 tx/s  pg-2 lag 96 kB  pg-3 unreachable');
  });

  it('leaves throughput out without a workload and cuts a line to the terminal width', () => {
    const line = renderLiveStatus(
      { scenario: 's', step: 'wait 5s', elapsedMs: 0, txPerSecond: null, replicas: [] },
      10,
    );
    expect(line).toBe('s  ▶ wait…');
  });

  it('takes the replicas, and unreachable nodes, from the latest samples', () => {
    const latest = [
      sample('pg-1', 0, { role: 'primary', lagBytes: null }),
      sample('pg-2', 0, { lagBytes: 10 }),
      sample('pg-3', 0, { reachable: false }),
    ];
    expect(replicaLag(latest)).toEqual([
      { node: 'pg-2', lagBytes: 10, reachable: true },
      { node: 'pg-3', lagBytes: null, reachable: false },
    ]);
  });
});
