/** How the CLI speaks: progress on stderr, results on stdout, errors with what to do next. */
import { PgdrillError, type ExitCode } from '../errors.ts';
import { envSecrets, redactSecrets } from '../redact.ts';

export const progress = (line: string) => process.stderr.write(`${line}\n`);
export const print = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
export const useColor = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

/** Prints an error the way a user can act on it and returns the exit code it maps to. */
export function reportError(error: unknown): ExitCode {
  // An error may quote a command line, a conninfo or a driver's message: never a secret of the environment.
  const secrets = envSecrets();
  const say = (text: string) => process.stderr.write(redactSecrets(text, secrets));
  if (error instanceof PgdrillError) {
    say(`pgdrill: ${error.message}\n`);
    if (error.hint) say(`  → ${error.hint}\n`);
    if (process.env.PGDRILL_DEBUG && error.cause) say(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return error.exitCode;
  }
  say(`pgdrill: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  say('  → This is a bug in pgdrill; rerun with PGDRILL_DEBUG=1 for the stack and report it.\n');
  if (process.env.PGDRILL_DEBUG) say(`${(error as Error).stack ?? ''}\n`);
  return 3;
}
