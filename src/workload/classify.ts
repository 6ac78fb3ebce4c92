/**
 * What a client error means for the write it interrupted. A server that answered with an
 * error did not commit (fail); a connection that died mid-statement may have committed (unknown).
 */
import type { OpOutcome } from './history.ts';

/** SQLSTATEs after which the commit may or may not have happened on the server. */
const INDETERMINATE_SQLSTATE = /^(08|57P0[12]|XX)/;

export function classifyWriteError(error: unknown, phase: 'connect' | 'write'): Exclude<OpOutcome, 'ok'> {
  if (phase === 'connect') return 'fail';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return INDETERMINATE_SQLSTATE.test(code) ? 'unknown' : 'fail';
  }
  // No SQLSTATE: the socket broke (reset, EOF, timeout) after the INSERT was sent.
  return 'unknown';
}
