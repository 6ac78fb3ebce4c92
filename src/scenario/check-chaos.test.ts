import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.ts';
import { issueAt, issuesOf } from './test-example.ts';

const FILE = '/work/scenarios/chaos/check.yaml';
const scenario = (topology: string, fault: string) => `name: chaos-check
topology:
${topology}
chaos:
  faults:
    - ${fault}
expect:
  splitBrain: none
`;
const PATRONI = '  postgres: {replicas: 2}\n  patroni: {etcd: 3}\n  haproxy: true';

describe('a chaos block against its topology', () => {
  it('takes majorities-ring on a partition over PostgreSQL nodes and etcd members', () => {
    const loaded = parseScenario(scenario(PATRONI, '{fault: partition, targets: [majorities-ring]}'), FILE);
    expect(loaded.chaos?.spec.faults[0]?.targets).toEqual(['majorities-ring']);
  });

  it.each([
    ['{fault: kill, targets: [majorities-ring]}', PATRONI, "majorities-ring is a partition's target, not kill's"],
    [
      '{fault: partition, targets: [majorities-ring]}',
      '  postgres: {replicas: 1}',
      'majorities-ring needs three nodes or more (PostgreSQL and etcd): this topology has 2',
    ],
    [
      '{fault: partition, targets: [majorities-ring], clients: true}',
      PATRONI,
      'majorities-ring is one-way already and spares the clients: leave out clients and oneWay',
    ],
    [
      '{fault: pause, targets: [dcs]}',
      '  postgres: {replicas: 2}',
      'dcs draws an etcd member: it needs topology.patroni',
    ],
    ['{fault: restart, targets: [proxy]}', PATRONI, 'restart acts on PostgreSQL; proxy is not a PostgreSQL node'],
  ])('MUST refuse %s where it cannot work, at the target', (fault, topology, message) => {
    expect(issueAt(issuesOf(scenario(topology, fault), FILE), 'chaos.faults[0].targets[0]')).toMatchObject({
      line: 5 + topology.split('\n').length,
      message,
    });
  });
});
