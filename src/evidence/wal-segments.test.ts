import { describe, expect, it } from 'vitest';
import { archiveContinuity, newestArchived, walSegmentName } from './wal-segments.ts';

/** Plain segment file names on `timeline` for segment numbers `from`..`to` of log 0. */
const segments = (timeline: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) =>
    walSegmentName(timeline, `0/${((from + i) * 0x1000000).toString(16)}`),
  );

const at = (timeline: number, lsn: string) => ({ timeline, lsn });

describe('walSegmentName', () => {
  it('names the segment holding an LSN as PostgreSQL does', () => {
    expect(walSegmentName(1, '0/3000028')).toBe('000000010000000000000003');
    expect(walSegmentName(1, '1/A0000000')).toBe('0000000100000001000000A0');
    expect(walSegmentName(2, '0/0')).toBe('000000020000000000000000');
    expect(walSegmentName(0x1f, 'ff/FFFFFFFF')).toBe('0000001F000000FF000000FF');
    expect(walSegmentName(1, '0/a3fffff')).toBe('00000001000000000000000A');
  });

  it('a position on a segment boundary is in the segment that starts there', () => {
    expect(walSegmentName(1, '0/4000000')).toBe('000000010000000000000004');
  });

  it('other segment sizes: 64 MB segments, 64 per log', () => {
    expect(walSegmentName(1, '0/C000000', 64 * 1024 * 1024)).toBe('000000010000000000000003');
    expect(walSegmentName(1, '2/FC000000', 64 * 1024 * 1024)).toBe('00000001000000020000003F');
  });

  it('refuses what is not an LSN, a timeline or a segment size', () => {
    expect(() => walSegmentName(1, '3000028')).toThrow(RangeError);
    expect(() => walSegmentName(1, '0/123456789')).toThrow(RangeError);
    expect(() => walSegmentName(0, '0/3000028')).toThrow(RangeError);
    expect(() => walSegmentName(1, '0/3000028', 3_000_000)).toThrow(RangeError);
  });
});

describe('archiveContinuity', () => {
  it('every segment from the start to the target present: nothing missing', () => {
    const files = ['00000001.history', '000000010000000000000002.00000028.backup', ...segments(1, 1, 8)];
    expect(
      archiveContinuity({ location: '/archive', files, from: at(1, '0/2000028'), to: at(1, '0/7000100') }),
    ).toEqual({
      location: '/archive',
      from: '000000010000000000000002',
      to: '000000010000000000000007',
      missing: [],
      missingTotal: 0,
    });
  });

  it('MUST report a gap in the middle by the exact file name', () => {
    const files = segments(1, 2, 7).filter((f) => f !== '000000010000000000000005');
    const result = archiveContinuity({ location: '/archive', files, from: at(1, '0/2000028'), to: at(1, '0/7000100') });
    expect(result).toMatchObject({ missing: ['000000010000000000000005'], missingTotal: 1 });
  });

  it('MUST report the target segment itself missing (not yet archived)', () => {
    const files = segments(1, 2, 6);
    const result = archiveContinuity({ location: '/archive', files, from: at(1, '0/2000028'), to: at(1, '0/7000100') });
    expect(result).toMatchObject({
      to: '000000010000000000000007',
      missing: ['000000010000000000000007'],
      missingTotal: 1,
    });
  });

  it('reads pgBackRest repository names, compressed or not, with a directory in front', () => {
    const sha = 'a'.repeat(40);
    const files = [
      `000000010000000000000003-${sha}.gz`,
      `0000000100000000/000000010000000000000004-${sha}`,
      `000000010000000000000005-${sha}.zst`,
    ];
    expect(
      archiveContinuity({ location: 'repo1', files, from: at(1, '0/3000028'), to: at(1, '0/6000000') }),
    ).toMatchObject({
      missing: ['000000010000000000000006'],
      missingTotal: 1,
    });
  });

  it('MUST NOT count a .partial, a .backup file or an unknown suffix as the segment', () => {
    const sha = 'b'.repeat(40);
    const files = [
      '000000010000000000000003',
      '000000010000000000000004.partial',
      `000000010000000000000005.partial-${sha}.gz`,
      '000000010000000000000006.00000028.backup',
      '000000010000000000000007.tmp',
    ];
    const result = archiveContinuity({ location: '/archive', files, from: at(1, '0/3000000'), to: at(1, '0/7000000') });
    expect(result.missing).toEqual([
      '000000010000000000000004',
      '000000010000000000000005',
      '000000010000000000000006',
      '000000010000000000000007',
    ]);
    expect(result.missingTotal).toBe(4);
  });

  it('across a timeline switch: segments count on either timeline, a gap is named on the timeline that holds it then', () => {
    // timeline 1 ends inside segment 5 (its .partial), timeline 2 goes on from segment 5
    const files = [...segments(1, 2, 4), '000000010000000000000005.partial', '00000002.history', ...segments(2, 5, 9)];
    const from = at(1, '0/2000028');
    const to = at(2, '0/9000100');
    expect(archiveContinuity({ location: '/archive', files, from, to })).toMatchObject({
      from: '000000010000000000000002',
      to: '000000020000000000000009',
      missing: [],
      missingTotal: 0,
    });
    const gapAfterSwitch = files.filter((f) => f !== '000000020000000000000007');
    expect(archiveContinuity({ location: '/archive', files: gapAfterSwitch, from, to }).missing).toEqual([
      '000000020000000000000007',
    ]);
    const gapAtSwitch = files.filter((f) => f !== '000000020000000000000005');
    expect(archiveContinuity({ location: '/archive', files: gapAtSwitch, from, to }).missing).toEqual([
      '000000020000000000000005',
    ]);
    const gapBefore = files.filter((f) => f !== '000000010000000000000003');
    expect(archiveContinuity({ location: '/archive', files: gapBefore, from, to }).missing).toEqual([
      '000000010000000000000003',
    ]);
  });

  it("ignores timelines outside from..to: another history is not this recovery's", () => {
    const files = [...segments(1, 2, 3), ...segments(3, 4, 5)];
    const result = archiveContinuity({ location: '/archive', files, from: at(1, '0/2000000'), to: at(2, '0/5000000') });
    expect(result.missing).toEqual(['000000010000000000000004', '000000020000000000000005']);
  });

  it("wraps across the log boundary: …000000FF is followed by the next log's …00000000", () => {
    const files = [
      '0000000100000000000000FE',
      '0000000100000000000000FF',
      '000000010000000100000000',
      '000000010000000100000002',
    ];
    const from = at(1, '0/FE000028');
    const to = at(1, '1/2000100');
    expect(archiveContinuity({ location: '/archive', files, from, to })).toEqual({
      location: '/archive',
      from: '0000000100000000000000FE',
      to: '000000010000000100000002',
      missing: ['000000010000000100000001'],
      missingTotal: 1,
    });
    const wrapMissing = files.filter((f) => f !== '000000010000000100000000');
    expect(archiveContinuity({ location: '/archive', files: wrapMissing, from, to }).missing).toEqual([
      '000000010000000100000000',
      '000000010000000100000001',
    ]);
  });

  it('lists at most 100 missing segments, ascending, and counts them all', () => {
    const result = archiveContinuity({ location: '/archive', files: [], from: at(1, '0/0'), to: at(1, '1/FFFFFFFF') });
    expect(result.missingTotal).toBe(512);
    expect(result.missing).toHaveLength(100);
    expect(result.missing[0]).toBe('000000010000000000000000');
    expect(result.missing[99]).toBe('000000010000000000000063');
  });

  it('refuses a target before the start', () => {
    expect(() =>
      archiveContinuity({ location: '/archive', files: [], from: at(1, '0/5000000'), to: at(1, '0/3000000') }),
    ).toThrow(RangeError);
    expect(() =>
      archiveContinuity({ location: '/archive', files: [], from: at(2, '0/3000000'), to: at(1, '0/5000000') }),
    ).toThrow(RangeError);
  });
});

describe('newestArchived', () => {
  it('is where the newest complete segment starts, across logs and timelines, ignoring partial and history files', () => {
    expect(
      newestArchived([
        '000000010000000000000003',
        '0000000100000001000000FE.gz',
        '000000020000000100000002.partial',
        '00000002.history',
        '000000010000000000000004.00000028.backup',
      ]),
    ).toEqual({ timeline: 1, lsn: '1/FE000000' });
    expect(newestArchived(['000000010000000000000003', '000000020000000000000003'])).toEqual({
      timeline: 2,
      lsn: '0/3000000',
    });
  });

  it('is null for an archive without a complete segment', () => {
    expect(newestArchived(['00000002.history', '000000010000000000000001.partial'])).toBeNull();
  });
});
