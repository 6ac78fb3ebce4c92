import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseScenario } from '../scenario/load.ts';
import { FAULT_DESCRIPTORS, FAULT_KINDS, faultDescriptor } from './registry.ts';

/** A scenario whose only step is `step` (YAML flow mapping), on a cluster every example fits. */
const scenarioWith = (step: string) => `name: registry-example
topology:
  postgres: {version: 15, replicas: 1, archive: true}
steps:
  - ${step}
`;

describe('the fault registry', () => {
  it('lists the kinds in the order the contract gives them, each once', () => {
    expect(FAULT_KINDS.slice(0, 9)).toEqual([
      'kill',
      'stop',
      'restart',
      'pause',
      'resume',
      'partition',
      'disk-full',
      'lag',
      'heal',
    ]);
    expect(new Set(FAULT_KINDS).size).toBe(FAULT_KINDS.length);
  });

  it.each(FAULT_DESCRIPTORS.map((d) => [d.kind, d] as const))(
    '%s: its schema accepts `fault: %s` and nothing else',
    (kind, d) => {
      const shape = (d.schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
      expect(shape.fault?.safeParse(kind).success).toBe(true);
      expect(shape.fault?.safeParse(`${kind}-not`).success).toBe(false);
      expect(d.summary.length).toBeGreaterThan(10);
    },
  );

  it.each(FAULT_DESCRIPTORS.map((d) => [d.kind, d.example] as const))(
    '%s: its example loads, resolves with its defaults and is titled after its kind',
    (kind, example) => {
      const [step] = parseScenario(scenarioWith(example), '/tmp/registry-example.yaml').steps;
      expect(step).toMatchObject({ type: 'fault', fault: kind, index: 0, expectFailure: false });
      if (step?.type !== 'fault') throw new Error('not a fault step');
      // no key present-and-undefined: a default is applied, an absent option stays absent
      expect(Object.values(step).filter((value) => value === undefined)).toEqual([]);
      expect(faultDescriptor(step.fault).title(step)).toMatch(new RegExp(`^fault ${kind}\\b`));
    },
  );

  it('resolves defaults once: stop is fast, disk-full fills data, partition keeps clients, lag does not pause replay', () => {
    const steps = parseScenario(
      scenarioWith(
        [
          '{fault: stop, target: primary}',
          '{fault: disk-full, target: primary}',
          '{fault: partition, between: [[pg-1], [pg-2]]}',
          '{fault: lag, target: replica, delay: 200ms, loss: 5%}',
          '{fault: heal}',
          '{fault: heal, of: pg-2}',
        ].join('\n  - '),
      ),
      '/tmp/registry-example.yaml',
    ).steps;
    expect(steps.map(({ index: _, at: __, ...step }) => step)).toEqual([
      { type: 'fault', fault: 'stop', target: 'primary', mode: 'fast', expectFailure: false },
      { type: 'fault', fault: 'disk-full', target: 'primary', volume: 'data', expectFailure: false },
      {
        type: 'fault',
        fault: 'partition',
        between: [['pg-1'], ['pg-2']],
        clients: false,
        oneWay: false,
        expectFailure: false,
      },
      {
        type: 'fault',
        fault: 'lag',
        target: 'replica',
        delayMs: 200,
        lossPercent: 5,
        pauseReplay: false,
        expectFailure: false,
      },
      { type: 'fault', fault: 'heal', of: { kind: 'all' }, expectFailure: false },
      { type: 'fault', fault: 'heal', of: { kind: 'node', node: 'pg-2' }, expectFailure: false },
    ]);
  });

  it('knows no kind it was not given', () => {
    expect(() => faultDescriptor('explode')).toThrow(/no fault kind explode/);
  });
});
