import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { InfrastructureError, StepFailedError } from '../errors.ts';
import { asStepFailure, stepStatus } from './steps.ts';

describe('stepStatus: what a step’s outcome means for the drill', () => {
  it('a step that did what it should is ok and the drill goes on', () => {
    expect(stepStatus(false, false)).toEqual({ status: 'ok', endsRun: false });
  });

  it('MUST end the drill when a step fails unexpectedly', () => {
    expect(stepStatus(true, false)).toEqual({ status: 'failed', endsRun: true });
  });

  it('lets a failure the scenario expected pass, and goes on', () => {
    expect(stepStatus(true, true)).toEqual({ status: 'expected-failure', endsRun: false });
  });

  it('MUST end the drill when an expected failure does not come: its premise did not hold', () => {
    expect(stepStatus(false, true)).toEqual({ status: 'unexpected-success', endsRun: true });
  });
});

describe('asStepFailure: a step’s error is the drill’s finding, or not', () => {
  const live = new AbortController().signal;

  it('keeps a step failure as it is', () => {
    const failure = new StepFailedError('no backup named nightly');
    expect(asStepFailure(failure, live)).toBe(failure);
  });

  it('counts PostgreSQL refusing, or a node not answering, as the step failing', () => {
    const refused = new pg.DatabaseError('cannot execute INSERT in a read-only transaction', 0, 'error');
    expect(asStepFailure(refused, live)).toBeInstanceOf(StepFailedError);
    const down = Object.assign(new Error('connect ECONNREFUSED 10.0.0.2:5433'), { code: 'ECONNREFUSED' });
    expect(asStepFailure(down, live).message).toContain('ECONNREFUSED');
  });

  it('MUST rethrow infrastructure errors (exit 3) and pgdrill’s own bugs rather than call them a verdict', () => {
    const engine = new InfrastructureError('PGDRILL_DOCKER_UNREACHABLE', 'the engine went away');
    expect(() => asStepFailure(engine, live)).toThrow(engine);
    const bug = new TypeError("Cannot read properties of undefined (reading 'name')");
    expect(() => asStepFailure(bug, live)).toThrow(bug);
  });

  it('MUST rethrow once the run is interrupted, whatever the error', () => {
    const controller = new AbortController();
    controller.abort(new Error('SIGINT'));
    const failure = new StepFailedError('timed out');
    expect(() => asStepFailure(failure, controller.signal)).toThrow(failure);
  });
});
