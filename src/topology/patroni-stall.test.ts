import { describe, expect, it } from 'vitest';
import { DCS_STALL_TRIES, stuckOnDcs } from './patroni-stall.ts';

/** Seed 002's `etcd:` section against etcd 3.4, as Patroni logged it (one try: three ERRORs and the wait). */
const v2Try = (second: number) =>
  [
    `2026-12-04 16:31:${String(second).padStart(2, '0')},262 ERROR: Failed to get list of machines from http://x-etcd-3:2379/v2: EtcdException('Bad response : 404 page not found\\n')`,
    `2026-12-04 16:31:${String(second).padStart(2, '0')},268 ERROR: Failed to get list of machines from http://x-etcd-2:2379/v2: EtcdException('Bad response : 404 page not found\\n')`,
    `2026-12-04 16:31:${String(second).padStart(2, '0')},271 INFO: waiting on etcd`,
  ].join('\n');
const stuckFor = (tries: number) =>
  ['pgdrill-node[pg-1]: ready (patroni)', ...Array.from({ length: tries }, (_, i) => v2Try(i * 5))].join('\n');

describe('stuckOnDcs', () => {
  it('calls the wait off when every node has only retried its DCS, enough times', () => {
    const reason = stuckOnDcs([stuckFor(DCS_STALL_TRIES), stuckFor(DCS_STALL_TRIES + 2), stuckFor(DCS_STALL_TRIES)]);
    expect(reason).toBe(
      `every node logged "waiting on etcd" ${DCS_STALL_TRIES}+ times (every 5 s) and did nothing else; Patroni retries forever, so pgdrill stopped waiting`,
    );
  });

  it('keeps waiting while any node has retried fewer times', () => {
    expect(stuckOnDcs([stuckFor(DCS_STALL_TRIES), stuckFor(DCS_STALL_TRIES - 1)])).toBeUndefined();
  });

  it('keeps waiting once a node does something else: Patroni past its DCS, or PostgreSQL started', () => {
    const progressed = `${stuckFor(DCS_STALL_TRIES)}\n2026-12-04 16:32:01,400 INFO: Lock owner: None; I am pg-1`;
    expect(stuckOnDcs([stuckFor(DCS_STALL_TRIES), progressed])).toBeUndefined();
    const postgres = `${stuckFor(DCS_STALL_TRIES)}\n2026-12-04 16:32:01.400 UTC [42] LOG:  database system is ready to accept connections`;
    expect(stuckOnDcs([postgres, stuckFor(DCS_STALL_TRIES)])).toBeUndefined();
  });

  it('keeps waiting on logs with no retry in them at all, or no logs', () => {
    expect(stuckOnDcs(['', 'pgdrill-node[pg-2]: ready (patroni)'])).toBeUndefined();
    expect(stuckOnDcs([])).toBeUndefined();
  });

  it('ignores a traceback under an ERROR', () => {
    const traceback = `${stuckFor(DCS_STALL_TRIES)}\nTraceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/patroni/dcs/etcd.py", line 1, in x`;
    expect(stuckOnDcs([traceback])).toContain('waiting on etcd');
  });
});
