/**
 * The quick commands load only what they use: never Docker's client, testcontainers, pg, execa or
 * the runner. Checked on the real `bin/pgdrill.mjs` in a fresh process, with a module-resolution
 * hook that writes down every module the process loads. How fast they are is `npm run bench`'s
 * business, not a test's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'pgdrill.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'pgdrill-startup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Runs in Node's hooks thread: appends each resolved URL to the file named by PGDRILL_TRACE.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.PGDRILL_TRACE, resolved.url + '\\n');
  return resolved;
}`;
const REGISTER = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** Every module `pgdrill ARGS` loads (paths relative to the repository), and its exit code. */
function loadedModules(
  name: string,
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stderr: string; modules: string[] } {
  const trace = path.join(work, `${name}.txt`);
  const run = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, BIN, ...args],
    { cwd: ROOT, env: { ...process.env, ...env, PGDRILL_TRACE: trace }, encoding: 'utf8', timeout: 60_000 },
  );
  const urls = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  // the compiled CLI (dist/X.js) counts as the source it was built from (src/X.ts)
  const modules = [...new Set(urls)].map((url) =>
    url.startsWith('file:')
      ? path
          .relative(ROOT, fileURLToPath(url))
          .split(path.sep)
          .join('/')
          .replace(/^dist\/(.*)\.js$/, 'src/$1.ts')
      : url,
  );
  return { status: run.status, stderr: run.stderr, modules };
}

/**
 * What only drills need: the container stack, the database driver, child processes, the runner.
 * The step kinds' descriptors (src/faults, src/procedures/registry.ts, descriptor.ts and kinds/)
 * are what validation reads; .dependency-cruiser.cjs keeps their static imports light, and the
 * handlers they load when a step runs are still counted here.
 */
const HEAVY =
  /node_modules\/(testcontainers|dockerode|docker-modem|pg|pg-pool|execa)\/|^src\/(run|workload|setup|steps)\/|^src\/topology\/(?!(workload-database|node-layout)\.ts$)|^src\/procedures\/(?!registry\.ts$|descriptor\.ts$|kinds\/)/;

describe('quick commands load nothing a drill needs', () => {
  const cases: [string, string[]][] = [
    ['version', ['--version']],
    ['help', ['--help']],
    ['validate', ['validate', 'scenarios/failover/kill-primary.yaml']],
    ['list', ['list']],
    ['schema', ['schema']],
  ];
  // bin/pgdrill.mjs runs dist/ when it is built and current, else the sources: both must stay light
  const modes: [string, Record<string, string>][] = [
    ['as bin chooses', {}],
    ['from the sources', { PGDRILL_FROM_SOURCE: '1' }],
  ];
  const runs = modes.flatMap(([mode, env]) => cases.map(([name, args]) => [`${name} (${mode})`, args, env] as const));
  it.each(runs)('pgdrill %s', { timeout: 90_000 }, (name, args, env) => {
    const { status, stderr, modules } = loadedModules(name.replace(/\W+/g, '-'), [...args], env);
    expect(status, stderr).toBe(0);
    expect(modules).toContain('src/cli/main.ts'); // the hook saw the CLI load
    expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('the check itself sees the heavy modules when they are loaded (pgdrill clean loads Docker’s client)', {
    timeout: 90_000,
  }, () => {
    // DOCKER_HOST pointing nowhere: clean loads its modules, finds no engine and exits 3
    const { status, modules } = loadedModules('clean', ['clean'], {
      DOCKER_HOST: 'unix:///tmp/pgdrill-no-such-docker.sock',
    });
    expect(status).toBe(3);
    expect(modules.filter((m) => HEAVY.test(m))).not.toEqual([]);
  });
});
