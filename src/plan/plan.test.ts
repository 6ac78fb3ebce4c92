import { describe, expect, it } from 'vitest';
import type { Scenario, Step } from '../scenario/scenario.ts';
import { ScenarioError } from '../errors.ts';
import { planRun, stepTitle } from './plan.ts';

const at = (line: number) => ({ file: '/drills/x.yaml', line, column: 5 });

function scenario(steps: Step[], topology: Partial<Scenario['topology']> = {}): Scenario {
  return {
    name: 'x',
    tags: [],
    claims: [],
    file: '/drills/x.yaml',
    topology: {
      postgres: { version: 15, replicas: 1, replication: 'async', archive: false, settings: {}, ssh: false, roles: {} },
      haproxy: false,
      hosts: {},
      ...topology,
    },
    data: {},
    observe: { intervalMs: 250 },
    steps,
    expect: {},
  };
}

const kill: Step = { type: 'fault', fault: 'kill', target: 'primary', index: 0, at: at(10), expectFailure: false };

describe('planRun', () => {
  it('titles each step', () => {
    const plan = planRun(
      scenario([
        kill,
        { type: 'procedure', procedure: 'failover', method: 'promote', index: 1, at: at(12), expectFailure: false },
      ]),
    );
    expect(plan.steps.map((s) => s.title)).toEqual(['fault kill primary', 'procedure failover promote']);
  });

  it('accepts a runbook as the failover method', () => {
    const scripted: Step = {
      type: 'procedure',
      procedure: 'failover',
      method: 'script',
      file: '/drills/failover.sh',
      index: 1,
      at: at(14),
      expectFailure: false,
    };
    expect(planRun(scenario([kill, scripted])).steps[1]!.title).toBe('procedure failover script');
  });

  it('shares a backup volume between the nodes only when a backup step runs', () => {
    const backup: Step = {
      type: 'procedure',
      procedure: 'backup',
      method: 'pg_dump',
      name: 'nightly',
      index: 1,
      at: at(14),
      expectFailure: false,
    };
    expect(planRun(scenario([kill, backup])).backups).toEqual({ pgbackrest: false, summarizeWal: false });
    expect(planRun(scenario([kill, { ...backup, method: 'pgbackrest', name: 'full', index: 2 }])).backups).toEqual({
      pgbackrest: true,
      summarizeWal: false,
    });
    const incremental = { ...backup, method: 'pg_basebackup', backupType: 'incr', name: 'i', index: 2 } as const;
    expect(planRun(scenario([kill, incremental])).backups).toEqual({ pgbackrest: false, summarizeWal: true });
    expect(planRun(scenario([kill])).backups).toBeUndefined();
    expect(planRun(scenario([kill, backup])).steps[1]!.title).toBe('procedure backup pg_dump nightly');
  });

  it('gives every volume a disk-full step fills a filesystem of its own, and no other', () => {
    const fill = (volume: 'wal' | 'archive'): Step => ({
      type: 'fault',
      fault: 'disk-full',
      target: 'primary',
      volume,
      index: 0,
      at: at(3),
      expectFailure: false,
    });
    expect(Object.keys(planRun(scenario([fill('wal'), fill('archive')])).limitedVolumes).sort()).toEqual([
      'archive',
      'wal',
    ]);
    expect(planRun(scenario([kill])).limitedVolumes).toEqual({});
  });

  it('describes waits', () => {
    expect(
      stepTitle({
        type: 'wait',
        wait: { kind: 'duration', ms: 1500 },
        timeoutMs: 0,
        index: 0,
        at: at(1),
        expectFailure: false,
      }),
    ).toBe('wait 1.5s');
    expect(
      stepTitle({
        type: 'wait',
        wait: { kind: 'converged' },
        timeoutMs: 30_000,
        index: 0,
        at: at(1),
        expectFailure: false,
      }),
    ).toBe('wait converged');
  });
});
