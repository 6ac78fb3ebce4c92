import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from './json-schema.ts';

const COMMITTED = path.resolve(import.meta.dirname, '../../schema/scenario.schema.json');

describe('scenarioJsonSchema', () => {
  it('equals the committed schema/scenario.schema.json (regenerate with `npm run schema`)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  });

  it('rejects unknown keys and names its draft', () => {
    const schema = scenarioJsonSchema() as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('pgdrill scenario');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name', 'topology']); // steps, chaos or both: checked by the loader
  });
});
