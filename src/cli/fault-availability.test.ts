import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/load.ts';
import { unavailableSteps } from './fault-availability.ts';

const TEXT = `name: lag-and-partition
topology:
  postgres: {replicas: 1}
steps:
  - fault: lag
    target: replica-1
    delay: 200ms
  - fault: lag
    target: replica-1
    bandwidth: 64kbit
  - fault: partition
    isolate: primary
  - fault: kill
    target: primary
`;

describe('validate’s warnings from what doctor found', () => {
  const scenario = parseScenario(TEXT, '/s/lag.yaml');
  const saved = {
    at: '2026-12-05T12:00:00.000Z',
    probes: [
      { fault: 'partition', available: true, how: 'iptables' },
      { fault: 'lag bandwidth', available: true, how: 'tc htb' },
      { fault: 'lag delay / loss', available: false, how: 'the kernel has no sch_netem' },
    ],
  };

  it('names each step that needs a mechanism this host lacks, at its line, and no other', () => {
    expect(unavailableSteps(scenario, saved)).toEqual([
      { line: 5, message: 'steps[0]: the kernel has no sch_netem (pgdrill doctor, 2026-12-05T12:00:00.000Z)' },
    ]);
  });

  it('warns of nothing when everything was found', () => {
    const all = { ...saved, probes: saved.probes.map((p) => ({ ...p, available: true })) };
    expect(unavailableSteps(scenario, all)).toEqual([]);
  });
});
