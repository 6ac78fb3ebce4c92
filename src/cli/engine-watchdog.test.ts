import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../errors.ts';
import { engineLost, unlessEngineLost, watchEngine } from './engine-watchdog.ts';

const until = async (condition: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
};

describe('watchEngine', () => {
  it('MUST abort the run with exit 3 and what to do after consecutive unanswered pings', async () => {
    const controller = new AbortController();
    const answers = [true, false, true, false, false];
    const stop = watchEngine(controller, { ping: async () => answers.shift() ?? false, intervalMs: 5, misses: 2 });
    await until(() => controller.signal.aborted);
    stop();
    expect(answers).toEqual([]); // one miss alone (the second ping) did not give up
    const reason = controller.signal.reason as InfrastructureError;
    expect(reason).toBeInstanceOf(InfrastructureError);
    expect(reason.exitCode).toBe(3);
    expect(reason.message).toMatch(/^the Docker engine stopped answering during the drill/);
    expect(reason.hint).toMatch(/pgdrill setup.*pgdrill clean/);
  });

  it('counts a ping that does not answer in time as unanswered', async () => {
    const controller = new AbortController();
    const hang = (signal: AbortSignal) =>
      new Promise<boolean>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const stop = watchEngine(controller, { ping: hang, intervalMs: 5, timeoutMs: 10, misses: 2 });
    await until(() => controller.signal.aborted);
    stop();
    expect(controller.signal.reason).toBeInstanceOf(InfrastructureError);
  });

  it('never aborts while the engine answers, and stops pinging when stopped', async () => {
    const controller = new AbortController();
    let pings = 0;
    const stop = watchEngine(controller, { ping: async () => ++pings > 0, intervalMs: 5 });
    await until(() => pings >= 5);
    stop();
    const after = pings;
    await new Promise((r) => setTimeout(r, 50));
    expect(controller.signal.aborted).toBe(false);
    expect(pings - after).toBeLessThanOrEqual(1);
  });
});

describe('unlessEngineLost', () => {
  it('MUST give up on work that hangs after the engine is lost, with the engine-lost error', async () => {
    const controller = new AbortController();
    const hung = new Promise<string>(() => {});
    const outcome = unlessEngineLost(hung, controller.signal, 10);
    controller.abort(engineLost('test'));
    await expect(outcome).rejects.toBeInstanceOf(InfrastructureError);
  });

  it('passes work through, and waits for it after Ctrl-C (the interrupt handler owns that exit)', async () => {
    const controller = new AbortController();
    expect(await unlessEngineLost(Promise.resolve('done'), controller.signal, 10)).toBe('done');
    let finish: (v: string) => void = () => {};
    const slow = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const outcome = unlessEngineLost(slow, controller.signal, 10);
    controller.abort(new Error('interrupted by SIGINT'));
    await new Promise((r) => setTimeout(r, 30));
    finish('ended');
    expect(await outcome).toBe('ended');
  });
});
