/**
 * Commands an operator runs inside a node (pg_dump, pg_basebackup, pgbackrest, tar, a runbook).
 * Their failure is the procedure failing — a verdict on the drill (exit 1) — not the engine's.
 */
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError } from '../errors.ts';

export interface ShellResult {
  exitCode: number;
  output: string;
}

export interface ShellOptions {
  /** @default postgres: backups and restores run as the database's own OS user */
  user?: string;
  env?: Record<string, string>;
}

/** Runs `script` with bash in the node and returns its exit code and output, whatever they are. */
export async function tryShell(node: PostgresMember, script: string, options: ShellOptions = {}): Promise<ShellResult> {
  const result = await node.exec(['bash', '-c', script], { user: options.user ?? 'postgres', env: options.env });
  return { exitCode: result.exitCode, output: result.output };
}

/** Runs `script`; a non-zero exit fails the step, saying what was being done and the end of the output. */
export async function mustShell(
  node: PostgresMember,
  what: string,
  script: string,
  options: ShellOptions = {},
): Promise<string> {
  const result = await tryShell(node, script, options);
  if (result.exitCode !== 0) {
    throw new StepFailedError(
      `${what} on ${node.name} failed (exit ${result.exitCode}): ${lastLines(result.output, 6)}`,
    );
  }
  return result.output;
}

export function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

/** Single-quotes a value for bash. */
export function shq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
