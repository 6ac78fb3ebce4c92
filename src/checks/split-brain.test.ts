import { describe, expect, it } from 'vitest';
import { checkSplitBrain } from './split-brain.ts';
import { makeEvidence, op } from './test-evidence.ts';
import type { Operation } from '../evidence/history.ts';

const promote = (node: string, completedAtMs: number) => ({
  node,
  procedureStartedAtMs: completedAtMs - 100,
  requestedAtMs: completedAtMs - 50,
  completedAtMs,
});
/** what the recorder writes for a promotion: the promotion and a role change at the same instant */
const promoted = (node: string, atMs: number) => ({
  promotions: [promote(node, atMs)],
  roleChanges: [
    { node: 'pg-1', role: 'down' as const, atMs: atMs - 500 },
    { node, role: 'primary' as const, atMs },
  ],
});

/** what the run records at cluster start: pg-1 primary, the others replicas */
const initialRoles = (atMs = 0, replicas = ['pg-2', 'pg-3']) => [
  { node: 'pg-1', role: 'primary' as const, atMs },
  ...replicas.map((node) => ({ node, role: 'replica' as const, atMs })),
];

describe('checkSplitBrain', () => {
  it('a clean failover: old primary acks before the promotion, new primary after', () => {
    const sb = checkSplitBrain(
      makeEvidence({
        history: {
          ops: [op(1, 'ok', 100), op(2, 'ok', 1_000), op(3, 'unknown', 1_200), op(4, 'ok', 2_001, { node: 'pg-2' })],
        },
        ...promoted('pg-2', 2_000),
      }),
    );
    expect(sb).toEqual({ detected: false, incidents: [], incidentsTotal: 0 });
  });

  it('MUST detect the old primary acknowledging writes after the promotion', () => {
    const sb = checkSplitBrain(
      makeEvidence({
        history: {
          ops: [
            op(1, 'ok', 1_900),
            op(2, 'ok', 2_000), // completes at the promotion instant: not after it
            op(3, 'ok', 2_100, { node: 'pg-2' }),
            op(4, 'ok', 2_200), // the stale primary, still writable (e.g. partitioned, not killed)
            op(5, 'fail', 2_250), // refused writes are not acknowledgements
            op(6, 'ok', 2_300, { node: 'pg-2' }),
            op(7, 'ok', 2_400),
          ],
        },
        ...promoted('pg-2', 2_000),
      }),
    );
    expect(sb.detected).toBe(true);
    expect(sb.incidentsTotal).toBe(2);
    expect(sb.incidents).toEqual([
      { kind: 'stale-primary', node: 'pg-1', key: 4, atMs: 2_200, newPrimary: 'pg-2', promotedAtMs: 2_000 },
      { kind: 'stale-primary', node: 'pg-1', key: 7, atMs: 2_400, newPrimary: 'pg-2', promotedAtMs: 2_000 },
    ]);
  });

  it('uses the latest promotion: after a switch back, the first new primary is the stale one', () => {
    const sb = checkSplitBrain(
      makeEvidence({
        history: {
          ops: [op(1, 'ok', 1_500, { node: 'pg-2' }), op(2, 'ok', 3_500), op(3, 'ok', 3_600, { node: 'pg-2' })],
        },
        promotions: [promote('pg-2', 1_000), promote('pg-1', 3_000)],
      }),
    );
    expect(sb.incidents).toEqual([
      { kind: 'stale-primary', node: 'pg-2', key: 3, atMs: 3_600, newPrimary: 'pg-1', promotedAtMs: 3_000 },
    ]);
  });

  it('a role change to primary counts like a promotion (e.g. a Patroni election)', () => {
    const sb = checkSplitBrain(
      makeEvidence({
        history: { ops: [op(1, 'ok', 500), op(2, 'ok', 1_500, { node: 'pg-3' }), op(3, 'ok', 1_600)] },
        roleChanges: [...initialRoles(), { node: 'pg-3', role: 'primary', atMs: 1_000 }],
      }),
    );
    expect(sb.incidents).toMatchObject([{ kind: 'stale-primary', node: 'pg-1', key: 3, newPrimary: 'pg-3' }]);
  });

  it('reports instants relative to the given origin', () => {
    const sb = checkSplitBrain(
      makeEvidence({ history: { ops: [op(1, 'ok', 12_500)] }, ...promoted('pg-2', 12_000) }),
      10_000,
    );
    expect(sb.incidents).toMatchObject([{ atMs: 2_500, promotedAtMs: 2_000 }]);
  });

  it('MUST detect two nodes acknowledging interleaved writes with no promotion between them', () => {
    const sb = checkSplitBrain(
      makeEvidence({
        history: {
          ops: [
            op(1, 'ok', 100),
            op(2, 'ok', 200, { node: 'pg-2' }),
            op(3, 'ok', 300),
            op(4, 'ok', 400, { node: 'pg-2' }),
          ],
        },
      }),
    );
    expect(sb.detected).toBe(true);
    // pg-2 at 200 and pg-1 at 300 each acked inside the other's span; pg-1 at 100 and pg-2 at 400 did not
    expect(sb.incidents).toEqual([
      { kind: 'concurrent-primaries', node: 'pg-2', key: 2, atMs: 200, newPrimary: 'pg-1', promotedAtMs: 100 },
      { kind: 'concurrent-primaries', node: 'pg-1', key: 3, atMs: 300, newPrimary: 'pg-2', promotedAtMs: 200 },
    ]);
  });

  it('MUST detect two nodes made primary at the same instant that both acknowledge writes', () => {
    const sb = checkSplitBrain(
      makeEvidence({
        history: {
          ops: [
            op(1, 'ok', 1_100, { node: 'pg-2' }),
            op(2, 'ok', 1_200, { node: 'pg-3' }),
            op(3, 'ok', 1_300, { node: 'pg-2' }),
          ],
        },
        roleChanges: [
          ...initialRoles(),
          { node: 'pg-2', role: 'primary', atMs: 1_000 },
          { node: 'pg-3', role: 'primary', atMs: 1_000 },
        ],
      }),
    );
    expect(sb.detected).toBe(true);
    expect(sb.incidents).toMatchObject([{ kind: 'concurrent-primaries', node: 'pg-3', key: 2, newPrimary: 'pg-2' }]);
  });

  it('an unrecorded clean handover (one stops, the other starts) is not split-brain', () => {
    const sb = checkSplitBrain(
      makeEvidence({
        history: {
          ops: [
            op(1, 'ok', 100),
            op(2, 'ok', 200),
            op(3, 'ok', 900, { node: 'pg-2' }),
            op(4, 'ok', 1_000, { node: 'pg-2' }),
          ],
        },
      }),
    );
    expect(sb.detected).toBe(false);
  });

  it('ignores ops with no node and non-acknowledged ops', () => {
    const sb = checkSplitBrain(
      makeEvidence({
        history: {
          ops: [
            op(1, 'fail', 2_100, { node: undefined }),
            op(2, 'unknown', 2_200),
            op(3, 'ok', 2_300, { node: undefined }),
            op(4, 'ok', 2_400, { node: 'pg-2' }),
          ],
        },
        ...promoted('pg-2', 2_000),
      }),
    );
    expect(sb.detected).toBe(false);
  });

  it('MUST NOT report "none" when no write was acknowledged: detected null, with the reason', () => {
    for (const ops of [[], [op(1, 'fail', 2_100), op(2, 'unknown', 2_200)]]) {
      const sb = checkSplitBrain(makeEvidence({ history: { ops }, ...promoted('pg-2', 2_000) }));
      expect(sb).toEqual({
        detected: null,
        incidents: [],
        incidentsTotal: 0,
        reason: 'no write was acknowledged, so no two nodes could acknowledge at once',
      });
    }
  });

  it('acknowledged writes that name no node: detected null', () => {
    const sb = checkSplitBrain(makeEvidence({ history: { ops: [op(1, 'ok', 100, { node: undefined })] } }));
    expect(sb).toMatchObject({ detected: null, reason: 'no acknowledged write names the node that took it' });
  });

  describe('with the initial roles recorded at cluster start, as the run does', () => {
    it('MUST detect the old primary acknowledging after a promotion', () => {
      const sb = checkSplitBrain(
        makeEvidence({
          history: {
            ops: [
              op(1, 'ok', 1_000),
              op(2, 'ok', 2_100, { node: 'pg-2' }),
              op(3, 'ok', 2_200),
              op(4, 'ok', 2_300, { node: 'pg-2' }),
            ],
          },
          promotions: [promote('pg-2', 2_000)],
          roleChanges: [...initialRoles(10), { node: 'pg-2', role: 'primary', atMs: 2_000 }],
        }),
      );
      expect(sb).toEqual({
        detected: true,
        incidentsTotal: 1,
        incidents: [
          { kind: 'stale-primary', node: 'pg-1', key: 3, atMs: 2_200, newPrimary: 'pg-2', promotedAtMs: 2_000 },
        ],
      });
    });

    it('a clean kill and promote is not split-brain, acks in flight across the kill included', () => {
      const sb = checkSplitBrain(
        makeEvidence({
          history: {
            ops: [
              op(1, 'ok', 1_000),
              op(2, 'ok', 1_500),
              op(3, 'ok', 1_501),
              op(4, 'ok', 2_100, { node: 'pg-2' }),
              op(5, 'ok', 2_200, { node: 'pg-2' }),
            ],
          },
          promotions: [promote('pg-2', 2_000)],
          roleChanges: [
            ...initialRoles(10),
            { node: 'pg-1', role: 'down', atMs: 1_500 },
            { node: 'pg-2', role: 'primary', atMs: 2_000 },
          ],
        }),
      );
      expect(sb).toEqual({ detected: false, incidents: [], incidentsTotal: 0 });
    });

    it('the initial primary is a starting state, not a promotion: an unrecorded clean handover is not split-brain', () => {
      // e.g. Patroni elects pg-2 on its own after pg-1 is cut off: nobody records a promotion
      const sb = checkSplitBrain(
        makeEvidence({
          history: {
            ops: [
              op(1, 'ok', 100),
              op(2, 'ok', 200),
              op(3, 'ok', 900, { node: 'pg-2' }),
              op(4, 'ok', 1_000, { node: 'pg-2' }),
            ],
          },
          roleChanges: initialRoles(10),
        }),
      );
      expect(sb.detected).toBe(false);
    });

    it('MUST still detect interleaved acks with no promotion as concurrent primaries', () => {
      const sb = checkSplitBrain(
        makeEvidence({
          history: {
            ops: [
              op(1, 'ok', 100),
              op(2, 'ok', 200, { node: 'pg-2' }),
              op(3, 'ok', 300),
              op(4, 'ok', 400, { node: 'pg-2' }),
            ],
          },
          roleChanges: initialRoles(10),
        }),
      );
      expect(sb.incidents).toEqual([
        { kind: 'concurrent-primaries', node: 'pg-2', key: 2, atMs: 200, newPrimary: 'pg-1', promotedAtMs: 100 },
        { kind: 'concurrent-primaries', node: 'pg-1', key: 3, atMs: 300, newPrimary: 'pg-2', promotedAtMs: 200 },
      ]);
    });
  });

  it('caps the listed incidents at 100, in time order, and counts them all', () => {
    const ops: Operation[] = Array.from({ length: 300 }, (_, i) => op(i, 'ok', 3_000 - i));
    const sb = checkSplitBrain(makeEvidence({ history: { ops }, ...promoted('pg-2', 2_000) }));
    expect(sb.incidentsTotal).toBe(300);
    expect(sb.incidents).toHaveLength(100);
    expect(sb.incidents[0]).toMatchObject({ key: 299, atMs: 2_701 });
  });

  it('handles a million operations', () => {
    const n = 1_000_000;
    const ops: Operation[] = new Array(n);
    for (let i = 0; i < n; i++)
      ops[i] = {
        key: i,
        client: 0,
        invokedAt: i,
        completedAt: i + 1,
        outcome: 'ok',
        node: i < n / 2 ? 'pg-1' : 'pg-2',
      };
    const sb = checkSplitBrain(makeEvidence({ history: { ops }, ...promoted('pg-2', n / 2) }));
    expect(sb.detected).toBe(false);
  });
});
