/** How the CLI speaks: progress on stderr, results on stdout, errors with what to do next. */
import { PgdrillError, type ExitCode } from '../errors.ts';

export const progress = (line: string) => process.stderr.write(`${line}\n`);
export const print = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
export const useColor = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

/** Prints an error the way a user can act on it and returns the exit code it maps to. */
export function reportError(error: unknown): ExitCode {
  if (error instanceof PgdrillError) {
    process.stderr.write(`pgdrill: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  → ${error.hint}\n`);
    if (process.env.PGDRILL_DEBUG && error.cause) process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return error.exitCode;
  }
  process.stderr.write(`pgdrill: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write('  → This is a bug in pgdrill; rerun with PGDRILL_DEBUG=1 for the stack and report it.\n');
  if (process.env.PGDRILL_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
  return 3;
}
