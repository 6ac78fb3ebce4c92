import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { selector } from './select.ts';

const library = [
  { name: 'kill-primary', tags: ['failover', 'smoke'] },
  { name: 'patroni-sync-explore', tags: ['chaos', 'patroni', 'sync'] },
  { name: 'patroni-async-explore', tags: ['chaos', 'patroni'] },
  { name: 'seed-000-archive-only-rpo', tags: ['seed', 'slow'] },
];
const names = (tags?: string[], grep?: string) => library.filter(selector({ tags, grep })).map((s) => s.name);

describe('choosing scenarios', () => {
  it('takes every scenario without a selection', () => {
    expect(names()).toHaveLength(4);
  });

  it('includes by any of several tags, requires all of a+b, and excludes !tag', () => {
    expect(names(['smoke', 'seed'])).toEqual(['kill-primary', 'seed-000-archive-only-rpo']);
    expect(names(['patroni+sync'])).toEqual(['patroni-sync-explore']);
    expect(names(['!slow', '!chaos'])).toEqual(['kill-primary']);
    expect(names(['patroni', '!sync'])).toEqual(['patroni-async-explore']);
  });

  it('greps names, case-insensitively, together with the tags', () => {
    expect(names(undefined, 'EXPLORE$')).toEqual(['patroni-sync-explore', 'patroni-async-explore']);
    expect(names(['!sync'], 'explore')).toEqual(['patroni-async-explore']);
  });

  it('refuses a pattern that is not one, and a tag that names nothing', () => {
    expect(() => selector({ grep: '(' })).toThrow(UsageError);
    expect(() => selector({ tags: ['!'] })).toThrow(/names no tag/);
  });
});
