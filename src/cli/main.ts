/** The `pgdrill` command line. Every path ends in an exit code from the contract: 0, 1, 2 or 3. */
import { Command, CommanderError } from 'commander';
import type { ExitCode } from '../errors.ts';
import type { RunCommandOptions } from './run-command.ts';
import type { ListOptions } from './list-command.ts';
import { HARNESS_VERSION } from '../version.ts';
import { DEFAULT_PG_MAJOR } from '../model/pg-major.ts';
import { errorJson, reportError } from './output.ts';
// verify's own imports are node built-ins and the manifest: light enough to load for its help text
import { VERIFY_HELP, verifyCommand } from './verify-command.ts';

// Each command loads only what it uses, in its action: `--version`, `--help`, `validate`, `list`
// and `schema` never load testcontainers, dockerode, pg, execa or the runner (`npm run bench`).

/**
 * A throw nobody awaited (an emitter's 'error', a stray timer) is pgdrill failing, not a verdict:
 * the message is redacted, the running drill's containers are removed, and the exit is 3 —
 * never Node's default stack and exit 1, which would read as "the drill found a problem".
 */
let crashed: Promise<void> | null = null;
function crash(error: unknown): void {
  if (crashed) return;
  reportError(error);
  crashed = (async () => {
    // loaded already when a drill runs (it tracks the run's containers); otherwise nothing to remove
    const { removeActiveRuns } = await import('../topology/active-runs.ts');
    await removeActiveRuns();
  })()
    .catch(() => {})
    .finally(() => process.exit(3));
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

/** Set once `run` has loaded its interrupt handler: then a Ctrl-C's cleanup decides the exit. */
let pendingInterrupt: () => Promise<number> | null = () => null;

// 0-3 from the contract; 130/143 after Ctrl-C / SIGTERM
let exitCode: number = 0;
const act =
  <A extends unknown[]>(fn: (...args: A) => Promise<ExitCode>) =>
  async (...args: A) => {
    exitCode = await fn(...args);
  };

const collect = (value: string, previous: string[] = []) => [...previous, value];

const program = new Command()
  .name('pgdrill')
  .description('Chaos and verification drills for PostgreSQL high availability')
  .version(HARNESS_VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command('run')
  .description('run drills and write their reports')
  .argument('<paths...>', 'scenario files or directories')
  .option(
    '-j, --jobs <n>',
    'drills to run at once, each on its own containers, network and ports (default: one per CPU core, at most one per 1.5 GB of memory)',
  )
  .option(
    '--shard <i/n>',
    'run only shard i of n of the drills (CI machines in a matrix; combine their report folders with `pgdrill merge`)',
  )
  .option(
    '--durations <index.json>',
    "an earlier run's index.json: balance the shards by each drill's duration there (every shard must be given the same file)",
  )
  .option(
    '--pg <majors>',
    'run every scenario on each of these PostgreSQL majors, e.g. 15,17,18, whatever its version says (with more than one, each name ends in @pg<major>)',
  )
  .option('--report-dir <dir>', 'where reports go (default: reports/<run-id>)')
  .option('--seed <n>', "a chaos scenario's schedule is drawn from this seed (default: random, printed)")
  .option(
    '--repeat <n>',
    'run every scenario n times, identically (trials named <scenario>@trial<i>), and report each one as a distribution: verdicts by outcome (a verdict that changes is FLAKY), RTO p50/p95/max, lost writes, latency p99; also trials.json',
  )
  .option(
    '--tag <tag>',
    "only scenarios with this tag; '!tag' leaves them out, a+b needs both (repeatable: any inclusion, no exclusion)",
    collect,
  )
  .option('--grep <pattern>', 'only scenarios whose name matches this regular expression (case-insensitive)')
  .option('--json', 'print the results as JSON on stdout and nothing else')
  .option(
    '--sign-key <file>',
    'sign manifest.sha256 into manifest.sha256.sig with this Ed25519 private key (PEM, PKCS#8; make one: openssl genpkey -algorithm ed25519 -out key.pem, public half: openssl pkey -in key.pem -pubout -out key.pub)',
  )
  .option(
    '--reporter <name>',
    'what to print: terminal (default), tap (TAP 14 on stdout) or github (::error annotations, on by itself in GitHub Actions); repeatable',
    collect,
  )
  .option('--dry-run', 'start nothing: print what each drill would do (as pgdrill plan)')
  .option(
    '--step',
    'before each step, show what comes and the cluster as it stands, and wait for Enter (c: run the rest)',
  )
  .option(
    '--keep <when>',
    'leave the cluster up after the verdict: on-failure or always; prints how to connect to every node and `pgdrill clean <run>` to remove it',
  )
  .option('--junit <file>', 'also write JUnit XML here: one test case per scenario, invalid files as failures')
  .option('--allure <dir>', 'also write Allure results into this directory (for allure generate / Allure 3)')
  .action(
    act(async (paths: string[], options: RunCommandOptions & { dryRun?: boolean }) => {
      if (options.dryRun) return (await import('./plan-command.ts')).planCommand(paths, options);
      const { runCommand } = await import('./run-command.ts');
      pendingInterrupt = (await import('./interrupt.ts')).pendingInterrupt;
      return runCommand(paths, options);
    }),
  );

program
  .command('explore')
  .description(
    'draw fault schedules from a chaos scenario and run each; shrink the first that breaks an invariant to the smallest that still does, written as a scenario with fixed steps',
  )
  .argument('<file>', 'a scenario with a chaos block')
  .option('--runs <n>', 'schedules to draw and run (default 10)')
  .option(
    '--seed <n>',
    'the seed every schedule is drawn from (default: random, printed); the same seed draws the same schedules',
  )
  .option('--shrink-runs <n>', 'drills the shrinking may run after the first failure (default 10)')
  .option('--trials <n>', 'runs of each shrink candidate before a pass counts (default 2)')
  .option('--report-dir <dir>', 'where reports go (default: reports/<run-id>)')
  .option('--json', 'print the results as JSON on stdout and nothing else')
  .action(
    act(async (file: string, options: Record<string, string | boolean | undefined>) => {
      const { exploreCommand } = await import('./explore-command.ts');
      pendingInterrupt = (await import('./interrupt.ts')).pendingInterrupt;
      return exploreCommand(file, options);
    }),
  );

program
  .command('replay')
  .description('run the faults of an earlier chaos drill again, exactly: same faults, targets and times')
  .argument('<path>', "a drill's folder from explore or run (it holds schedule.json), or a schedule.json")
  .option('--report-dir <dir>', 'where reports go (default: reports/<run-id>)')
  .option('--json', 'print the results as JSON on stdout and nothing else')
  .action(
    act(async (target: string, options: { reportDir?: string; json?: boolean }) => {
      const { replayCommand } = await import('./replay-command.ts');
      pendingInterrupt = (await import('./interrupt.ts')).pendingInterrupt;
      return replayCommand(target, options);
    }),
  );

program
  .command('merge')
  .description(
    'combine the report folders of several runs (the shards of `run --shard`) into one run folder: one index, one manifest',
  )
  .argument('<dirs...>', 'run directories, each as its run wrote it (it must verify)')
  .requiredOption('--out <dir>', 'the new, empty run directory to write')
  .option('--sign-key <file>', 'sign the merged manifest.sha256 with this Ed25519 private key (PEM, PKCS#8)')
  .action(
    act(async (dirs: string[], options: { out: string; signKey?: string }) =>
      (await import('./merge-command.ts')).mergeCommand(dirs, options),
    ),
  );

program
  .command('verify')
  .description('check that a report directory is as its run wrote it (manifest.sha256, and its signature)')
  .argument('<report-dir>', 'the run directory, holding manifest.sha256, or a folder of them (e.g. reports)')
  .option('--public-key <file>', 'also check manifest.sha256.sig with this Ed25519 public key (PEM)')
  .option('--json', 'the verdict of each run as JSON on stdout')
  .addHelpText('after', VERIFY_HELP)
  .action(act(verifyCommand));
program
  .command('architectures')
  .description(
    "the seed architectures' claims and their verdicts, from the latest run of each drill (docs/architectures.md)",
  )
  .argument('<dirs...>', 'run directories (reports/<run-id>) or folders of them (e.g. reports/)')
  .option('--out <file>', 'write the Markdown here instead of stdout, e.g. docs/architectures.md')
  .action(
    act(async (dirs: string[], options: { out?: string }) =>
      (await import('./architectures-command.ts')).architecturesCommand(dirs, options),
    ),
  );
program
  .command('history')
  .description('compare runs: RTO trend per scenario and verdicts, as one self-contained history.html')
  .argument('<dirs...>', 'run directories (reports/<run-id>) or folders of them (e.g. reports/)')
  .option('--out <file>', 'where to write the page (default: ./history.html; a directory gets history.html inside)')
  .action(
    act(async (dirs: string[], options: { out?: string }) =>
      (await import('./history-command.ts')).historyCommand(dirs, options),
    ),
  );
program
  .command('validate')
  .description('check scenario files without running them')
  .argument('<paths...>')
  .option('--json', 'the scenarios as JSON (their problems too, on failure)')
  .action(
    act(async (paths: string[], options: { json?: boolean }) =>
      (await import('./commands.ts')).validateCommand(paths, options),
    ),
  );
program
  .command('new')
  .description('write a starting scenario, commented, with the schema line editors complete from')
  .argument('<name>', 'the scenario name: lowercase letters, digits and "-"')
  .option('--from <scenario>', 'start from this scenario file (written beside it unless --dir)')
  .option('--dir <dir>', "where to write <name>.yaml (default: scenarios, or the --from file's folder)")
  .option('--force', 'replace an existing file')
  .action(
    act(async (name: string, options: { from?: string; dir?: string; force?: boolean }) =>
      (await import('./new-command.ts')).newCommand(name, options),
    ),
  );
program
  .command('plan')
  .description(
    'what drills would do, starting nothing: topology, image, workload, each step and its targets, expectations with units',
  )
  .argument('<paths...>', 'scenario files or directories')
  .option('--pg <majors>', 'as run --pg')
  .option('--seed <n>', 'as run --seed: the chaos schedule it would draw (default 0)')
  .option('--tag <tag>', 'as run --tag', collect)
  .option('--grep <pattern>', 'as run --grep')
  .option('--json', 'as JSON (schemaVersion 1)')
  .action(
    act(
      async (paths: string[], options: { pg?: string; seed?: string; tag?: string[]; grep?: string; json?: boolean }) =>
        (await import('./plan-command.ts')).planCommand(paths, options),
    ),
  );
program
  .command('list')
  .description('list the scenarios in a directory, one line each: name, steps, tags, last verdict and duration')
  .argument('[dir]', 'directory', 'scenarios')
  .option('--tag <tag>', "only scenarios with this tag; '!tag' leaves them out, a+b needs both (repeatable)", collect)
  .option('--grep <pattern>', 'only scenarios whose name matches this regular expression (case-insensitive)')
  .option('--long', 'also each file and description')
  .option('--json', 'everything about each scenario as JSON')
  .option('--reports <dir>', 'where earlier runs are, for the last verdict (default: reports)')
  .action(
    act(async (dir: string, options: ListOptions) => (await import('./list-command.ts')).listCommand(dir, options)),
  );
program
  .command('schema')
  .description('print the JSON Schema of scenario files')
  .option('--result', 'print the JSON Schema of result.json instead (docs/result.md)')
  .action(act(async (options: { result?: boolean }) => (await import('./commands.ts')).schemaCommand(options)));
program
  .command('setup')
  .description('install/start what drills need (Docker engine, node image per PostgreSQL major); idempotent')
  .option('--pg <majors>', `PostgreSQL majors whose node images to build, e.g. 15,17,18 (default: ${DEFAULT_PG_MAJOR})`)
  .option('--no-image', 'only the Docker engine: a drill builds the image of its major when it first needs it')
  .action(
    act(async (options: { pg?: string; image: boolean }) => (await import('./commands.ts')).setupCommand(options)),
  );
program
  .command('doctor')
  .description(
    'say what is missing and how to get it, and which fault kinds this host can inject (tried in a throwaway container); changes nothing',
  )
  .option('--json', 'the findings as JSON')
  .action(act(async (options: { json?: boolean }) => (await import('./doctor.ts')).doctorCommand(options)));
program
  .command('clean')
  .description(
    "remove every container, network and volume pgdrill left behind, or one run's (a cluster kept with --keep)",
  )
  .argument('[run-id]', 'only this drill run (as `--keep` printed it)')
  .option('--all', 'also remove those of drills still running in other pgdrill processes')
  .action(
    act(async (runId: string | undefined, options: { all?: boolean }) =>
      (await import('./commands.ts')).cleanCommand(options, runId),
    ),
  );

// a command asked for JSON: its errors are JSON on stdout too (and stderr keeps the words)
const wantsJson = process.argv.includes('--json');
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (pendingInterrupt()) {
    // the abort surfaced here; the interrupt handler decides the exit once cleanup is done
  } else if (error instanceof CommanderError) {
    // help and --version exit 0; any other command-line mistake is exit 2
    exitCode = error.exitCode === 0 ? 0 : 2;
    if (exitCode === 2 && wantsJson)
      process.stdout.write(
        `${JSON.stringify({ schemaVersion: 1, ok: false, exitCode, error: { code: error.code, message: error.message.replace(/^error: /, '') } }, null, 2)}\n`,
      );
  } else {
    exitCode = reportError(error);
    if (wantsJson) process.stdout.write(errorJson(error, exitCode));
  }
}
const interrupted = pendingInterrupt();
if (interrupted) exitCode = await interrupted;
// a crash during the command owns the exit (3), once its cleanup is done
if (crashed) await crashed;
// pg pools and sockets may linger for a moment; the verdict is final, so leave now.
process.exit(exitCode);
