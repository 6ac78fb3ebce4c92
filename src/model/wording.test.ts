import { describe, expect, it } from 'vitest';
import { QUOTE_LIMIT, quote } from './wording.ts';

describe('quote', () => {
  it('quotes and escapes a short value whole', () => {
    expect(quote('pg-9')).toBe('"pg-9"');
    expect(quote('a"b\nc')).toBe('"a\\"b\\nc"');
  });

  it('quotes a long value by its beginning and length, never the whole of it (issue 15)', () => {
    const pasted = `x${'y'.repeat(1_000_000)}`;
    const quoted = quote(pasted);
    expect(quoted.length).toBeLessThan(QUOTE_LIMIT + 40);
    expect(quoted).toBe(`"x${'y'.repeat(QUOTE_LIMIT - 1)}"… (1000001 characters)`);
  });
});
