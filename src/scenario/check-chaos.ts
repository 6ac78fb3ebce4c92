/**
 * A chaos block's targets against the topology: a selector needs what it draws from (dcs needs
 * Patroni's etcd, proxy HAProxy or PgBouncer, replica a replica), a node name must exist; and a
 * scenario needs steps, a chaos block, or both.
 */
import type { ScenarioIssue } from '../errors.ts';
import { CHAOS_SELECTORS } from '../model/chaos.ts';
import { knownTargets } from '../model/nodes.ts';
import { quote } from '../model/wording.ts';
import type { Scenario } from './scenario.ts';
import type { YamlSource } from './yaml-source.ts';

export function checkChaos(scenario: Scenario, source: YamlSource): ScenarioIssue[] {
  const { chaos, topology } = scenario;
  if (!chaos) {
    return scenario.steps.length === 0
      ? [source.issue(['steps'], 'a scenario needs at least one step, or a chaos block to draw them from')]
      : [];
  }
  const known = knownTargets(topology);
  const missing: Record<string, string | undefined> = {
    dcs: topology.patroni ? undefined : 'dcs draws an etcd member: it needs topology.patroni',
    proxy:
      topology.haproxy || topology.pgbouncer ? undefined : 'proxy draws HAProxy or PgBouncer: the topology has neither',
    replica: topology.postgres.replicas > 0 ? undefined : 'replica needs topology.postgres.replicas of 1 or more',
  };
  const issues: ScenarioIssue[] = [];
  const ringSize = topology.postgres.replicas + 1 + (topology.patroni?.etcd ?? 0);
  chaos.spec.faults.forEach((fault, i) => {
    fault.targets.forEach((target, j) => {
      const at = ['chaos', 'faults', i, 'targets', j];
      const why = missing[target];
      if (why) issues.push(source.issue(at, why));
      else if (!(CHAOS_SELECTORS as readonly string[]).includes(target) && !known.all.includes(target))
        issues.push(
          source.issue(
            at,
            `${quote(target)} is neither a selector (${CHAOS_SELECTORS.join(', ')}) nor a node (${known.all.join(', ')})`,
          ),
        );
      else if (target === 'majorities-ring' && fault.fault !== 'partition')
        issues.push(source.issue(at, `majorities-ring is a partition's target, not ${fault.fault}'s`));
      else if (target === 'majorities-ring' && ringSize < 3)
        issues.push(
          source.issue(
            at,
            `majorities-ring needs three nodes or more (PostgreSQL and etcd): this topology has ${ringSize}`,
          ),
        );
      else if (target === 'majorities-ring' && (fault.clients || fault.oneWay))
        issues.push(
          source.issue(at, 'majorities-ring is one-way already and spares the clients: leave out clients and oneWay'),
        );
      else if (fault.fault === 'restart' && ['dcs', 'proxy'].includes(target))
        issues.push(source.issue(at, `restart acts on PostgreSQL; ${target} is not a PostgreSQL node`));
    });
  });
  const { count, lastingMs, gapMs } = chaos.spec;
  for (const [key, range] of [
    ['count', count],
    ['lasting', lastingMs],
    ['gap', gapMs],
  ] as const)
    if (range.min > range.max) issues.push(source.issue(['chaos', key, 'min'], 'min is greater than max'));
  return issues;
}
