import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { parseShard, shardOf } from './shard.ts';

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('1/2')).toEqual({ index: 1, total: 2 });
    expect(parseShard(' 3 / 3 ')).toEqual({ index: 3, total: 3 });
  });

  it('refuses what is not a shard of n, as a usage error', () => {
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3', '-1/2'])
      expect(() => parseShard(bad), bad).toThrow(UsageError);
  });
});

describe('shardOf', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  const none = new Map<string, number>();

  it('puts every drill in exactly one shard, whatever the durations', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(100_000), { maxLength: 30 }),
        (list, total, times) => {
          const durations = new Map<string, number>();
          for (const [i, name] of list.entries()) if (times[i] !== undefined) durations.set(name, times[i]!);
          const shards = Array.from({ length: total }, (_, i) => shardOf(list, { index: i + 1, total }, durations));
          expect(shards.flat().sort()).toEqual([...list].sort());
        },
      ),
    );
  });

  it('keeps the order the drills were given in, within a shard', () => {
    const shard = shardOf(names, { index: 1, total: 2 }, none);
    expect(shard).toEqual(names.filter((n) => shard.includes(n)));
  });

  it('is the same split however the files were listed', () => {
    const reversed = [...names].reverse();
    for (const index of [1, 2])
      expect(shardOf(reversed, { index, total: 2 }, none).sort()).toEqual(
        shardOf(names, { index, total: 2 }, none).sort(),
      );
  });

  it('balances by duration: the long drill alone, the short ones together', () => {
    const durations = new Map([
      ['long', 600_000],
      ['s1', 100_000],
      ['s2', 100_000],
      ['s3', 100_000],
    ]);
    const list = ['s1', 'long', 's2', 's3'];
    expect(shardOf(list, { index: 1, total: 2 }, durations)).toEqual(['long']);
    expect(shardOf(list, { index: 2, total: 2 }, durations)).toEqual(['s1', 's2', 's3']);
  });

  it('balances by count when no duration is known', () => {
    const sizes = [1, 2, 3].map(
      (index) => shardOf(['a', 'b', 'c', 'd', 'e', 'f', 'g'], { index, total: 3 }, none).length,
    );
    expect(sizes.sort()).toEqual([2, 2, 3]);
  });

  it('counts a drill of unknown duration as the median of the known ones', () => {
    const durations = new Map([
      ['a', 10],
      ['b', 10],
      ['c', 1000],
    ]);
    // new (unknown) weighs 10: with a and b against c, the shards are 1000 vs 30
    const one = shardOf(['a', 'b', 'c', 'new'], { index: 1, total: 2 }, durations);
    const two = shardOf(['a', 'b', 'c', 'new'], { index: 2, total: 2 }, durations);
    expect([one, two]).toEqual([['c'], ['a', 'b', 'new']]);
  });
});
