/**
 * schema/result.schema.json (what `pgdrill schema --result` prints) describes the result.json a
 * run really writes, and it is what `npm run schema` generates from src/result/result.ts today.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../report/fixtures/load.ts';
import { ReportWriter } from '../report/writer.ts';
import { RESULT_SCHEMA_VERSION, type ScenarioResult } from '../result/result.ts';
import { RESULT_SCHEMA_FILE } from './commands.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const committed = JSON.parse(await readFile(RESULT_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(committed);

/**
 * A real kill-primary run's result.json (fixtures/kill-primary-v1, written by this schema
 * version's runner), passed through ReportWriter again. The older kill-primary fixture predates
 * the verdict fields, so it is not a result.json of schema version 1.
 */
let written: Record<string, unknown>;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-result-schema-'));
  const { samplesText } = loadFixture('kill-primary');
  const { schemaVersion: _, ...result } = JSON.parse(
    await readFile(new URL('../report/fixtures/kill-primary-v1/result.json', import.meta.url), 'utf8'),
  ) as ScenarioResult & { schemaVersion: number };
  const writer = new ReportWriter({ reportDir: dir, secrets: [] });
  const scenarioDir = await writer.writeScenario(result, { 'pg-1': 'log' }, { 'samples.json': samplesText });
  written = JSON.parse(await readFile(path.join(scenarioDir, 'result.json'), 'utf8')) as Record<string, unknown>;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const errorsOf = (value: unknown) => (validate(value) ? [] : (validate.errors ?? []));

describe('result.json schema', () => {
  it('accepts the result.json of a real run, which carries schemaVersion', () => {
    expect(written.schemaVersion).toBe(RESULT_SCHEMA_VERSION);
    expect(errorsOf(written)).toEqual([]);
  });

  it.each([
    ['an unknown verdict', (r: Record<string, unknown>) => ({ ...r, status: 'maybe' })],
    ['no schemaVersion', ({ schemaVersion: _, ...r }: Record<string, unknown>) => r],
    ['another schemaVersion', (r: Record<string, unknown>) => ({ ...r, schemaVersion: RESULT_SCHEMA_VERSION + 1 })],
    ['steps missing', ({ steps: _, ...r }: Record<string, unknown>) => r],
    ['a key of no field', (r: Record<string, unknown>) => ({ ...r, verdictt: 'passed' })],
    ['a duration as text', (r: Record<string, unknown>) => ({ ...r, durationMs: '12 s' })],
  ])('rejects a result with %s', (_, alter) => {
    expect(errorsOf(alter(written)).length).toBeGreaterThan(0);
  });

  it('is what `npm run schema` generates from src/result/result.ts (run it after changing the types)', {
    timeout: 120_000,
  }, () => {
    const generated = createGenerator({
      path: path.join(ROOT, 'src/result/result.ts'),
      type: 'ResultFile',
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      skipTypeCheck: true,
    }).createSchema('ResultFile');
    expect(committed, 'schema/result.schema.json is stale: run `npm run schema`').toEqual(
      JSON.parse(JSON.stringify(generated)),
    );
  });
});
