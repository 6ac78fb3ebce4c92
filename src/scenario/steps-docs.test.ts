import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../faults/registry.ts';
import { PROCEDURE_KINDS } from '../procedures/registry.ts';
import { scenarioStepsMarkdown } from './steps-docs.ts';

const COMMITTED = path.resolve(import.meta.dirname, '../../docs/scenario-steps.md');

describe('docs/scenario-steps.md', () => {
  it('equals what the registry generates (regenerate: npx tsx scripts/scenario-steps-docs.ts > docs/scenario-steps.md)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(scenarioStepsMarkdown());
  });

  it('has one row per fault and procedure kind, with its keys and their defaults', () => {
    const rows = scenarioStepsMarkdown()
      .split('\n')
      .filter((line) => /^\| `[a-z-]+` \|/.test(line));
    expect(rows.map((row) => row.split('`')[1])).toEqual([...FAULT_KINDS, ...PROCEDURE_KINDS]);
    const diskFull = rows.find((row) => row.startsWith('| `disk-full`'));
    expect(diskFull).toContain('`target` (required)');
    expect(diskFull).toContain('`volume`');
  });
});
