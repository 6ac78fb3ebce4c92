import { describe, expect, it } from 'vitest';
import { planRun } from '../plan/plan.ts';
import { parseScenario } from '../scenario/load.ts';
import { describePlan, renderPlan } from './plan-command.ts';

const TEXT = `name: plan-example
topology:
  postgres: {replicas: 2}
workload: {clients: 2, rate: 100, reads: {from: replicas, rate: 5}}
steps:
  - wait: 1s
  - fault: kill
    target: primary
  - procedure: failover
    method: promote
  - wait: converged
    timeout: 30s
xfail:
  reason: the promote loses what the replica had not received
  expectation: rpo.lostTransactions
expect:
  rpo:
    lostTransactions: 0
  rto:
    maxSeconds: 15
  convergence:
    within: 30s
  checksums: match
`;

describe('pgdrill plan', () => {
  const drill = describePlan(planRun(parseScenario(TEXT, '/work/scenarios/plan-example.yaml')), {
    name: 'pgdrill-node:pg18-abc',
    built: false,
  });

  it('titles every step, numbered as reports do, with where its targets resolve', () => {
    expect(drill.steps.map((s) => `${s.number} ${s.title}`)).toEqual([
      '1 wait 1s',
      '2 fault kill primary',
      '3 procedure failover promote',
      '4 wait converged',
    ]);
    expect(drill.steps[1]?.targets).toEqual([
      { key: 'target', ref: 'primary', resolves: 'the primary when the step runs (pg-1 at the start)' },
    ]);
  });

  it('gives every expectation its unit, and what the scenario expects to find', () => {
    expect(drill.expectations).toEqual([
      { name: 'rpo.lostTransactions', target: '<= 0 writes' },
      { name: 'rto.maxSeconds', target: '<= 15 s' },
      { name: 'checksums', target: 'match' },
      { name: 'convergence.within', target: '<= 30 s' },
    ]);
    expect(drill.xfail).toBe('rpo.lostTransactions — the promote loses what the replica had not received');
    expect(drill.workload).toBe('2 client(s) at 100 tx/s; reads 5/s from replicas');
  });

  it('says when the image is still to be built', () => {
    expect(renderPlan(drill)).toContain('pgdrill-node:pg18-abc (not built yet: the run builds it first)');
  });
});
