/**
 * partition: packets dropped both ways between groups of nodes, by iptables rules in each
 * node's own network namespace (a chain per fault, so healing one leaves others in force).
 * `clients: true` also cuts the workload off the isolated node: client traffic arrives from the
 * network's gateway on port 5432, the harness's on 5433, so the harness keeps observing it.
 */
import { z } from 'zod';
import type { StepBase, TargetRef } from '../model/model.ts';
import type { KeyPath } from '../model/model.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import type { Member } from '../topology/member.ts';
import { targetSchema } from '../model/schema-primitives.ts';
import { quote } from '../model/wording.ts';
import { defineFault, faultBase, faultSchema, type NodeRef } from './descriptor.ts';
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
import { clientPath, recordFault } from './record.ts';

/** Anything on the run's network: PostgreSQL nodes, etcd members, HAProxy. */
type NetNode = PostgresMember | Member;

/** `isolate: NODE` (that node against everyone else) or `between: [[A...], [B...]]`, never both. */
export type PartitionStep = StepBase & {
  type: 'fault';
  fault: 'partition';
  /** also cut the workload off the isolated node(s). @default false */
  clients: boolean;
  /** one-way: the isolated node (or the first group) stops hearing the others; they still hear it. @default false */
  oneWay: boolean;
} & (
    | { isolate: TargetRef; except?: TargetRef[]; between?: never; ring?: never }
    | { between: TargetRef[][]; isolate?: never; except?: never; ring?: never }
    | { ring: TargetRef[]; isolate?: never; except?: never; between?: never }
  );

const schema = faultSchema('partition', {
  isolate: targetSchema.optional().describe('cut this node off from every other node'),
  except: z
    .array(targetSchema)
    .min(1)
    .optional()
    .describe(
      'with isolate: nodes that still reach the isolated one, e.g. [haproxy], so the clients keep writing to a primary cut off from its peers',
    ),
  between: z
    .array(z.array(targetSchema).min(1, { error: 'a group needs at least one node' }), {
      error: 'expected groups of nodes, e.g. [[pg-1], [pg-2, pg-3]]',
    })
    .min(2, { error: 'give at least two groups of nodes, e.g. [[pg-1], [pg-2, pg-3]]' })
    .optional()
    .describe('groups of nodes cut off from each other, e.g. [[pg-1], [pg-2, pg-3]]'),
  ring: z
    .array(targetSchema)
    .min(3, { error: 'a majorities ring needs at least three nodes' })
    .optional()
    .describe(
      "Jepsen's majorities-ring: every node hears its neighbours on this ring, a majority, and no two the same one (nodes left out reach everyone)",
    ),
  clients: z.boolean().optional().describe('also cut the workload off the isolated node(s)'),
  oneWay: z
    .boolean()
    .optional()
    .describe('one-way: the isolated node (or the first group) stops hearing the others, which still hear it'),
}).superRefine((step, ctx) => {
  const forms = (['isolate', 'between', 'ring'] as const).filter((key) => step[key] !== undefined);
  if (forms.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: 'partition needs `isolate: NODE`, `between: [[A...], [B...]]` or `ring: [A, B, C...]`',
      input: step,
    });
  } else if (forms.length > 1) {
    ctx.addIssue({
      code: 'custom',
      path: [forms[1] as string],
      message: `give one of \`isolate\`, \`between\` and \`ring\`, not ${forms.map((f) => `\`${f}\``).join(' and ')}`,
      input: step,
    });
  } else if (step.ring !== undefined && (step.clients || step.oneWay)) {
    ctx.addIssue({
      code: 'custom',
      path: [step.clients ? 'clients' : 'oneWay'],
      message: '`ring` is one-way already and spares the clients: leave out `clients` and `oneWay`',
      input: step,
    });
  } else if (step.except !== undefined && step.isolate === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['except'],
      message: '`except` goes with `isolate` (with `between`, leave the node out of every group)',
      input: step,
    });
  }
});

export const partition = defineFault<PartitionStep>()({
  kind: 'partition',
  summary: "drop packets both ways between groups of nodes (iptables in each node's namespace) until healed",
  example: '{fault: partition, isolate: primary, clients: true}',
  schema,
  resolve(raw, base): PartitionStep {
    const common = { ...faultBase('partition', base), clients: raw.clients ?? false, oneWay: raw.oneWay ?? false };
    // the schema lets exactly one of the three through
    if (raw.ring !== undefined) return { ...common, ring: raw.ring };
    if (raw.isolate === undefined) return { ...common, between: raw.between ?? [] };
    return { ...common, isolate: raw.isolate, ...(raw.except ? { except: raw.except } : {}) };
  },
  targets(step) {
    if (step.ring !== undefined) return step.ring.map((ref, i): NodeRef => ({ path: ['ring', i], ref, scope: 'any' }));
    if (step.isolate !== undefined)
      return [
        { path: ['isolate'], ref: step.isolate, scope: 'any' },
        ...(step.except ?? []).map((ref, i): NodeRef => ({ path: ['except', i], ref, scope: 'any' })),
      ];
    return step.between.flatMap((group, g) =>
      group.map((ref, i): NodeRef => ({ path: ['between', g, i], ref, scope: 'any' })),
    );
  },
  check: (step) => (step.between ? nodesInTwoGroups(step.between) : step.ring ? nodesTwiceOnRing(step.ring) : []),
  title: () => 'fault partition',
  apply: applyPartition,
});

function nodesInTwoGroups(groups: string[][]): { path: KeyPath; message: string }[] {
  const groupOf = new Map<string, number>();
  const issues: { path: KeyPath; message: string }[] = [];
  for (const [g, group] of groups.entries()) {
    for (const [i, ref] of group.entries()) {
      const earlier = groupOf.get(ref);
      if (earlier !== undefined && earlier !== g) {
        issues.push({
          path: ['between', g, i],
          message: `${quote(ref)} is already in group ${earlier + 1}: a node can be on one side only`,
        });
      }
      groupOf.set(ref, g);
    }
  }
  return issues;
}

function nodesTwiceOnRing(ring: string[]): { path: KeyPath; message: string }[] {
  return ring.flatMap((ref, i) =>
    ring.indexOf(ref) < i ? [{ path: ['ring', i], message: `${quote(ref)} is on the ring twice` }] : [],
  );
}

let chainCounter = 0;

function groupsOf(ctx: RunContext, step: PartitionStep): NetNode[][] {
  if (step.isolate !== undefined) {
    const isolated = ctx.cluster.resolveAny(step.isolate);
    // nodes left out of both groups keep reaching both sides
    const spared = new Set((step.except ?? []).map((ref) => ctx.cluster.resolveAny(ref).name));
    const everyone: NetNode[] = [...ctx.cluster.nodes, ...ctx.cluster.sidecars()].filter(
      (n) => !spared.has(n.name) || n.name === isolated.name,
    );
    return isolationGroups(
      isolated.name,
      everyone.map((n) => n.name),
    ).map((names) => names.map((name) => everyone.find((n) => n.name === name) as NetNode));
  }
  return (step.between ?? []).map((group) => group.map((ref) => ctx.cluster.resolveAny(ref)));
}

async function applyPartition(ctx: RunContext, step: PartitionStep): Promise<string | undefined> {
  if (step.ring !== undefined) return applyRing(ctx, step, step.ring);
  const groups = groupsOf(ctx, step);
  const byName = new Map(groups.flat().map((n) => [n.name, n]));
  const names = groups.map((g) => g.map((n) => n.name));
  const grudge = step.oneWay ? oneWayGrudge(names) : completeGrudge(names);
  const chain = `PGDRILL_P${++chainCounter}`;
  const cutClients = step.clients ? (groups[0] ?? []) : [];
  const rulesOf = (node: NetNode): string[] => [
    ...dropRules(
      chain,
      [...(grudge.get(node.name) ?? [])].map((peer) => (byName.get(peer) as NetNode).network.ip),
      step.oneWay,
    ),
    ...(cutClients.includes(node) ? [clientCutRule(chain, node.network.gateway)] : []),
  ];
  // one-way: only the deaf side holds rules (and a client cut)
  const involved = [...byName.values()].filter(
    (n) => n.state !== 'killed' && (!step.oneWay || grudge.has(n.name) || cutClients.includes(n)),
  );
  await Promise.all(involved.map((node) => node.shell(installChain(chain, rulesOf(node)))));
  const groupsText = step.oneWay
    ? `one-way: [${names[0]?.join(', ')}] hears nothing from [${names.slice(1).flat().join(', ')}]`
    : names.map((g) => `[${g.join(', ')}]`).join(' | ');
  const description =
    groupsText + (cutClients.length ? ` (clients cut from ${cutClients.map((n) => n.name).join(', ')})` : '');
  const primary = ctx.cluster.primary();
  const disruptsWrites = partitionDisruptsWrites({
    groups: names,
    primary: primary.name,
    clientsCutFrom: cutClients.map((n) => n.name),
    clientPath: clientPath(ctx),
    etcdMembers: ctx.cluster
      .sidecars()
      .map((s) => s.name)
      .filter((name) => name.startsWith('etcd-')),
  });
  const isolated = step.isolate !== undefined ? groups[0]?.[0] : undefined;
  recordFault(ctx, step, isolated, `partition ${description}`, { disruptsWrites });
  keepUntilHealed(ctx, chain, involved, description);
  return isolated?.name;
}

/**
 * `ring`: each node drops what comes from the nodes outside its majority window. Writes count as
 * disrupted (RTO starts) when the primary and some etcd member can no longer talk: the leader's
 * lease is at stake.
 */
async function applyRing(ctx: RunContext, step: PartitionStep, refs: string[]): Promise<undefined> {
  const ring = refs.map((ref) => ctx.cluster.resolveAny(ref));
  const names = ring.map((n) => n.name);
  const grudge = majoritiesRingGrudge(names);
  const chain = `PGDRILL_P${++chainCounter}`;
  const ipOf = new Map(ring.map((n) => [n.name, n.network.ip]));
  const involved = ring.filter((n) => n.state !== 'killed');
  await Promise.all(
    involved.map((node) =>
      node.shell(
        installChain(
          chain,
          dropRules(
            chain,
            [...(grudge.get(node.name) ?? [])].map((peer) => ipOf.get(peer) as string),
            true,
          ),
        ),
      ),
    ),
  );
  const hears = names.map((n) => `${n} hears ${names.filter((o) => o !== n && !grudge.get(n)?.has(o)).join(', ')}`);
  const description = `majorities ring ${names.join(' → ')} (${hears.join('; ')})`;
  const primary = ctx.cluster.primary().name;
  const etcd = names.filter((n) => n.startsWith('etcd-'));
  const disruptsWrites = names.includes(primary) && etcd.some((m) => !canReach(grudge, primary, m));
  recordFault(ctx, step, undefined, `partition ${description}`, { disruptsWrites });
  keepUntilHealed(ctx, chain, involved, description);
  return undefined;
}

/** The partition's chain stays in force on `involved` until a heal removes it from each node still running. */
function keepUntilHealed(ctx: RunContext, chain: string, involved: NetNode[], description: string): void {
  ctx.faults.add({
    kind: 'partition',
    nodes: involved.map((n) => n.name),
    description: `partition ${description}`,
    heal: async () => {
      await Promise.all(involved.filter((n) => n.state !== 'killed').map((node) => node.shell(removeChain(chain))));
      ctx.recorder.event('fault', `healed: partition ${description}`);
    },
  });
}
