import { describe, expect, it } from 'vitest';
import { EvidenceRecorder } from '../evidence/recorder.ts';
import { leaderOfRecord } from './patroni-failover.ts';

describe('leaderOfRecord', () => {
  it('is the last leader pgdrill recorded, even once it is down', () => {
    const recorder = new EvidenceRecorder(0, () => 0);
    recorder.role({ node: 'pg-1', role: 'primary', atMs: 10 });
    recorder.role({ node: 'pg-2', role: 'replica', atMs: 10 });
    recorder.role({ node: 'pg-1', role: 'down', atMs: 500 });
    expect(leaderOfRecord(recorder)).toEqual({ node: 'pg-1', role: 'primary', atMs: 10 });
  });

  it('moves with each recorded promotion, not with who leads now', () => {
    const recorder = new EvidenceRecorder(0, () => 0);
    recorder.role({ node: 'pg-1', role: 'primary', atMs: 10 });
    recorder.promotion({
      node: 'pg-2',
      requestedAtMs: 900,
      completedAtMs: 1_000,
      procedureStartedAtMs: 900,
      timeline: 2,
    });
    recorder.role({ node: 'pg-1', role: 'replica', atMs: 2_000 });
    expect(leaderOfRecord(recorder)).toMatchObject({ node: 'pg-2', atMs: 1_000 });
  });

  it('is undefined before any leader was recorded', () => {
    expect(leaderOfRecord(new EvidenceRecorder(0, () => 0))).toBeUndefined();
  });
});
