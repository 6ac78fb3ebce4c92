/**
 * partition: packets dropped both ways between groups of nodes, by iptables rules in each
 * node's own network namespace (a chain per fault, so healing one leaves others in force).
 * `clients: true` also cuts the workload off the isolated node: client traffic arrives from the
 * network's gateway on port 5432, the harness's on 5433, so the harness keeps observing it.
 */
import type { FaultStep } from '../scenario/model.ts';
import type { RunContext } from '../steps/context.ts';
import type { PgNode } from '../topology/pg-node.ts';
import type { SidecarContainer } from '../topology/sidecar.ts';

/** Anything on the run's network: PostgreSQL nodes, etcd members, HAProxy. */
type NetNode = PgNode | SidecarContainer;
import { StepFailedError } from '../errors.ts';
import { recordFault } from './record.ts';

let chainCounter = 0;

function groupsOf(ctx: RunContext, step: FaultStep): NetNode[][] {
  if (step.isolate) {
    const isolated = ctx.cluster.resolveAny(step.isolate);
    const everyone: NetNode[] = [...ctx.cluster.nodes, ...ctx.cluster.sidecars()];
    return [[isolated], everyone.filter((n) => n !== isolated)];
  }
  const groups = (step.between ?? []).map((group) => group.map((ref) => ctx.cluster.resolveAny(ref)));
  if (groups.length < 2) throw new StepFailedError('partition needs `isolate` or at least two groups in `between`');
  return groups;
}

/** Rules for `node`: drop everything to and from each of `peers`. */
function dropRules(chain: string, peers: NetNode[]): string[] {
  return peers.flatMap((peer) => [
    `iptables -A ${chain} -s ${peer.network.ip} -j DROP`,
    `iptables -A ${chain} -d ${peer.network.ip} -j DROP`,
  ]);
}

export async function partition(ctx: RunContext, step: FaultStep): Promise<string | undefined> {
  const groups = groupsOf(ctx, step);
  const chain = `PGDRILL_P${++chainCounter}`;
  const rulesByNode = new Map<NetNode, string[]>();
  groups.forEach((group, i) => {
    const others = groups.filter((_, j) => j !== i).flat();
    for (const node of group) rulesByNode.set(node, [...(rulesByNode.get(node) ?? []), ...dropRules(chain, others)]);
  });
  const cutClients = step.clients === true ? (groups[0] ?? []) : [];
  for (const node of cutClients) {
    rulesByNode
      .get(node)!
      .push(`iptables -A ${chain} -p tcp -s ${node.network.gateway} -m conntrack --ctorigdstport 5432 -j DROP`);
  }
  const involved = [...rulesByNode.keys()].filter((n) => n.state !== 'killed');
  await Promise.all(
    involved.map((node) =>
      node.shell([`iptables -N ${chain}`, ...rulesByNode.get(node)!, `iptables -A PGDRILL -j ${chain}`].join(' && ')),
    ),
  );
  const description =
    groups.map((g) => `[${g.map((n) => n.name).join(', ')}]`).join(' | ') +
    (cutClients.length ? ` (clients cut from ${cutClients.map((n) => n.name).join(', ')})` : '');
  const primary = ctx.cluster.primary();
  // Cut off from its clients, or (under Patroni) from etcd, the primary cannot keep taking writes.
  const primaryGroup = groups.find((g) => g.includes(primary));
  const etcdElsewhere = ctx.cluster.sidecars().some((s) => s.name.startsWith('etcd-') && !primaryGroup?.includes(s));
  recordFault(ctx, step, step.isolate ? groups[0]![0] : undefined, `partition ${description}`, {
    disruptsWrites: cutClients.includes(primary) || etcdElsewhere,
  });
  ctx.faults.add({
    kind: 'partition',
    nodes: involved.map((n) => n.name),
    description: `partition ${description}`,
    heal: async () => {
      await Promise.all(
        involved
          .filter((n) => n.state !== 'killed')
          .map((node) => node.shell(`iptables -D PGDRILL -j ${chain} && iptables -F ${chain} && iptables -X ${chain}`)),
      );
      ctx.recorder.event('fault', `healed: partition ${description}`);
    },
  });
  return step.isolate ? groups[0]![0]!.name : undefined;
}
