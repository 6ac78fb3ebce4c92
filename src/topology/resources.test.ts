import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ownedByLiveProcess } from './resources.ts';

const owner = (host: string, pid: number) => ({ 'io.pgdrill.owner': `${host}:${pid}` });

describe('ownedByLiveProcess', () => {
  it("spares another live pgdrill's run on this host", () => {
    expect(ownedByLiveProcess(owner(hostname(), 4242), () => true)).toBe(true);
  });

  it('treats a dead owner, another host, or no owner label as a leftover', () => {
    expect(ownedByLiveProcess(owner(hostname(), 4242), () => false)).toBe(false);
    expect(ownedByLiveProcess(owner('elsewhere', 4242), () => true)).toBe(false);
    expect(ownedByLiveProcess({}, () => true)).toBe(false);
    expect(ownedByLiveProcess(null, () => true)).toBe(false);
  });

  it("treats this process's own runs as its own to remove", () => {
    expect(ownedByLiveProcess(owner(hostname(), process.pid), () => true)).toBe(false);
  });
});
