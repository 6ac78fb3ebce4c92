import { describe, expect, it } from 'vitest';
import { InfrastructureError, StepFailedError } from './errors.ts';
import { done, notYet, pollUntil, pollWithin, sleep } from './poll.ts';

describe('sleep', () => {
  it('resolves after the time', async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("rejects at once with the signal's reason when aborted meanwhile", async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted by SIGINT');
    const started = performance.now();
    const slept = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(reason), 10);
    await expect(slept).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('rejects with the reason when already aborted', async () => {
    const reason = new Error('gone');
    await expect(sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});

describe('pollUntil', () => {
  it("returns the probe's value once it answers done, however late", async () => {
    let calls = 0;
    const value = await pollUntil(async () => (++calls < 4 ? notYet(`call ${calls}`) : done('leader pg-2')), {
      what: 'a leader',
      timeoutMs: 5_000,
      intervalMs: 5,
    });
    expect(value).toBe('leader pg-2');
    expect(calls).toBe(4);
  });

  it('treats a throwing probe as not yet', async () => {
    let calls = 0;
    const value = await pollUntil(
      async () => {
        if (++calls < 3) throw new Error('connection refused');
        return done(calls);
      },
      { what: 'PostgreSQL up', timeoutMs: 5_000, intervalMs: 5 },
    );
    expect(value).toBe(3);
  });

  it('says what was awaited, for how long, and the last error when it times out', async () => {
    const failing = pollUntil(
      async () => {
        throw new Error('connection refused');
      },
      { what: 'pg-1 accepting connections', timeoutMs: 50, intervalMs: 10 },
    );
    await expect(failing).rejects.toThrow(StepFailedError);
    await expect(failing).rejects.toThrow(
      'pg-1 accepting connections not reached within 0.05s (last: failed: connection refused)',
    );
  });

  it('gives a timeout computed from a deadline in milliseconds, not floating-point noise', async () => {
    const outcome = await pollWithin(async () => notYet('waiting'), {
      what: 'x',
      timeoutMs: 29.871934678000006,
      intervalMs: 5,
    });
    expect(outcome.reached ? '' : outcome.timeout.message).toBe('x not reached within 0.03s (last: waiting)');
  });

  it("reports the last probe's state and lets the caller choose the error", async () => {
    let calls = 0;
    const failing = pollUntil(async () => notYet(`2 leaders (probe ${++calls})`), {
      what: 'one leader',
      timeoutMs: 40,
      intervalMs: 10,
      onTimeout: (t) => new InfrastructureError('PGDRILL_NO_LEADER', `${t.message} after ${t.timeoutMs} ms`),
    });
    await expect(failing).rejects.toThrow(InfrastructureError);
    await expect(failing).rejects.toThrow(
      /one leader not reached within 0.04s \(last: 2 leaders \(probe \d+\)\) after 40 ms/,
    );
    expect(calls).toBeGreaterThan(1);
  });

  it('probes once even with no time at all', async () => {
    await expect(pollUntil(async () => done(7), { what: 'x', timeoutMs: 0, intervalMs: 10 })).resolves.toBe(7);
  });

  it("stops polling with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted by SIGTERM');
    let calls = 0;
    const polling = pollUntil(async () => notYet(`probe ${++calls}`), {
      what: 'never',
      timeoutMs: 60_000,
      intervalMs: 20,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(reason), 50);
    await expect(polling).rejects.toBe(reason);
    const callsAtAbort = calls;
    await sleep(60);
    expect(calls).toBe(callsAtAbort);
  });
});

describe('pollWithin', () => {
  it('answers a timeout instead of throwing it', async () => {
    const outcome = await pollWithin(async () => notYet('on timeline 1'), {
      what: 'following',
      timeoutMs: 30,
      intervalMs: 10,
    });
    expect(outcome).toMatchObject({ reached: false, timeout: { last: 'on timeline 1', timeoutMs: 30 } });
  });

  it('answers the value when reached', async () => {
    await expect(pollWithin(async () => done(1), { what: 'x', timeoutMs: 30, intervalMs: 10 })).resolves.toEqual({
      reached: true,
      value: 1,
    });
  });
});

describe('a fatal probe error', () => {
  it('(an InfrastructureError, by default) ends the wait at once, thrown as it is', async () => {
    const broken = new InfrastructureError('PGDRILL_DOCKER_CALL_FAILED', 'Docker could not run a command');
    let calls = 0;
    const polling = pollUntil(
      async () => {
        calls++;
        throw broken;
      },
      { what: 'x', timeoutMs: 5_000, intervalMs: 5 },
    );
    await expect(polling).rejects.toBe(broken);
    expect(calls).toBe(1);
  });

  it('is what the caller says it is', async () => {
    const gone = new Error('server closed the connection');
    const polling = pollUntil(
      async () => {
        throw gone;
      },
      { what: 'x', timeoutMs: 5_000, intervalMs: 5, fatal: (e) => e === gone },
    );
    await expect(polling).rejects.toBe(gone);
  });
});
