/**
 * `pgdrill validate` stays cheap: loading scenarios (and so every step descriptor) must not load
 * Docker, PostgreSQL or process-runner libraries. A resolve hook reports every module that does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const HEAVY = /node_modules\/(pg|dockerode|testcontainers|execa)\//;
const ROOT = path.resolve(import.meta.dirname, '../..');

/** The heavy modules importing `module` and running `code` resolves. */
function heavyModulesLoadedBy(module: string, code: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgdrill-load-'));
  const hook = path.join(dir, 'hook.mjs');
  writeFileSync(
    hook,
    `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (${HEAVY}.test(resolved.url)) process.stdout.write('HEAVY ' + resolved.url + '\\n');
  return resolved;
}`,
  );
  const register = path.join(dir, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`,
  );
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      register,
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, module)).href)});\n${code}`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return out.split('\n').filter((line) => line.startsWith('HEAVY '));
}

describe('the scenario loader', () => {
  it('loads every shipped scenario without loading pg, dockerode, testcontainers or execa', () => {
    expect(heavyModulesLoadedBy('src/scenario/load.ts', "await m.loadScenarios(['scenarios']);")).toEqual([]);
  }, 60_000);

  it('is watched by a hook that does see them where they are loaded (the runner)', () => {
    expect(heavyModulesLoadedBy('src/run/steps.ts', '')).not.toEqual([]);
  }, 60_000);
});
