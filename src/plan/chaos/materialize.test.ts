import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ScheduledFault } from '../../model/chaos.ts';
import { parseScenario } from '../../scenario/load.ts';
import { materialize, writtenSchedule } from './materialize.ts';

const FILE = '/work/scenarios/chaos/example.yaml';
const TEXT = `# yaml-language-server: $schema=../../schema/scenario.schema.json
name: chaos-example
topology:
  postgres: {replicas: 2}
steps:
  - wait: 1s
chaos:
  faults:
    - fault: partition
      targets: [primary, minority]
      react:
        - procedure: failover
          method: promote
    - {fault: kill, targets: [one], max: 1}
expect:
  rpo:
    lostTransactions: 0
`;
const FAULTS: ScheduledFault[] = [
  { entry: 0, fault: 'partition', target: 'primary', nodes: ['primary'], gapMs: 1500, lastingMs: 3000 },
  { entry: 1, fault: 'kill', target: 'one', nodes: ['pg-2'], gapMs: 500, lastingMs: 1000 },
];

describe('a chaos schedule as fixed steps', () => {
  const scenario = parseScenario(TEXT, FILE);

  it('runs the file’s steps, then each fault after its gap with its react steps, held, healed; finally heal and converge', () => {
    const fixed = materialize(scenario, FAULTS);
    expect(fixed.chaos).toBeUndefined();
    const summary = fixed.steps.map((s) =>
      s.type === 'wait'
        ? `wait ${s.wait.kind === 'duration' ? s.wait.ms : s.wait.kind}`
        : s.type === 'fault'
          ? `${s.fault}${s.bestEffort ? '?' : ''}`
          : s.procedure,
    );
    expect(summary).toEqual([
      'wait 1000',
      'wait 1500',
      'partition?',
      'failover',
      'wait 3000',
      'heal',
      'wait 500',
      'kill?',
      'wait 1000',
      'heal',
      'heal',
      'wait converged',
    ]);
    expect(fixed.steps.map((s) => s.index)).toEqual(fixed.steps.map((_, i) => i));
    // a generated step stands where its menu entry does in the file
    expect(fixed.steps[2]?.at.line).toBe(9);
  });

  it('writes a scenario file that loads on its own and runs the same steps', () => {
    const text = writtenSchedule(TEXT, scenario, FAULTS, {
      name: 'chaos-example-seed-7',
      comment: 'drawn with seed 7',
    });
    expect(parse(text).chaos).toBeUndefined();
    expect(text).toContain('# yaml-language-server: $schema=');
    expect(text).toContain('# drawn with seed 7');
    const again = parseScenario(text, FILE);
    expect(again.name).toBe('chaos-example-seed-7');
    const strip = (s: { index: number; type: string }) => ({ index: s.index, type: s.type });
    expect(again.steps.map(strip)).toEqual(materialize(scenario, FAULTS).steps.map(strip));
    expect(text).toContain('- { fault: kill, target: pg-2, bestEffort: true }');
  });

  it('cuts a minority of several nodes off from everyone else as one partition', () => {
    const wide = parseScenario(TEXT.replace('{replicas: 2}', '{replicas: 4}'), FILE);
    const fault: ScheduledFault = {
      entry: 0,
      fault: 'partition',
      target: 'minority',
      nodes: ['pg-2', 'pg-4'],
      gapMs: 100,
      lastingMs: 100,
    };
    const step = materialize(wide, [fault]).steps.find((s) => s.type === 'fault');
    expect(step).toMatchObject({
      fault: 'partition',
      between: [
        ['pg-2', 'pg-4'],
        ['pg-1', 'pg-3', 'pg-5'],
      ],
    });
  });

  describe('the client path in a drawn partition', () => {
    const proxied = parseScenario(
      TEXT.replace('{replicas: 2}', '{replicas: 2}\n  patroni: {etcd: 3}\n  haproxy: true'),
      FILE,
    );
    const drawn = (nodes: string[], entry = 0): ScheduledFault => ({
      entry,
      fault: 'partition',
      target: nodes.join(),
      nodes,
      gapMs: 100,
      lastingMs: 100,
    });
    const stepOf = (scenario: typeof proxied, fault: ScheduledFault) =>
      materialize(scenario, [fault]).steps.find((s) => s.type === 'fault');

    it('still reaches a primary cut off from its peers, so the clients keep writing to it', () => {
      expect(stepOf(proxied, drawn(['primary']))).toMatchObject({ isolate: 'primary', except: ['haproxy'] });
    });

    it('reaches both sides of a split cluster: the proxy is in neither group', () => {
      expect(stepOf(proxied, drawn(['pg-2']))).toMatchObject({ isolate: 'pg-2', except: ['haproxy'] });
      const wide = stepOf(proxied, drawn(['pg-1', 'etcd-1']));
      expect(wide).toMatchObject({
        between: [
          ['pg-1', 'etcd-1'],
          ['pg-2', 'pg-3', 'etcd-2', 'etcd-3'],
        ],
      });
    });

    it('is cut with the drawn side when the menu entry says clients: true', () => {
      const cutting = parseScenario(
        TEXT.replace('{replicas: 2}', '{replicas: 2}\n  patroni: {etcd: 3}\n  haproxy: true').replace(
          'targets: [primary, minority]',
          'targets: [primary, minority]\n      clients: true',
        ),
        FILE,
      );
      const step = stepOf(cutting, drawn(['primary']));
      expect(step).toMatchObject({ isolate: 'primary', clients: true });
      expect(step).not.toHaveProperty('except');
    });

    it('cuts a drawn proxy off from everything: the clients lose their way in', () => {
      const step = stepOf(proxied, drawn(['haproxy']));
      expect(step).toMatchObject({ isolate: 'haproxy' });
      expect(step).not.toHaveProperty('except');
    });
  });

  it('puts a drawn majorities ring on the partition as its ring, in the order drawn', () => {
    const ringed = parseScenario(
      TEXT.replace('{replicas: 2}', '{replicas: 2}\n  patroni: {etcd: 3}\n  haproxy: true').replace(
        'targets: [primary, minority]',
        'targets: [majorities-ring]',
      ),
      FILE,
    );
    const ring = ['pg-2', 'etcd-1', 'pg-3', 'etcd-3', 'pg-1', 'etcd-2'];
    const fault: ScheduledFault = {
      entry: 0,
      fault: 'partition',
      target: 'majorities-ring',
      nodes: ring,
      gapMs: 100,
      lastingMs: 100,
    };
    const step = materialize(ringed, [fault]).steps.find((s) => s.type === 'fault');
    expect(step).toMatchObject({ fault: 'partition', ring });
    expect(
      writtenSchedule(TEXT.replace('targets: [primary, minority]', 'targets: [majorities-ring]'), ringed, [fault], {
        name: 'r',
        comment: 'c',
      }),
    ).toContain('ring: [ pg-2, etcd-1, pg-3, etcd-3, pg-1, etcd-2 ]');
  });
});
