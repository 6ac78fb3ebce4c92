import { describe, expect, it } from 'vitest';
import { exitCodeFor } from './exit-code.ts';

describe('exitCodeFor', () => {
  it('is 0 only when every scenario passed', () => {
    expect(exitCodeFor([{ status: 'passed' }, { status: 'passed' }])).toBe(0);
  });

  it('is 1 when a drill found a problem', () => {
    expect(exitCodeFor([{ status: 'passed' }, { status: 'failed' }])).toBe(1);
  });

  it('is 3 when the infrastructure broke, even if another drill failed: an error is never a verdict', () => {
    expect(exitCodeFor([{ status: 'failed' }, { status: 'error' }])).toBe(3);
  });
});
