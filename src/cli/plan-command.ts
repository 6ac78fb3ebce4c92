/**
 * `pgdrill plan FILE... [--pg MAJORS] [--seed S] [--json]` (and `run --dry-run`): what a drill
 * will do, without starting anything — the topology, the image it would use, the workload, every
 * step with its title and what its targets resolve to, the expectations with their units and
 * what the scenario declares it is expected to find.
 */
import path from 'node:path';
import type { ExitCode } from '../errors.ts';
import { describeBound } from '../checks/expectations.ts';
import type { Bound, TopologySpec } from '../model/model.ts';
import { faultDescriptor } from '../faults/registry.ts';
import { procedureDescriptor } from '../procedures/registry.ts';
import { describeDeclared } from '../result/expected-failure.ts';
import { unitOf } from '../report/units.ts';
import type { RunPlan } from '../plan/plan.ts';
import type { Step } from '../scenario/scenario.ts';
import { statedExpectations } from '../scenario/check-consistency.ts';
import { print } from './output.ts';

export interface PlannedDrill {
  scenario: string;
  file: string;
  image: string;
  imageBuilt: boolean;
  topology: string[];
  workload: string | null;
  steps: { number: number; title: string; line: number; targets: { key: string; ref: string; resolves: string }[] }[];
  expectations: { name: string; target: string }[];
  xfail: string | null;
  schedule?: string[];
}

/** Every plan as a PlannedDrill: pure, but for the image names, which the caller looks up. */
export function describePlan(plan: RunPlan, image: { name: string; built: boolean }): PlannedDrill {
  const { scenario } = plan;
  const { workload, topology } = scenario;
  return {
    scenario: scenario.name,
    file: path.relative(process.cwd(), scenario.file),
    image: image.name,
    imageBuilt: image.built,
    topology: topologyLines(topology),
    workload: workload
      ? `${workload.clients} client(s) ${workload.rate ? `at ${workload.rate} tx/s` : 'as fast as they can'}${workload.reads ? `; reads ${workload.reads.rate}/s from ${workload.reads.from}` : ''}`
      : null,
    steps: plan.steps.map(({ step, title }) => ({
      number: step.index + 1,
      title,
      line: step.at.line,
      targets: targetsOf(step).map((t) => ({ ...t, resolves: resolution(t.ref, topology) })),
    })),
    expectations: statedExpectations(scenario.expect).map((name) => ({
      name,
      target: targetOf(scenario.expect, name),
    })),
    xfail: scenario.xfail ? `${describeDeclared(scenario.xfail)} — ${scenario.xfail.reason}` : null,
  };
}

function topologyLines(t: TopologySpec): string[] {
  const p = t.postgres;
  const nodes = Array.from({ length: p.replicas + 1 }, (_, i) => `pg-${i + 1}`);
  const roles = t.patroni
    ? `${nodes.join(', ')} under Patroni (it elects the leader)`
    : `${nodes[0]} primary${p.replicas ? `, ${nodes.slice(1).join(', ')} ${p.replication} replica(s)` : ''}`;
  return [
    `PostgreSQL ${p.version}: ${roles}${p.archive ? ', WAL archive' : ''}`,
    ...(t.patroni
      ? [`Patroni: ${t.patroni.etcd} etcd member(s), ttl ${t.patroni.ttl}, loop_wait ${t.patroni.loopWait}`]
      : []),
    ...(t.haproxy ? ["HAProxy: leader port 5000 (the clients'), replica port 5001"] : []),
    ...(t.pgbouncer ? [`PgBouncer (${t.pgbouncer.poolMode} pooling) in front of the ${t.pgbouncer.backend}`] : []),
  ];
}

function targetsOf(step: Step): { key: string; ref: string }[] {
  const refs =
    step.type === 'fault'
      ? faultDescriptor(step.fault).targets(step)
      : step.type === 'procedure'
        ? procedureDescriptor(step.procedure).targets(step)
        : step.wait.kind === 'until'
          ? [{ path: ['target'], ref: step.wait.target }]
          : [];
  return refs.map((r) => ({ key: r.path.join('.'), ref: r.ref }));
}

/** What a reference means before the run: roles resolve when the step runs. */
function resolution(ref: string, t: TopologySpec): string {
  if (ref === 'primary')
    return t.patroni ? 'whichever node leads when the step runs' : 'the primary when the step runs (pg-1 at the start)';
  const replica = /^replica(?:-(\d+))?$/.exec(ref);
  if (replica)
    return `replica ${replica[1] ?? '1'} by name when the step runs (pg-${Number(replica[1] ?? '1') + 1} at the start)`;
  return ref;
}

function targetOf(expect: RunPlan['scenario']['expect'], name: string): string {
  const [area, key] = name.split('.') as [string, string | undefined];
  const value = (expect as Record<string, unknown>)[area];
  if (area === 'convergence') return `<= ${(expect.convergence?.withinMs ?? 0) / 1000} s`;
  const bound = key === undefined ? value : (value as Record<string, unknown> | undefined)?.[key];
  if (typeof bound === 'string') return bound;
  const unit = unitOf(name);
  return `${describeBound(bound as Bound)}${unit ? ` ${unit}` : ''}`;
}

/** The terminal's lines for one planned drill. */
export function renderPlan(d: PlannedDrill): string {
  const lines = [
    `plan ${d.scenario} (${d.file})`,
    `  image      ${d.image}${d.imageBuilt ? '' : ' (not built yet: the run builds it first)'}`,
    ...d.topology.map((t, i) => `  ${(i === 0 ? 'topology' : '').padEnd(10)} ${t}`),
    `  workload   ${d.workload ?? 'none'}`,
    '  steps',
    ...d.steps.flatMap((s) => [
      `    ${String(s.number).padStart(2)}  ${s.title}  (line ${s.line})`,
      ...s.targets.filter((t) => t.resolves !== t.ref).map((t) => `          ${t.key}: ${t.ref} → ${t.resolves}`),
    ]),
    ...(d.schedule ? ['  schedule', ...d.schedule.map((l) => `    ${l}`)] : []),
    '  expectations',
    ...(d.expectations.length
      ? d.expectations.map((e) => `    ${e.name}  ${e.target}`)
      : ['    none: the drill reports its metrics']),
    ...(d.xfail ? [`  xfail      ${d.xfail}`] : []),
  ];
  return lines.join('\n');
}

export function printPlans(drills: PlannedDrill[], json: boolean): ExitCode {
  if (json) print(JSON.stringify({ schemaVersion: 1, drills }, null, 2));
  else print(drills.map(renderPlan).join('\n\n'));
  return 0;
}

/** `pgdrill plan` and `run --dry-run`: load, plan and describe, starting nothing. */
export async function planCommand(
  paths: string[],
  options: { pg?: string; seed?: string; tag?: string[]; grep?: string; json?: boolean },
): Promise<ExitCode> {
  const { loadAndPlan, seedOption } = await import('./run-command.ts');
  const { parseMajors } = await import('./pg-option.ts');
  const { nodeImageName, imageExists } = await import('../setup/node-image.ts');
  const { ScenarioError } = await import('../errors.ts');
  const majors = options.pg === undefined ? undefined : parseMajors(options.pg, '--pg');
  const seed = options.seed === undefined ? 0 : seedOption(options.seed, '--seed');
  const loaded = await loadAndPlan(paths, options.tag, majors, seed, options.grep);
  if (!loaded.ok) throw new ScenarioError(loaded.issues);
  const images = new Map<number, { name: string; built: boolean }>();
  for (const major of new Set(loaded.plans.map((p) => p.scenario.topology.postgres.version))) {
    const name = await nodeImageName(major);
    images.set(major, { name, built: await imageExists(name).catch(() => false) });
  }
  const { describeSchedule } = await import('../report/explore.ts');
  const drills = loaded.plans.map((p) => ({
    ...describePlan(p, images.get(p.scenario.topology.postgres.version) ?? { name: '?', built: false }),
    ...(p.schedule ? { schedule: [`seed ${p.schedule.seed}:`, ...describeSchedule(p.schedule.faults)] } : {}),
  }));
  return printPlans(drills, options.json === true);
}
