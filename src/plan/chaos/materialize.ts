/**
 * A schedule → fixed steps: each fault after its gap, the menu entry's `react` steps, the fault
 * left in force for its time, then healed; the block's `finally` steps last. The same steps make
 * the drill that runs (a Scenario) and the scenario file that replays it on its own (YAML).
 */
import { parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import type { ChaosNodes, ScheduledFault } from '../../model/chaos.ts';
import type { SourcePosition, TopologySpec } from '../../model/model.ts';
import { resolveStep } from '../../scenario/resolve.ts';
import type { RawStep } from '../../scenario/schema.ts';
import type { Scenario, ScenarioChaos, Step } from '../../scenario/scenario.ts';

/** The node names a schedule draws from, for a topology. */
export function chaosNodes(topology: TopologySpec): ChaosNodes {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  return {
    postgres: range(topology.postgres.replicas + 1).map((n) => `pg-${n}`),
    dcs: topology.patroni ? range(topology.patroni.etcd).map((n) => `etcd-${n}`) : [],
    proxies: [...(topology.haproxy ? ['haproxy'] : []), ...(topology.pgbouncer ? ['pgbouncer'] : [])],
  };
}

const ms = (value: number) => `${value}ms`;

/** The fault step(s) as a scenario writes them: one per node drawn, a partition as one cut. */
export function faultSteps(fault: ScheduledFault, chaos: ScenarioChaos, nodes: ChaosNodes): Record<string, unknown>[] {
  const entry = chaos.spec.faults[fault.entry];
  const common = { bestEffort: true };
  if (fault.fault === 'partition' && fault.target === 'majorities-ring')
    return [{ fault: 'partition', ring: fault.nodes, ...common }];
  if (fault.fault === 'partition')
    return [
      {
        fault: 'partition',
        ...partitionOf(fault.nodes, nodes, entry?.clients),
        ...(entry?.oneWay ? { oneWay: true } : {}),
        ...common,
      },
    ];
  const mode = fault.fault === 'restart' && entry?.mode ? { mode: entry.mode } : {};
  return fault.nodes.map((target) => ({ fault: fault.fault, target, ...mode, ...common }));
}

/**
 * A drawn partition, Jepsen's way: it splits the cluster (PostgreSQL nodes and etcd members) and
 * the client path (HAProxy, PgBouncer) still reaches both sides — the clients go on writing to a
 * primary cut off from its peers, which is how asynchronous replication loses acknowledged
 * writes. `clients: true` cuts the client path from the drawn side too; a drawn proxy is cut
 * off from everything (the client path's single point of failure).
 */
function partitionOf(drawn: string[], nodes: ChaosNodes, clients = false): Record<string, unknown> {
  const proxiesSpared = !clients && !drawn.every((n) => nodes.proxies.includes(n)) && nodes.proxies.length > 0;
  const cut = clients ? { clients: true } : {};
  if (drawn.length === 1) return { isolate: drawn[0], ...(proxiesSpared ? { except: nodes.proxies } : {}), ...cut };
  const cluster = [...nodes.postgres, ...nodes.dcs, ...(proxiesSpared ? [] : nodes.proxies)];
  return { between: [drawn, cluster.filter((n) => !drawn.includes(n))], ...cut };
}

/** Every generated step of `fault`, as written, with the menu entry's `react` steps marked by their index. */
function stepsOf(
  fault: ScheduledFault,
  chaos: ScenarioChaos,
  nodes: ChaosNodes,
): ({ raw: Record<string, unknown> } | { react: number })[] {
  return [
    { raw: { wait: ms(fault.gapMs) } },
    ...faultSteps(fault, chaos, nodes).map((raw) => ({ raw })),
    ...(chaos.react[fault.entry] ?? []).map((_, i) => ({ react: i })),
    { raw: { wait: ms(fault.lastingMs) } },
    { raw: { fault: 'heal' } },
  ];
}

/** The scenario with the schedule as its steps (after its own), ready to plan and run. */
export function materialize(scenario: Scenario, faults: readonly ScheduledFault[]): Scenario {
  const { chaos } = scenario;
  if (!chaos) return scenario;
  const nodes = chaosNodes(scenario.topology);
  const context = { relativeToScenario: (f: string) => f, patroni: scenario.topology.patroni !== undefined };
  const steps: Step[] = [...scenario.steps];
  const place = (step: Step) => steps.push({ ...step, index: steps.length });
  const generated = (raw: Record<string, unknown>, at: SourcePosition) =>
    resolveStep(raw as RawStep, { index: steps.length, at, expectFailure: false, ...bestEffortOf(raw) }, context);
  for (const fault of faults) {
    const at = chaos.entryAt[fault.entry] as SourcePosition;
    for (const part of stepsOf(fault, chaos, nodes)) {
      if ('raw' in part) place(generated(part.raw, at));
      else place(chaos.react[fault.entry]?.[part.react] as Step);
    }
  }
  for (const step of chaos.finally) place(step);
  const { chaos: _chaos, ...fixed } = scenario;
  return { ...fixed, steps };
}

const bestEffortOf = (raw: Record<string, unknown>) => (raw.bestEffort === true ? { bestEffort: true } : {});

/**
 * The scenario file that runs `faults` as fixed steps: the chaos file's text with its chaos block
 * replaced by the steps (after the file's own), renamed, and a comment saying where it came from.
 */
export function writtenSchedule(
  text: string,
  scenario: Scenario,
  faults: readonly ScheduledFault[],
  how: { name: string; comment: string },
): string {
  const { chaos } = scenario;
  if (!chaos) return text;
  const nodes = chaosNodes(scenario.topology);
  const doc = parseDocument(text);
  const written = doc.get('steps');
  const steps = written instanceof YAMLSeq ? written : new YAMLSeq();
  const add = (value: unknown, flow: boolean) => {
    const node = doc.createNode(value);
    if (flow && node instanceof YAMLMap) node.flow = true;
    steps.add(node);
  };
  for (const fault of faults)
    for (const part of stepsOf(fault, chaos, nodes)) {
      if ('raw' in part) add(part.raw, true);
      else add(chaos.written.react[fault.entry]?.[part.react], false);
    }
  for (const step of chaos.written.finally) add(step, false);
  doc.set('name', how.name);
  doc.delete('chaos');
  doc.set('steps', steps);
  const comment = how.comment
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  doc.commentBefore = doc.commentBefore ? `${doc.commentBefore}\n${comment}` : comment;
  return doc.toString({ lineWidth: 100 });
}
