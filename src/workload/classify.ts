/**
 * What a client error means for the write it interrupted. A server that answered with an
 * error did not commit (fail); a connection that died mid-statement may have committed (unknown).
 */
import pg from 'pg';
import type { OpOutcome } from '../evidence/history.ts';

/** SQLSTATEs after which the commit may or may not have happened on the server. */
const INDETERMINATE_SQLSTATE = /^(08|57P0[12]|XX)/;

/**
 * - `connect`: the connection never opened, so the write was never sent: fail.
 * - `write`, a `DatabaseError` (the server sent an ErrorResponse): fail, unless its SQLSTATE
 *   says the connection or the server went away (class 08, 57P01/57P02, class XX): unknown.
 * - `write`, anything else (reset, EOF, EPIPE, query timeout): the INSERT may have reached the
 *   server and committed: unknown. Node errors like EPIPE carry 5-letter codes too, so the type,
 *   not the shape of `code`, says whether the server answered.
 */
export function classifyWriteError(error: unknown, phase: 'connect' | 'write'): Exclude<OpOutcome, 'ok'> {
  if (phase === 'connect') return 'fail';
  if (error instanceof pg.DatabaseError) {
    return typeof error.code === 'string' && INDETERMINATE_SQLSTATE.test(error.code) ? 'unknown' : 'fail';
  }
  return 'unknown';
}
