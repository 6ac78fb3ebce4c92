/**
 * Every node a step names must exist in the scenario's topology, and be a PostgreSQL node
 * where the step runs PostgreSQL things. Roles are only checked for existence here: which
 * node holds a role is decided when the step runs.
 */
import type { FaultKind, Scenario, Step } from './model.ts';
import type { ScenarioIssue } from '../errors.ts';
import type { KeyPath, YamlSource } from './yaml-source.ts';
import { knownTargets } from './nodes.ts';
import { quote } from './wording.ts';

const FAULT_KINDS: readonly FaultKind[] = [
  'kill',
  'stop',
  'restart',
  'pause',
  'resume',
  'partition',
  'disk-full',
  'lag',
  'heal',
];

type Scope = 'postgres' | 'any';

export function checkTargets(scenario: Scenario, source: YamlSource): ScenarioIssue[] {
  const known = knownTargets(scenario.topology);
  const issues: ScenarioIssue[] = [];

  const check = (path: KeyPath, ref: string | undefined, scope: Scope) => {
    if (ref === undefined) return;
    if (!known.all.includes(ref)) {
      const listed = scope === 'postgres' ? known.postgres : known.all;
      issues.push(source.issue(path, `unknown node ${quote(ref)} (known: ${listed.join(', ')})`));
    } else if (scope === 'postgres' && !known.postgres.includes(ref)) {
      issues.push(source.issue(path, `${quote(ref)} is not a PostgreSQL node (known: ${known.postgres.join(', ')})`));
    }
  };
  const notPrimary = (path: KeyPath, ref: string | undefined, why: string) => {
    if (ref === 'primary') issues.push(source.issue(path, why));
  };

  for (const step of scenario.steps) {
    const at = (...keys: (string | number)[]): KeyPath => ['steps', step.index, ...keys];
    for (const [path, ref, scope] of targetsOf(step)) check(at(...path), ref, scope);

    if (step.type === 'fault' && step.fault === 'lag') {
      notPrimary(at('target'), step.target, 'lag makes a replica fall behind: target a replica');
    }
    if (step.type === 'procedure' && (step.procedure === 'failover' || step.procedure === 'switchover')) {
      notPrimary(at('candidate'), step.candidate, 'the candidate is the replica to promote, not the primary');
    }
    if (step.type === 'fault' && step.fault === 'heal' && step.of !== undefined) {
      const healable = FAULT_KINDS.filter((kind) => kind !== 'heal');
      if (!(healable as string[]).includes(step.of) && !known.all.includes(step.of)) {
        issues.push(
          source.issue(
            at('of'),
            `${quote(step.of)} is neither a fault kind (${healable.join(', ')}) nor a node (${known.all.join(', ')})`,
          ),
        );
      }
    }
    if (step.type === 'fault' && step.between) issues.push(...nodesInTwoGroups(step.between, at('between'), source));
  }
  return issues;
}

/** The node references of a step: where each stands, what it is, and what kind of node it must be. */
function targetsOf(step: Step): [KeyPath, string | undefined, Scope][] {
  switch (step.type) {
    case 'wait':
      return step.wait.kind === 'until' ? [[['wait', 'target'], step.wait.target, 'postgres']] : [];
    case 'fault': {
      const anyNode = step.fault === 'kill' || step.fault === 'pause' || step.fault === 'resume';
      const refs: [KeyPath, string | undefined, Scope][] = [[['target'], step.target, anyNode ? 'any' : 'postgres']];
      refs.push([['isolate'], step.isolate, 'any']);
      for (const [g, group] of (step.between ?? []).entries())
        for (const [i, ref] of group.entries()) refs.push([['between', g, i], ref, 'any']);
      return refs;
    }
    case 'procedure': {
      const target = typeof step.target === 'string' ? step.target : undefined;
      // a runbook may well run on PgBouncer or an etcd member; everything else talks to PostgreSQL
      return [
        [['target'], target, step.procedure === 'script' ? 'any' : 'postgres'],
        [['candidate'], step.candidate, 'postgres'],
      ];
    }
  }
}

function nodesInTwoGroups(groups: string[][], path: KeyPath, source: YamlSource): ScenarioIssue[] {
  const groupOf = new Map<string, number>();
  const issues: ScenarioIssue[] = [];
  for (const [g, group] of groups.entries()) {
    for (const [i, ref] of group.entries()) {
      const earlier = groupOf.get(ref);
      if (earlier !== undefined && earlier !== g) {
        issues.push(
          source.issue(
            [...path, g, i],
            `${quote(ref)} is already in group ${earlier + 1}: a node can be on one side only`,
          ),
        );
      }
      groupOf.set(ref, g);
    }
  }
  return issues;
}
