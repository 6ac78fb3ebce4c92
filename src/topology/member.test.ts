import { describe, expect, it, vi } from 'vitest';
import type { StartedTestContainer } from 'testcontainers';

const calls: string[] = [];
/** errors the next pauses throw, in order */
const pauseFailures: string[] = [];
/** what the engine says of the container's state */
let inspected: { Running: boolean; Paused: boolean; ExitCode: number } = { Running: true, Paused: false, ExitCode: 0 };
vi.mock('./docker-client.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./docker-client.ts')>()),
  dockerClient: () => ({
    getContainer: (id: string) => ({
      kill: async () => void calls.push(`kill ${id}`),
      pause: async () => {
        calls.push(`pause ${id}`);
        const failure = pauseFailures.shift();
        if (failure) throw new Error(failure);
      },
      unpause: async () => void calls.push(`unpause ${id}`),
      inspect: async () => ({ State: inspected }),
    }),
  }),
}));

// the unit tests share one module cache: member.ts is loaded afresh, so it binds the mock above
vi.resetModules();
const { ContainerMember, FREEZE_TRIES } = await import('./member.ts');

/** A member whose PostgreSQL a subclass can stop, as PgNode's pg_ctl does. */
class Stoppable extends ContainerMember {
  stop() {
    this.moveTo('stopped');
  }
}

const container = { getId: () => 'c1' } as unknown as StartedTestContainer;
const member = () => new Stoppable('etcd-1', 'pgdrill-x-etcd-1', container, { ip: '10.0.0.2', gateway: '10.0.0.1' });

describe('ContainerMember state', () => {
  it('is running and alive when started, killed and not alive after a kill', async () => {
    const m = member();
    expect([m.state, m.alive]).toEqual(['running', true]);
    await m.kill();
    expect([m.state, m.alive]).toEqual(['killed', false]);
    expect(calls).toContain('kill c1');
  });

  it('returns to the state it was paused in, not to running', async () => {
    const m = member();
    m.stop();
    await m.pause();
    expect([m.state, m.alive]).toEqual(['paused', false]);
    await m.unpause();
    expect(m.state).toBe('stopped');
  });

  it('asks again when runc could not freeze the container, and gives up on anything else at once', async () => {
    const unableToFreeze = 'OCI runtime pause failed: unable to freeze: unknown';
    calls.length = 0;
    pauseFailures.push(unableToFreeze, unableToFreeze);
    const m = member();
    await m.pause();
    expect(m.state).toBe('paused');
    expect(calls.filter((c) => c.startsWith('pause'))).toHaveLength(3);

    calls.length = 0;
    pauseFailures.push('No such container: c1');
    await expect(member().pause()).rejects.toThrow(/Docker could not pause etcd-1: No such container/);
    expect(calls).toHaveLength(1);

    calls.length = 0;
    pauseFailures.push(...Array.from({ length: FREEZE_TRIES }, () => unableToFreeze));
    const stuck = member();
    await expect(stuck.pause()).rejects.toThrow(/unable to freeze/);
    expect([calls.length, stuck.state]).toEqual([FREEZE_TRIES, 'running']);
  });
});

describe('ContainerMember.exitedWith', () => {
  it("is the exit code of a container that ended by itself, and null while it runs or after a step's kill", async () => {
    const m = member();
    inspected = { Running: true, Paused: false, ExitCode: 0 };
    expect(await m.exitedWith()).toBeNull();
    inspected = { Running: false, Paused: false, ExitCode: 1 };
    expect(await m.exitedWith()).toBe(1);
    await m.kill(); // the drill's own fault: not a container that gave up
    expect(await m.exitedWith()).toBeNull();
  });
});
