/**
 * result.json: the public, serialisable record of one scenario's run. Reporters read only this
 * (plus the evidence files next to it); they never import the runner.
 */
import type { ExpectationResult, Metrics } from '../checks/types.ts';
import type { TimelineEvent } from '../run/evidence.ts';

export type ScenarioStatus = 'passed' | 'failed' | 'error';

export interface StepResult {
  index: number;
  /** e.g. "fault kill primary", "procedure failover", "wait converged" */
  title: string;
  startedAtMs: number;
  durationMs: number;
  status: 'ok' | 'failed' | 'expected-failure' | 'unexpected-success' | 'skipped';
  node?: string;
  error?: string;
}

export interface ScenarioResult {
  scenario: string;
  file: string;
  description?: string;
  tags: string[];
  status: ScenarioStatus;
  /** for status "error": what broke and what to do */
  error?: { code: string; message: string; hint?: string };
  startedAt: string;
  durationMs: number;
  runId: string;
  /** what ran the drill: enough to reproduce it (image by tag and by ID, PostgreSQL's own version) */
  harness: { version: string; node: string; image: string | null; imageId?: string | null; postgres?: string | null };
  /** null when the drill never reached the checks (status "error") */
  metrics: Metrics | null;
  expectations: ExpectationResult[];
  steps: StepResult[];
  timeline: TimelineEvent[];
  /** files written next to result.json (relative), e.g. logs */
  artifacts: string[];
}

export interface RunSummary {
  runId: string;
  startedAt: string;
  durationMs: number;
  reportDir: string;
  scenarios: { scenario: string; status: ScenarioStatus; dir: string; failedExpectations: string[] }[];
  exitCode: 0 | 1 | 2 | 3;
}
