/**
 * A valid scenario document → the resolved `Scenario`: camelCase, defaults applied, durations
 * in milliseconds, bounds as `{min, max}`, paths absolute, every step numbered and positioned.
 */
import path from 'node:path';
import type { Bound, Expectations, TopologySpec, WaitStep } from '../model/model.ts';
import type { Scenario, ScenarioChaos, Step } from './scenario.ts';
import type { RawChaos } from './chaos-schema.ts';
import { FAULT_KINDS, faultDescriptor } from '../faults/registry.ts';
import { procedureDescriptor } from '../procedures/registry.ts';
import type { RawScenario, RawStep } from './schema.ts';
import type { YamlSource } from './yaml-source.ts';
import { isRecord } from './zod-messages.ts';
import { parseDuration } from '../model/duration.ts';
import { parseSize } from '../model/size.ts';

/** Waits on a condition give up after this long unless the step says otherwise. */
export const DEFAULT_WAIT_TIMEOUT_MS = 30_000;

/** Every node is sampled this often unless `observe.interval` says otherwise. */
export const DEFAULT_OBSERVE_INTERVAL_MS = 250;

export function resolveScenario(raw: RawScenario, source: YamlSource): Scenario {
  const file = path.resolve(source.file);
  const relativeToScenario = (target: string) => path.resolve(path.dirname(file), target);
  return {
    name: raw.name,
    ...(raw.description === undefined ? {} : { description: raw.description.trim() }),
    tags: raw.tags,
    claims: raw.claims ?? [],
    ...(raw.xfail ? { xfail: raw.xfail } : {}),
    file,
    topology: resolveTopology(raw.topology, relativeToScenario),
    data: raw.data?.sql === undefined ? {} : { sqlFile: relativeToScenario(raw.data.sql) },
    ...(raw.workload === undefined ? {} : { workload: raw.workload }),
    observe: {
      intervalMs:
        raw.observe?.interval === undefined ? DEFAULT_OBSERVE_INTERVAL_MS : parseDuration(raw.observe.interval),
    },
    steps: (raw.steps ?? []).map((step, index) => {
      const base = { index, at: source.locate(['steps', index]), ...stepFlags(step) };
      return resolveStep(step, base, { relativeToScenario, patroni: raw.topology.patroni !== undefined });
    }),
    ...(raw.chaos === undefined
      ? {}
      : {
          chaos: resolveChaos(raw.chaos, source, { relativeToScenario, patroni: raw.topology.patroni !== undefined }),
        }),
    expect: resolveExpectations(raw.expect ?? {}),
  };
}

function resolveTopology(raw: RawScenario['topology'], relativeToScenario: (file: string) => string): TopologySpec {
  const { postgres, pgbouncer, patroni, haproxy, hosts } = raw;
  return {
    postgres: {
      version: postgres.version,
      replicas: postgres.replicas,
      replication: postgres.replication,
      archive: postgres.archive,
      ...(postgres.dataChecksums === undefined ? {} : { dataChecksums: postgres.dataChecksums }),
      ssh: postgres.ssh,
      ...teamPostgresFiles(postgres, relativeToScenario),
      settings: Object.fromEntries(Object.entries(postgres.settings).map(([key, value]) => [key, String(value)])),
      ...(postgres.passwords === undefined ? {} : { passwords: withoutUndefined({ ...postgres.passwords }) }),
      roles: Object.fromEntries(
        Object.entries(postgres.roles).map(([name, role]) => [
          name,
          { superuser: role.superuser, databaseOwner: role.database_owner, memberOf: role.member_of },
        ]),
      ),
      ...(postgres.standbys === undefined
        ? {}
        : {
            standbys: Object.fromEntries(
              Object.entries(postgres.standbys).map(([node, names]) => [
                node,
                withoutUndefined({
                  slot: names.slot,
                  applicationName: names.application_name,
                  upstream: names.upstream,
                }),
              ]),
            ),
          }),
    },
    ...(pgbouncer === undefined
      ? {}
      : {
          pgbouncer: {
            poolMode: pgbouncer.pool_mode,
            backend: pgbouncer.backend,
            ...(pgbouncer.config === undefined
              ? {}
              : {
                  config: withoutUndefined({
                    file: relativeToScenario(pgbouncer.config),
                    database: pgbouncer.database,
                    substitutions: pgbouncer.substitute ?? [],
                  }),
                }),
          },
        }),
    ...(patroni === undefined
      ? {}
      : {
          patroni: withoutUndefined({
            etcd: typeof patroni.etcd === 'number' ? patroni.etcd : patroni.etcd.members,
            etcdConfig:
              typeof patroni.etcd === 'number'
                ? undefined
                : { file: relativeToScenario(patroni.etcd.config), substitutions: patroni.etcd.substitute ?? [] },
            scope: patroni.scope,
            namespace: patroni.namespace,
            config:
              patroni.config === undefined
                ? undefined
                : { file: relativeToScenario(patroni.config), substitutions: patroni.substitute ?? [] },
            ttl: patroni.ttl,
            loopWait: patroni.loop_wait,
            retryTimeout: patroni.retry_timeout,
            maximumLagOnFailover: patroni.maximum_lag_on_failover,
            synchronousMode: patroni.synchronous_mode,
            synchronousModeStrict: patroni.synchronous_mode_strict,
            usePgRewind: patroni.use_pg_rewind,
          }),
        }),
    haproxy: haproxy !== false,
    ...(typeof haproxy === 'object'
      ? {
          haproxyConfig: withoutUndefined({
            file: relativeToScenario(haproxy.config),
            port: haproxy.port,
            substitutions: haproxy.substitute ?? [],
          }),
        }
      : {}),
    hosts: hosts ?? {},
  };
}

function teamPostgresFiles(
  postgres: RawScenario['topology']['postgres'],
  relativeToScenario: (file: string) => string,
): Pick<TopologySpec['postgres'], 'teamFiles'> {
  const { config, hba, substitute } = postgres;
  if (config === undefined && hba === undefined) return {};
  const file = (path: string | undefined) =>
    path === undefined ? undefined : { file: relativeToScenario(path), substitutions: substitute ?? [] };
  const [primary, replica] = typeof config === 'object' ? [config.primary, config.replica] : [config, config];
  return { teamFiles: withoutUndefined({ primary: file(primary), replica: file(replica), hba: file(hba) }) };
}

type StepBase = Pick<Step, 'index' | 'at' | 'expectFailure' | 'bestEffort'>;

export interface StepContext {
  relativeToScenario: (file: string) => string;
  /** Patroni manages the cluster: failovers then go through it unless a step says otherwise */
  patroni: boolean;
}

/** What a step needs beyond its own keys; exported with resolveStep for the steps a chaos schedule generates. */
export function resolveStep(raw: RawStep, base: StepBase, { relativeToScenario, patroni }: StepContext): Step {
  if ('wait' in raw) return resolveWait(raw, base);
  if ('fault' in raw) return faultDescriptor(raw.fault).resolve(raw, base, { faultKinds: FAULT_KINDS });
  return procedureDescriptor(raw.procedure).resolve(raw, base, { relativeToScenario, patroni });
}

function resolveWait(raw: Extract<RawStep, { wait: unknown }>, base: StepBase): WaitStep {
  const timeoutMs = raw.timeout === undefined ? DEFAULT_WAIT_TIMEOUT_MS : parseDuration(raw.timeout);
  const { wait } = raw;
  if (typeof wait === 'object')
    return { ...base, type: 'wait', wait: { kind: 'until', sql: wait.until, target: wait.target }, timeoutMs };
  if (wait === 'converged') return { ...base, type: 'wait', wait: { kind: 'converged' }, timeoutMs };
  return { ...base, type: 'wait', wait: { kind: 'duration', ms: parseDuration(wait) }, timeoutMs };
}

function resolveExpectations(raw: NonNullable<RawScenario['expect']>): Expectations {
  const { observed, workload } = raw;
  return withoutUndefined({
    rpo:
      raw.rpo &&
      withoutUndefined({ lostTransactions: bound(raw.rpo.lostTransactions), seconds: bound(raw.rpo.seconds) }),
    observed:
      observed &&
      withoutUndefined({
        maxLagBytes: sizeBound(observed.maxLagBytes),
        maxLagSeconds: bound(observed.maxLagSeconds),
        archiveFailures: bound(observed.archiveFailures),
        maxWalBytes: sizeBound(observed.maxWalBytes),
        walReceiverDrops: bound(observed.walReceiverDrops),
      }),
    workload:
      workload &&
      withoutUndefined({
        acknowledged: bound(workload.acknowledged),
        failed: bound(workload.failed),
        unknown: bound(workload.unknown),
        maxStallSeconds: bound(workload.maxStallSeconds),
        latencyP99: bound(workload.latencyP99),
        readYourWritesViolations: bound(workload.readYourWritesViolations),
      }),
    reads:
      raw.reads &&
      withoutUndefined({
        stale: bound(raw.reads.stale),
        maxStalenessSeconds: bound(raw.reads.maxStalenessSeconds),
        nonMonotonic: bound(raw.reads.nonMonotonic),
        failed: bound(raw.reads.failed),
      }),
    rto: raw.rto && withoutUndefined({ maxSeconds: bound(raw.rto.maxSeconds) }),
    checksums: raw.checksums,
    convergence: raw.convergence && { withinMs: parseDuration(raw.convergence.within) },
    splitBrain: raw.splitBrain,
  });
}

/** A bare number is an upper bound. */
function bound(value: number | Bound | undefined): Bound | undefined {
  return value === undefined
    ? undefined
    : typeof value === 'number'
      ? { max: value }
      : withoutUndefined({ min: value.min, max: value.max });
}

type Size = number | string;

/** A bound on bytes: sizes (`16MB`) become bytes, a bare size is an upper bound. */
function sizeBound(value: Size | { min?: Size; max?: Size } | undefined): Bound | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object') return { max: bytes(value) };
  return withoutUndefined({
    min: value.min === undefined ? undefined : bytes(value.min),
    max: value.max === undefined ? undefined : bytes(value.max),
  });
}

const bytes = (size: Size): number => (typeof size === 'number' ? size : parseSize(size));

/** Optional keys stay absent rather than present-and-undefined, so results compare and print cleanly. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** What every step may say about how it may end. */
export function stepFlags(step: RawStep): Pick<StepBase, 'expectFailure' | 'bestEffort'> {
  return {
    expectFailure: step.expectFailure ?? false,
    ...('bestEffort' in step && step.bestEffort ? { bestEffort: true } : {}),
  };
}

/** The default after a schedule's last fault: everything healed, then the cluster given time to converge. */
export const CHAOS_FINALLY: RawStep[] = [{ fault: 'heal' }, { wait: 'converged', timeout: '60s' }] as RawStep[];

const msRange = (range: { min: string; max: string } | undefined, fallback: { min: number; max: number }) =>
  range === undefined ? fallback : { min: parseDuration(range.min), max: parseDuration(range.max) };

function resolveChaos(raw: RawChaos, source: YamlSource, context: StepContext): ScenarioChaos {
  const written = isRecord(source.value) && isRecord(source.value.chaos) ? source.value.chaos : {};
  const writtenFaults = Array.isArray(written.faults) ? written.faults : [];
  const placed = (steps: RawStep[], path: (string | number)[]) =>
    steps.map((step, i) =>
      resolveStep(step, { index: i, at: source.locate([...path, i]), ...stepFlags(step) }, context),
    );
  return {
    spec: {
      faults: raw.faults.map(({ react: _react, ...fault }) => withoutUndefined(fault)),
      count: raw.count ?? { min: 1, max: 3 },
      lastingMs: msRange(raw.lasting, { min: 1_000, max: 5_000 }),
      gapMs: msRange(raw.gap, { min: 1_000, max: 5_000 }),
    },
    react: raw.faults.map((fault, i) => placed(fault.react ?? [], ['chaos', 'faults', i, 'react'])),
    finally: placed(raw.finally ?? CHAOS_FINALLY, ['chaos', 'finally']),
    entryAt: raw.faults.map((_, i) => source.locate(['chaos', 'faults', i])),
    written: {
      react: writtenFaults.map((f) => (isRecord(f) && Array.isArray(f.react) ? f.react : [])),
      finally: Array.isArray(written.finally) ? written.finally : CHAOS_FINALLY,
    },
  };
}
