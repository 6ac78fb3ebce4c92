import { describe, expect, it } from 'vitest';
import { checkChecksums } from './checksums.ts';
import { makeEvidence } from './test-evidence.ts';
import type { NodeChecksums } from '../evidence/evidence.ts';

const accounts = { table: 'public.accounts', rows: 10, digest: 'aaa' };
const writes = { table: 'public.pgdrill_writes', rows: 500, digest: 'www' };
const node = (name: string, tables = [accounts, writes]): NodeChecksums => ({ node: name, tables });

describe('checkChecksums', () => {
  it('identical tables on every node match', () => {
    const cs = checkChecksums(
      makeEvidence({ checksums: [node('pg-1'), node('pg-2'), node('pg-3', [writes, accounts])] }),
    );
    expect(cs).toEqual({ match: true, nodes: ['pg-1', 'pg-2', 'pg-3'], tables: 2, differences: [], leftOut: [] });
  });

  it('MUST detect a diverged table and name table and node', () => {
    const cs = checkChecksums(
      makeEvidence({ checksums: [node('pg-1'), node('pg-2'), node('pg-3', [accounts, { ...writes, digest: 'xxx' }])] }),
    );
    expect(cs.match).toBe(false);
    expect(cs.differences).toEqual([
      {
        table: 'public.pgdrill_writes',
        node: 'pg-3',
        reference: 'pg-1',
        kind: 'content',
        digest: 'xxx',
        rows: 500,
        referenceDigest: 'www',
        referenceRows: 500,
      },
    ]);
  });

  it('a different row count is a difference even with an equal digest', () => {
    const cs = checkChecksums(
      makeEvidence({ checksums: [node('pg-1'), node('pg-2', [accounts, { ...writes, rows: 499 }])] }),
    );
    expect(cs.match).toBe(false);
    expect(cs.differences).toMatchObject([
      { table: 'public.pgdrill_writes', node: 'pg-2', kind: 'content', rows: 499, referenceRows: 500 },
    ]);
  });

  it('MUST detect a table missing on a node', () => {
    const cs = checkChecksums(makeEvidence({ checksums: [node('pg-1'), node('pg-2', [writes])] }));
    expect(cs.match).toBe(false);
    expect(cs.differences).toEqual([
      {
        table: 'public.accounts',
        node: 'pg-2',
        reference: 'pg-1',
        kind: 'missing',
        digest: null,
        rows: null,
        referenceDigest: 'aaa',
        referenceRows: 10,
      },
    ]);
  });

  it('MUST detect a table the reference node lacks', () => {
    const extra = { table: 'public.audit', rows: 3, digest: 'ddd' };
    const cs = checkChecksums(makeEvidence({ checksums: [node('pg-1'), node('pg-2', [accounts, writes, extra])] }));
    expect(cs.match).toBe(false);
    expect(cs.tables).toBe(3);
    expect(cs.differences).toEqual([
      {
        table: 'public.audit',
        node: 'pg-2',
        reference: 'pg-1',
        kind: 'extra',
        digest: 'ddd',
        rows: 3,
        referenceDigest: null,
        referenceRows: null,
      },
    ]);
  });

  it('MUST NOT pass with one node: nothing was compared, so not measured, naming the node', () => {
    const cs = checkChecksums(makeEvidence({ checksums: [node('pg-2')] }));
    expect(cs).toMatchObject({ match: null, nodes: ['pg-2'], tables: 2, differences: [] });
    expect(cs.reason).toBe('only pg-2 was read and no other node is live: nothing to compare it with');
  });

  it('MUST NOT pass when the only replica was left out: names it and why', () => {
    const leftOut = [{ node: 'pg-2', reason: "it had not replayed the primary's WAL up to 0/3000060" }];
    const cs = checkChecksums(makeEvidence({ checksums: [node('pg-1')], checksumsLeftOut: leftOut }));
    expect(cs.match).toBeNull();
    expect(cs.leftOut).toEqual(leftOut);
    expect(cs.reason).toBe(
      "only pg-1 was read; pg-2 was left out: it had not replayed the primary's WAL up to 0/3000060",
    );
  });

  it('no node read but a live one left out: the reason names it, not just "no live node"', () => {
    const leftOut = [{ node: 'pg-2', reason: 'its tables could not be read: connection refused' }];
    const cs = checkChecksums(makeEvidence({ checksums: [], checksumsLeftOut: leftOut }));
    expect(cs.match).toBeNull();
    expect(cs.reason).toBe('no node was read; pg-2 was left out: its tables could not be read: connection refused');
  });

  it('MUST NOT pass when two nodes agree but a live third was left out', () => {
    const leftOut = [{ node: 'pg-3', reason: 'a former primary, diverged since the failover and not rejoined' }];
    const cs = checkChecksums(makeEvidence({ checksums: [node('pg-1'), node('pg-2')], checksumsLeftOut: leftOut }));
    expect(cs.match).toBeNull();
    expect(cs.reason).toBe(
      'pg-1, pg-2 agree, but pg-3 was left out: a former primary, diverged since the failover and not rejoined',
    );
  });

  it('a difference fails even when a node was left out: what was compared already disagrees', () => {
    const cs = checkChecksums(
      makeEvidence({
        checksums: [node('pg-1'), node('pg-2', [accounts])],
        checksumsLeftOut: [{ node: 'pg-3', reason: 'behind' }],
      }),
    );
    expect(cs.match).toBe(false);
    expect(cs.reason).toBeUndefined();
  });

  it('no nodes read, or checksums never collected: match null with a reason', () => {
    expect(checkChecksums(makeEvidence({ checksums: [] }))).toMatchObject({
      match: null,
      reason: 'no live node could be read',
    });
    expect(checkChecksums(makeEvidence({ checksums: null }))).toMatchObject({
      match: null,
      reason: 'checksums were not collected',
    });
  });
});

describe('checkChecksums with damaged data', () => {
  const damaged = { table: 'public.pgdrill_writes', rows: 0, digest: '', unreadable: 'invalid page in block 0' };

  it('MUST count a table a replica cannot read as a difference, with PostgreSQL’s error', () => {
    const cs = checkChecksums(makeEvidence({ checksums: [node('pg-1'), node('pg-2', [accounts, damaged])] }));
    expect(cs.match).toBe(false);
    expect(cs.differences).toEqual([
      {
        table: 'public.pgdrill_writes',
        node: 'pg-2',
        reference: 'pg-1',
        kind: 'unreadable',
        digest: null,
        rows: null,
        referenceDigest: null,
        referenceRows: null,
        error: 'invalid page in block 0',
      },
    ]);
  });

  it('MUST fail when the reference itself cannot read a table, naming it once', () => {
    const cs = checkChecksums(
      makeEvidence({ checksums: [node('pg-1', [accounts, damaged]), node('pg-2'), node('pg-3')] }),
    );
    expect(cs.match).toBe(false);
    expect(cs.differences.map((d) => [d.kind, d.node])).toEqual([['unreadable', 'pg-1']]);
  });

  it('MUST fail on a lone node with a damaged table: it equals nothing', () => {
    const cs = checkChecksums(makeEvidence({ checksums: [node('pg-1', [accounts, damaged])] }));
    expect(cs.match).toBe(false);
  });
});
