/**
 * The reporter interface: optional hooks that observe one serialisable run model (result.json's
 * ScenarioResult and RunSummary, plus where each step and expectation stands in its file).
 * Reporters never import the runner; the multiplexer (./multiplexer.ts) calls each in turn and
 * isolates one that throws.
 */
import type { ScenarioIssue } from '../../errors.ts';
import type { RunSummary, ScenarioResult } from '../../result/result.ts';
import type { SourcePosition } from '../../model/model.ts';

/** Where a scenario's steps and expectations stand in its YAML file, for annotations at a line. */
export interface ScenarioSource {
  /** the scenario file, absolute (result.json names it relative to its repository) */
  file: string;
  /** one position per step, by step index */
  steps: SourcePosition[];
  /** by expectation name as in result.json (`rpo.lostTransactions`): the key under `expect` */
  expectations: Record<string, SourcePosition>;
}

export interface RunBegin {
  runId: string;
  /** absolute */
  reportDir: string;
  /** the scenarios about to run, in order */
  scenarios: { name: string; file: string }[];
}

/** One scenario that ran: its result, already redacted, and what was recorded next to it. */
export interface ScenarioOutcome {
  result: ScenarioResult;
  /** the scenario's report folder (absolute) */
  dir: string;
  source: ScenarioSource;
  /** node → log text, redacted */
  logs: Record<string, string>;
  /** further evidence files by relative path (e.g. samples.json), redacted */
  attachments: Record<string, string>;
}

/** The whole run at its end. When scenario files were invalid nothing ran: `invalid` says why. */
export interface RunEnd {
  summary: RunSummary;
  results: ScenarioResult[];
  /** by scenario name, for the reporters that point at lines */
  sources: Record<string, ScenarioSource>;
  /** every problem of every invalid scenario file (exit 2); empty when all were valid */
  invalid: ScenarioIssue[];
  /** valid files that did not run because another file was invalid */
  notRun: string[];
}

type Awaitable = void | Promise<void>;

export interface Reporter {
  /** says which reporter failed when one throws */
  readonly name: string;
  onBegin?(run: RunBegin): Awaitable;
  onScenarioEnd?(outcome: ScenarioOutcome): Awaitable;
  onEnd?(run: RunEnd): Awaitable;
}

/** A reporter's hook threw: reported, never fatal to the run or to the other reporters. */
export interface ReporterFailure {
  reporter: string;
  hook: 'onBegin' | 'onScenarioEnd' | 'onEnd';
  error: unknown;
}
