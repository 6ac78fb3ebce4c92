import { describe, expect, it } from 'vitest';
import { demuxDockerLog } from './container-file.ts';

const frame = (stream: 1 | 2, text: string) => {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
};

describe('demuxDockerLog', () => {
  it('joins stdout and stderr frames in order, without their headers', () => {
    const log = Buffer.concat([frame(1, 'ready\n'), frame(2, 'LOG:  database system is ready\n'), frame(1, 'bye\n')]);
    expect(demuxDockerLog(log)).toBe('ready\nLOG:  database system is ready\nbye\n');
  });

  it('ignores a truncated trailing header', () => {
    expect(demuxDockerLog(Buffer.concat([frame(1, 'a'), Buffer.from([1, 0, 0])]))).toBe('a');
  });
});
