import { describe, expect, it } from 'vitest';
import { boundedReplayLag } from './sampler.ts';

describe('boundedReplayLag', () => {
  it('caps the time since the last replayed commit by the time since the replica last had nothing to replay', () => {
    // a 2 s write stall, then WAL arrives: the node says 2.3 s, but it was caught up 250 ms ago
    expect(boundedReplayLag(2.3, 10_250, 10_000)).toBe(0.25);
  });

  it('MUST keep a real, growing delay: replay paused since the last caught-up sample', () => {
    expect(boundedReplayLag(4.1, 14_500, 10_000)).toBe(4.1);
    expect(boundedReplayLag(4.6, 15_000, 10_000)).toBe(4.6);
  });

  it('leaves caught-up, unknown and never-caught-up readings as they are', () => {
    expect(boundedReplayLag(0, 10_000, 9_000)).toBe(0);
    expect(boundedReplayLag(null, 10_000, 9_000)).toBeNull();
    expect(boundedReplayLag(1.2, 10_000, undefined)).toBe(1.2);
  });
});
