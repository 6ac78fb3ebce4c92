import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChaosNodes, ChaosSpec } from '../../model/chaos.ts';
import { drawSchedule, minority, nthPermutation, scheduleArbitrary, targetNodes } from './schedule.ts';

const NODES: ChaosNodes = {
  postgres: ['pg-1', 'pg-2', 'pg-3'],
  dcs: ['etcd-1', 'etcd-2', 'etcd-3'],
  proxies: ['haproxy'],
};
const SPEC: ChaosSpec = {
  faults: [
    { fault: 'partition', targets: ['primary', 'minority', 'one'] },
    { fault: 'pause', targets: ['dcs', 'proxy'] },
    { fault: 'kill', targets: ['primary'], max: 1 },
  ],
  count: { min: 1, max: 5 },
  lastingMs: { min: 1_000, max: 8_000 },
  gapMs: { min: 500, max: 3_000 },
};

describe('chaos schedules', () => {
  it('are the same for the same seed, and differ between seeds', () => {
    expect(drawSchedule(SPEC, NODES, 42)).toEqual(drawSchedule(SPEC, NODES, 42));
    const many = new Set(Array.from({ length: 10 }, (_, seed) => JSON.stringify(drawSchedule(SPEC, NODES, seed))));
    expect(many.size).toBeGreaterThan(1);
  });

  it('stay within the spec: count, times, targets, and each entry’s max', () => {
    fc.assert(
      fc.property(scheduleArbitrary(SPEC, NODES), (faults) => {
        expect(faults.length).toBeLessThanOrEqual(SPEC.count.max);
        expect(faults.filter((f) => f.fault === 'kill').length).toBeLessThanOrEqual(1);
        for (const f of faults) {
          const entry = SPEC.faults[f.entry]!;
          expect(entry.fault).toBe(f.fault);
          expect(entry.targets).toContain(f.target);
          expect(f.lastingMs).toBeGreaterThanOrEqual(SPEC.lastingMs.min);
          expect(f.lastingMs).toBeLessThanOrEqual(SPEC.lastingMs.max);
          expect(f.gapMs).toBeGreaterThanOrEqual(SPEC.gapMs.min);
          expect(f.gapMs).toBeLessThanOrEqual(SPEC.gapMs.max);
          expect(f.nodes.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('keep roles as roles, to resolve when the fault fires, and draw the rest from the node names', () => {
    expect(targetNodes('primary', NODES, 7)).toEqual(['primary']);
    expect(targetNodes('replica', NODES, 7)).toEqual(['replica-1']);
    expect(targetNodes('pg-2', NODES, 7)).toEqual(['pg-2']);
    expect(targetNodes('one', NODES, 4)).toEqual(['pg-2']);
    expect(targetNodes('dcs', NODES, 2)).toEqual(['etcd-3']);
    expect(targetNodes('proxy', NODES, 5)).toEqual(['haproxy']);
    expect(targetNodes('majority', NODES, 1)).toEqual(['pg-2', 'pg-3']);
    expect(targetNodes('minority-third', NODES, 2)).toEqual(['pg-3']);
    expect(targetNodes('all', NODES, 9)).toEqual(['pg-1', 'pg-2', 'pg-3']);
  });

  it('draw a minority: fewer than half of the nodes, at least one', () => {
    expect(minority(['pg-1', 'pg-2', 'pg-3'], 1)).toEqual(['pg-2']);
    expect(minority(['pg-1', 'pg-2'], 0)).toEqual(['pg-1']);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.nat(), (n, pick) => {
        const names = Array.from({ length: n }, (_, i) => `pg-${i + 1}`);
        const chosen = minority(names, pick);
        expect(chosen.length).toBeGreaterThanOrEqual(1);
        if (n > 2) expect(chosen.length * 2).toBeLessThan(n);
        expect(new Set(chosen).size).toBe(chosen.length);
      }),
    );
  });
});

describe('majorities-ring', () => {
  it('draws every PostgreSQL node and etcd member, once each, in an order the pick decides', () => {
    const rings = new Set<string>();
    for (let pick = 0; pick < 50; pick++) {
      const ring = targetNodes('majorities-ring', NODES, pick);
      expect([...ring].sort()).toEqual(['etcd-1', 'etcd-2', 'etcd-3', 'pg-1', 'pg-2', 'pg-3']);
      rings.add(ring.join());
    }
    expect(rings.size).toBe(50);
  });

  it('shrinks towards the names in order (pick 0)', () => {
    expect(nthPermutation(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(new Set([0, 1, 2, 3, 4, 5].map((p) => nthPermutation(['a', 'b', 'c'], p).join())).size).toBe(6);
  });
});
