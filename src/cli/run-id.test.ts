import { describe, expect, it } from 'vitest';
import { newRunId } from './run-id.ts';

describe('newRunId', () => {
  it('is sortable by time and valid in Docker names', () => {
    const id = newRunId(new Date('2026-11-21T04:37:02.123Z'));
    expect(id).toMatch(/^20261121-043702-[0-9a-f]{4}$/);
    expect(id).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/);
  });
});
