import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseScenario } from '../scenario/load.ts';
import { stepTitle } from '../plan/plan.ts';
import { PROCEDURE_DESCRIPTORS, PROCEDURE_KINDS, procedureDescriptor } from './registry.ts';

const load = (steps: string[], topology = 'postgres: {version: 15, replicas: 1, archive: true}') =>
  parseScenario(
    `name: procedures\ntopology:\n  ${topology}\nsteps:\n${steps.map((s) => `  - ${s}`).join('\n')}\n`,
    '/tmp/procedures.yaml',
  ).steps;

describe('the procedure registry', () => {
  it('lists the kinds in the order the contract gives them, each once', () => {
    expect(PROCEDURE_KINDS).toEqual([
      'failover',
      'switchover',
      'rejoin',
      'backup',
      'restore',
      'mark',
      'pitr',
      'sql',
      'script',
      'checkpoint',
      'switch-wal',
      'subscribe',
      'repoint-subscriber',
    ]);
  });

  it.each(PROCEDURE_DESCRIPTORS.map((d) => [d.kind, d] as const))(
    '%s: its schema takes `procedure: %s` only',
    (kind, d) => {
      const shape = (d.schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
      expect(shape.procedure?.safeParse(kind).success).toBe(true);
      expect(shape.procedure?.safeParse(`${kind}-not`).success).toBe(false);
    },
  );

  it('resolves defaults once, and titles each step as before', () => {
    const steps = load([
      '{procedure: backup, method: pg_basebackup}',
      '{procedure: backup, method: pgbackrest, name: nightly}',
      '{procedure: mark, name: before}',
      '{procedure: pitr, target: {mark: before, by: time}}',
      '{procedure: checkpoint}',
      '{procedure: switch-wal, target: replica-1}',
      '{procedure: failover, candidate: replica-1}',
    ]);
    expect(steps.map(stepTitle)).toEqual([
      'procedure backup pg_basebackup pg_basebackup-1',
      'procedure backup pgbackrest nightly',
      'procedure mark before',
      'procedure pitr to mark before by time',
      'procedure checkpoint primary',
      'procedure switch-wal replica-1',
      'procedure failover promote',
    ]);
    expect(steps[0]).toMatchObject({ procedure: 'backup', format: 'tar', name: 'pg_basebackup-1' });
    expect(steps[0]).toMatchObject({ backupType: 'full' });
    expect(steps[1]).toMatchObject({ backupType: 'full' });
    expect(steps[3]).toMatchObject({ action: 'pause', inclusive: true });
    expect(steps[4]).toMatchObject({ target: 'primary' });
  });

  it('lets Patroni fail over when it manages the cluster, unless the step says otherwise', () => {
    const patroni = 'postgres: {version: 15, replicas: 1}\n  patroni: {etcd: 1}';
    const [auto, manual] = load(['{procedure: failover}', '{procedure: failover, method: promote}'], patroni);
    expect(auto).toMatchObject({ method: 'patroni' });
    expect(manual).toMatchObject({ method: 'promote' });
  });

  it('knows no kind it was not given', () => {
    expect(() => procedureDescriptor('reboot')).toThrow(/no procedure kind reboot/);
  });
});
