import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isTransientRemovalError, ownedByLiveProcess } from './resources.ts';

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

describe('isTransientRemovalError', () => {
  const dockerError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

  it("tries again when the overlay mount is still busy or another removal is under way (CI8's failure)", () => {
    const busy =
      '(HTTP code 500) server error - container fa41: driver "overlay2" failed to remove root filesystem: unlinkat /var/lib/docker/overlay2/6f2d/merged: device or resource busy';
    expect(isTransientRemovalError(dockerError(500, busy))).toBe(true);
    expect(isTransientRemovalError(dockerError(409, 'removal of container fa41 is already in progress'))).toBe(true);
  });

  it('gives up at once on anything else', () => {
    expect(isTransientRemovalError(dockerError(500, 'server error - no space left on device'))).toBe(false);
    expect(isTransientRemovalError(dockerError(409, 'conflict: unable to remove'))).toBe(false);
    expect(isTransientRemovalError(new Error('device or resource busy'))).toBe(false);
  });
});
