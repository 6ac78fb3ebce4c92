import { describe, expect, it } from 'vitest';
import { parseMajors } from './pg-option.ts';

describe('--pg', () => {
  it('reads a list of majors in the order given, each once', () => {
    expect(parseMajors('18,15, 17,15', '--pg')).toEqual([18, 15, 17]);
    expect(parseMajors('17', '--pg')).toEqual([17]);
  });

  it('MUST refuse a major it cannot drill, naming the ones it can', () => {
    expect(() => parseMajors('15,16', '--pg')).toThrow(
      /"16" is not a PostgreSQL major pgdrill can drill \(15, 17, 18; Debian packages no 16\)/,
    );
    expect(() => parseMajors('', '--pg')).toThrow(/"" is not/);
    expect(() => parseMajors('17.2', '--pg')).toThrow(/"17.2" is not/);
  });
});
