/**
 * Errors that cross module boundaries carry a stable `code`, the exit code the CLI maps them
 * to, and a message that says what to do next. The original cause is kept.
 */
import type { SourcePosition } from './model/model.ts';

export type ExitCode = 0 | 1 | 2 | 3;

export abstract class PgdrillError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: ExitCode;
  /** what the user can do about it */
  readonly hint?: string;

  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/** A problem with one key of a scenario file: exit 2, printed as `file:line:col path: message`. */
export interface ScenarioIssue {
  position: SourcePosition;
  /** dotted/bracketed key path, e.g. `steps[2].target` */
  path: string;
  message: string;
}

export class ScenarioError extends PgdrillError {
  readonly code = 'PGDRILL_SCENARIO_INVALID';
  readonly exitCode = 2;
  constructor(
    readonly issues: ScenarioIssue[],
    options?: { cause?: unknown },
  ) {
    super(issues.map(formatIssue).join('\n'), options);
  }
}

export function formatIssue(issue: ScenarioIssue): string {
  const { file, line, column } = issue.position;
  const where = issue.path ? ` ${issue.path}:` : '';
  return `${file}:${line}:${column}${where} ${issue.message}`;
}

/** The command line itself is wrong (unknown option, missing file). Exit 2. */
export class UsageError extends PgdrillError {
  readonly code = 'PGDRILL_USAGE';
  readonly exitCode = 2;
}

/** Docker, an image, a node or the network failed us: not a verdict on the drill. Exit 3. */
export class InfrastructureError extends PgdrillError {
  readonly exitCode = 3;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, options);
  }
}

/** A step did not achieve what it claims (a wait timed out, a promote failed). Fails the drill: exit 1. */
export class StepFailedError extends PgdrillError {
  readonly code = 'PGDRILL_STEP_FAILED';
  readonly exitCode = 1;
}

/**
 * A component refused the team's own configuration file, or ran it without doing its job (a
 * haproxy.cfg that never routes to the leader). A finding about their system, not pgdrill's
 * infrastructure: the drill fails, exit 1, quoting the component's own words.
 */
export class TeamConfigError extends PgdrillError {
  readonly code = 'PGDRILL_TEAM_CONFIG';
  readonly exitCode = 1;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
