/**
 * Every node a step names must exist in the scenario's topology, and be a PostgreSQL node
 * where the step runs PostgreSQL things. Roles are only checked for existence here: which
 * node holds a role is decided when the step runs.
 */
import type { Scenario, Step } from './scenario.ts';
import type { ScenarioIssue } from '../errors.ts';
import type { YamlSource } from './yaml-source.ts';
import type { KeyPath } from '../model/model.ts';
import { FAULT_KINDS, faultDescriptor } from '../faults/registry.ts';
import { procedureDescriptor } from '../procedures/registry.ts';
import { knownTargets } from '../model/nodes.ts';
import { quote } from '../model/wording.ts';

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
  for (const { step, path: stepPath } of placedSteps(scenario)) {
    const at = (...keys: (string | number)[]): KeyPath => [...stepPath, ...keys];
    for (const [path, ref, scope] of targetsOf(step)) check(at(...path), ref, scope);

    const context = { known, major: scenario.topology.postgres.version, faultKinds: FAULT_KINDS };
    const own =
      step.type === 'fault'
        ? (faultDescriptor(step.fault).check?.(step, context) ?? [])
        : step.type === 'procedure'
          ? (procedureDescriptor(step.procedure).check?.(step, context) ?? [])
          : [];
    for (const { path, message } of own) issues.push(source.issue(at(...path), message));
  }
  return issues;
}

/** Every step the file writes, with where it stands: `steps`, and a chaos block's `react` and `finally`. */
function placedSteps(scenario: Scenario): { step: Step; path: KeyPath }[] {
  const { chaos } = scenario;
  return [
    ...scenario.steps.map((step) => ({ step, path: ['steps', step.index] as KeyPath })),
    ...(chaos?.react.flatMap((steps, i) =>
      steps.map((step) => ({ step, path: ['chaos', 'faults', i, 'react', step.index] as KeyPath })),
    ) ?? []),
    ...(chaos?.finally.map((step) => ({ step, path: ['chaos', 'finally', step.index] as KeyPath })) ?? []),
  ];
}

/** The node references of a step: where each stands, what it is, and what kind of node it must be. */
function targetsOf(step: Step): [KeyPath, string | undefined, Scope][] {
  switch (step.type) {
    case 'wait':
      return step.wait.kind === 'until' ? [[['wait', 'target'], step.wait.target, 'postgres']] : [];
    case 'fault':
      return faultDescriptor(step.fault)
        .targets(step)
        .map(({ path, ref, scope }) => [path, ref, scope]);
    case 'procedure':
      return procedureDescriptor(step.procedure)
        .targets(step)
        .map(({ path, ref, scope }) => [path, ref, scope]);
  }
}
