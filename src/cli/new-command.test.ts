import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { parseScenario } from '../scenario/load.ts';
import { newCommand } from './new-command.ts';

describe('pgdrill new', () => {
  it('writes a commented starting scenario that loads, with a schema line from its own folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-new-'));
    await newCommand('my-first-drill', { dir });
    const text = await readFile(path.join(dir, 'my-first-drill.yaml'), 'utf8');
    const [schemaLine] = text.split('\n');
    const schema = /\$schema=(.+)$/.exec(schemaLine ?? '')?.[1] ?? '';
    expect(path.resolve(dir, schema)).toBe(path.resolve('schema/scenario.schema.json'));
    const scenario = parseScenario(text, path.join(dir, 'my-first-drill.yaml'));
    expect(scenario.name).toBe('my-first-drill');
    expect(scenario.steps.length).toBeGreaterThan(0);
  });

  it('copies --from under the new name, the files it names still found from the new folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-new-'));
    await newCommand('copy', { from: 'scenarios/failover/kill-primary.yaml', dir });
    const file = path.join(dir, 'copy.yaml');
    const scenario = parseScenario(await readFile(file, 'utf8'), file);
    expect(scenario.name).toBe('copy');
    expect(scenario.data.sqlFile).toBe(path.resolve('fixtures/sql/app-schema.sql'));
  });

  it('refuses a name that cannot be one, and an existing file without --force', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-new-'));
    await expect(newCommand('Bad_Name', { dir })).rejects.toThrow(UsageError);
    await newCommand('twice', { dir });
    await expect(newCommand('twice', { dir })).rejects.toThrow(/exists: choose another name, or --force/);
    await expect(newCommand('twice', { dir, force: true })).resolves.toBe(0);
  });
});
