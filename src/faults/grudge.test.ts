import { describe, expect, it } from 'vitest';
import {
  canReach,
  clientCutRule,
  completeGrudge,
  majoritiesRingGrudge,
  oneWayGrudge,
  dropRules,
  installChain,
  isolationGroups,
  partitionDisruptsWrites,
  removeChain,
} from './grudge.ts';

const asObject = (grudge: ReturnType<typeof completeGrudge>) =>
  Object.fromEntries([...grudge].map(([node, dropped]) => [node, [...dropped].sort()]));

describe('completeGrudge', () => {
  it('makes every node drop every node outside its own group, and none inside it', () => {
    expect(asObject(completeGrudge([['pg-1'], ['pg-2', 'pg-3']]))).toEqual({
      'pg-1': ['pg-2', 'pg-3'],
      'pg-2': ['pg-1'],
      'pg-3': ['pg-1'],
    });
  });

  it('splits three groups three ways', () => {
    const grudge = completeGrudge([['a'], ['b'], ['c', 'd']]);
    expect(canReach(grudge, 'c', 'd')).toBe(true);
    for (const [x, y] of [
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'd'],
    ] as const)
      expect(canReach(grudge, x, y)).toBe(false);
  });

  it('never makes a node drop itself, even when named in two groups', () => {
    const grudge = completeGrudge([
      ['a', 'b'],
      ['b', 'c'],
    ]);
    expect(grudge.get('b')?.has('b')).toBe(false);
  });
});

describe('isolationGroups', () => {
  it('puts the isolated node alone against everyone else, sidecars included', () => {
    expect(isolationGroups('pg-1', ['pg-1', 'pg-2', 'etcd-1'])).toEqual([['pg-1'], ['pg-2', 'etcd-1']]);
  });
});

describe('canReach', () => {
  it('is false when either side holds the grudge (drops are both ways)', () => {
    const oneWay = new Map([['a', new Set(['b'])]]);
    expect(canReach(oneWay, 'a', 'b')).toBe(false);
    expect(canReach(oneWay, 'b', 'a')).toBe(false);
    expect(canReach(oneWay, 'b', 'c')).toBe(true);
  });
});

describe('the iptables rules', () => {
  it('drop both directions for each peer, in the fault’s own chain', () => {
    expect(dropRules('PGDRILL_P1', ['10.1.0.3'])).toEqual([
      'iptables -A PGDRILL_P1 -s 10.1.0.3 -j DROP',
      'iptables -A PGDRILL_P1 -d 10.1.0.3 -j DROP',
    ]);
  });

  it('cut clients only on 5432 from the gateway, so the harness on 5433 still sees the node', () => {
    expect(clientCutRule('C', '10.1.0.1')).toBe(
      'iptables -A C -p tcp -s 10.1.0.1 -m conntrack --ctorigdstport 5432 -j DROP',
    );
  });

  it('install a chain hooked into PGDRILL and remove exactly that chain', () => {
    expect(installChain('C', ['r1', 'r2'])).toBe('iptables -N C && r1 && r2 && iptables -A PGDRILL -j C');
    expect(removeChain('C')).toBe('iptables -D PGDRILL -j C && iptables -F C && iptables -X C');
  });
});

describe('partitionDisruptsWrites: whether RTO starts at a partition', () => {
  const base = { primary: 'pg-1', clientsCutFrom: [] as string[], etcdMembers: [] as string[] };

  it('is false for a replica cut off without Patroni: the primary keeps taking writes', () => {
    expect(partitionDisruptsWrites({ ...base, groups: [['pg-2'], ['pg-1', 'pg-3']] })).toBe(false);
  });

  it('is false for the primary cut from its replicas only, its clients still reaching it', () => {
    expect(partitionDisruptsWrites({ ...base, groups: [['pg-1'], ['pg-2', 'pg-3']] })).toBe(false);
  });

  it('is true when the clients are cut from the primary', () => {
    expect(partitionDisruptsWrites({ ...base, groups: [['pg-1'], ['pg-2']], clientsCutFrom: ['pg-1'] })).toBe(true);
  });

  it('is true when an etcd member is on the far side of the primary, false when all are with it', () => {
    const groups = [
      ['pg-1', 'etcd-1'],
      ['pg-2', 'etcd-2', 'etcd-3'],
    ];
    expect(partitionDisruptsWrites({ ...base, groups, etcdMembers: ['etcd-1', 'etcd-2', 'etcd-3'] })).toBe(true);
    const together = [['pg-1', 'etcd-1', 'etcd-2'], ['pg-2']];
    expect(partitionDisruptsWrites({ ...base, groups: together, etcdMembers: ['etcd-1', 'etcd-2'] })).toBe(false);
  });

  it('MUST be true when a proxy the clients go through is cut off from the primary', () => {
    const clientPath = ['pgbouncer', 'haproxy'];
    expect(partitionDisruptsWrites({ ...base, clientPath, groups: [['pgbouncer'], ['pg-1', 'pg-2', 'haproxy']] })).toBe(
      true,
    );
    expect(partitionDisruptsWrites({ ...base, clientPath, groups: [['haproxy'], ['pg-1', 'pg-2', 'pgbouncer']] })).toBe(
      true,
    );
  });

  it('is false for a proxy left out of every group (it reaches both sides) or not in the client path', () => {
    expect(partitionDisruptsWrites({ ...base, clientPath: ['haproxy'], groups: [['pg-1'], ['pg-2', 'pg-3']] })).toBe(
      false,
    );
    expect(partitionDisruptsWrites({ ...base, clientPath: [], groups: [['haproxy'], ['pg-1', 'pg-2']] })).toBe(false);
  });
});

describe('one-way partitions', () => {
  it('only the first group holds a grudge, and drops only what arrives', () => {
    const grudge = oneWayGrudge([['pg-1'], ['pg-2', 'etcd-1']]);
    expect([...grudge.keys()]).toEqual(['pg-1']);
    expect([...(grudge.get('pg-1') ?? [])]).toEqual(['pg-2', 'etcd-1']);
    expect(dropRules('PGDRILL_P9', ['10.1.0.3'], true)).toEqual(['iptables -A PGDRILL_P9 -s 10.1.0.3 -j DROP']);
  });
});

describe('majoritiesRingGrudge', () => {
  const hears = (g: ReturnType<typeof majoritiesRingGrudge>, node: string, all: string[]) =>
    all.filter((o) => !g.get(node)?.has(o)).sort();

  it('lets every one of five nodes hear a majority, and no two the same one (Jepsen)', () => {
    const ring = ['a', 'b', 'c', 'd', 'e'];
    const g = majoritiesRingGrudge(ring);
    const majorities = ring.map((n) => hears(g, n, ring).join());
    for (const m of majorities) expect(m.split(',')).toHaveLength(3);
    expect(new Set(majorities).size).toBe(5);
    expect(hears(g, 'a', ring)).toEqual(['a', 'b', 'e']); // its neighbours on the ring
  });

  it('MUST leave only ring neighbours able to talk both ways (what TCP needs) with five nodes', () => {
    const ring = ['a', 'b', 'c', 'd', 'e'];
    const g = majoritiesRingGrudge(ring);
    const talk = ring.flatMap((x, i) =>
      ring
        .slice(i + 1)
        .filter((y) => canReach(g, x, y))
        .map((y) => `${x}${y}`),
    );
    expect(talk.sort()).toEqual(['ab', 'ae', 'bc', 'cd', 'de']);
  });

  it('gives six nodes (three PostgreSQL, three etcd) a majority of four each', () => {
    const ring = ['pg-1', 'etcd-2', 'pg-3', 'etcd-1', 'pg-2', 'etcd-3'];
    const g = majoritiesRingGrudge(ring);
    for (const n of ring) expect(hears(g, n, ring)).toHaveLength(4);
    expect(new Set(ring.map((n) => hears(g, n, ring).join())).size).toBe(6);
  });
});
