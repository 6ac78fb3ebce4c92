/**
 * A scenario as the rest of pgdrill sees it: validated, defaults applied, durations in
 * milliseconds, paths absolute. Nothing downstream ever sees `undefined` where a default exists.
 * Its parts are in ./model.ts; fault and procedure steps are the unions their registries produce.
 */
import type { FaultStep } from '../faults/registry.ts';
import type { ProcedureKindStep } from '../procedures/registry.ts';
import type { ChaosSpec } from '../model/chaos.ts';
import type {
  Claim,
  ExpectedFailure,
  Expectations,
  SourcePosition,
  TopologySpec,
  WaitStep,
  WorkloadSpec,
} from '../model/model.ts';

export type { FaultKind, FaultStep } from '../faults/registry.ts';

export type { ProcedureKindName, ProcedureKindStep } from '../procedures/registry.ts';

export type Step = FaultStep | ProcedureKindStep | WaitStep;

export interface Scenario {
  name: string;
  claims: Claim[];
  description?: string;
  tags: string[];
  /** absolute path of the YAML file */
  file: string;
  topology: TopologySpec;
  data: { sqlFile?: string };
  workload?: WorkloadSpec;
  /** how often every node is sampled while the drill runs. @default { intervalMs: 250 } */
  observe: { intervalMs: number };
  steps: Step[];
  expect: Expectations;
  /**
   * `run --pg` put the scenario on a major its file did not name, and that major refuses some of
   * its `settings:` (each with why): not an error in the file, a finding of the run, which
   * PostgreSQL itself makes when the node starts with them.
   */
  refusedSettings?: { setting: string; why: string }[];
  /** expected to fail in this way (strict xfail: holding is then a failure) */
  xfail?: ExpectedFailure;
  /** a generative drill: what its schedules may draw, and the steps around each fault (see ../plan/chaos) */
  chaos?: ScenarioChaos;
}

/** `chaos:` resolved: the spec schedules are drawn from, its steps resolved and positioned, and as written. */
export interface ScenarioChaos {
  spec: ChaosSpec;
  /** per menu entry, the steps right after its fault */
  react: Step[][];
  /** the steps after the last fault */
  finally: Step[];
  /** where each menu entry stands in the file: a generated fault step is located there */
  entryAt: SourcePosition[];
  /** `react` and `finally` as the file writes them, for a schedule written out as fixed steps */
  written: { react: unknown[][]; finally: unknown[] };
}
