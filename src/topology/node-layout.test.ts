import { describe, expect, it } from 'vitest';
import { logMessage } from './node-layout.ts';

describe('logMessage', () => {
  it("strips the image's log_line_prefix from server and session lines, and leaves other lines whole", () => {
    expect(logMessage('2026-12-04 23:18:12.509 UTC [87] FATAL:  could not start WAL streaming')).toBe(
      'FATAL:  could not start WAL streaming',
    );
    expect(logMessage('2026-12-04 23:11:04.370 UTC [64] postgres@app LOG:  starting logical decoding')).toBe(
      'LOG:  starting logical decoding',
    );
    expect(logMessage('\tDETAIL:  This replication slot has been invalidated')).toBe(
      '\tDETAIL:  This replication slot has been invalidated',
    );
  });
});
