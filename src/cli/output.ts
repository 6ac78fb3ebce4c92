/** How the CLI speaks: progress on stderr, results on stdout, errors with what to do next. */
import { PgdrillError, type ExitCode, type ScenarioIssue } from '../errors.ts';
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

/**
 * With `--json`, an error is also a JSON document on stdout (`schemaVersion: 1`): what a script
 * reads instead of parsing stderr. Invalid scenarios come with every issue at its file, line and key.
 */
export function errorJson(error: unknown, exitCode: number): string {
  const secrets = envSecrets();
  const base =
    error instanceof PgdrillError
      ? {
          code: error.code,
          message: error.message,
          ...(error.hint ? { hint: error.hint } : {}),
          ...('issues' in error && Array.isArray(error.issues)
            ? {
                issues: (error.issues as ScenarioIssue[]).map((i) => ({
                  file: i.position.file,
                  line: i.position.line,
                  column: i.position.column,
                  key: i.path,
                  message: i.message,
                })),
              }
            : {}),
        }
      : { code: 'PGDRILL_INTERNAL', message: error instanceof Error ? error.message : String(error) };
  return redactSecrets(`${JSON.stringify({ schemaVersion: 1, ok: false, exitCode, error: base }, null, 2)}\n`, secrets);
}
