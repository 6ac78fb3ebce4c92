/**
 * The import rules of pgdrill's layers, checked by `npm run lint` (so by `npm test` and CI).
 * Data flows one way: scenario → plan → topology → run (workload ∥ steps: faults, procedures)
 * → evidence → checks → result → report. Nothing downstream imports upstream internals.
 * src/model (what a scenario is made of: its types, value schemas and the step-kind contract)
 * sits under all of them, so the step kinds and the scenario loader that lists them share it
 * without importing each other both ways.
 */
const layer = (name) => `^src/${name}/`;
const anyOf = (...names) => `^src/(${names.join('|')})/`;
/** What drives a drill: the command line, set-up, plan, cluster, runner and the step kinds. */
const DRIVERS = ['run', 'topology', 'procedures', 'faults', 'steps', 'workload', 'cli', 'plan', 'setup'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'model-is-the-vocabulary',
      severity: 'error',
      comment: 'the scenario model is plain types and value schemas: it imports no other layer',
      from: { path: layer('model') },
      to: { path: '^src/', pathNot: '^src/(model/|errors\\.ts$)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'an import cycle ties two modules into one (type-only imports count too)',
      from: {},
      to: { circular: true },
    },
    {
      name: 'evidence-is-the-bottom',
      severity: 'error',
      comment: 'what the run records is read by checks and reports: it depends on nothing that runs',
      from: { path: layer('evidence') },
      to: {
        path: anyOf(...DRIVERS, 'checks', 'result', 'report'),
      },
    },
    {
      name: 'checks-are-pure',
      severity: 'error',
      comment: 'checkers are pure functions of the evidence: no Docker, no PostgreSQL, no runner',
      from: { path: layer('checks') },
      to: {
        path: anyOf(...DRIVERS, 'result', 'report'),
      },
    },
    {
      name: 'result-model-stands-alone',
      severity: 'error',
      from: { path: layer('result') },
      to: {
        path: anyOf('run', 'topology', 'procedures', 'faults', 'steps', 'workload', 'report', 'cli', 'plan', 'setup'),
      },
    },
    {
      name: 'reports-read-the-run-model',
      severity: 'error',
      comment: 'reporters observe one serialisable run model; they never import the runner',
      from: { path: layer('report') },
      to: { path: anyOf('run', 'topology', 'procedures', 'faults', 'steps', 'workload', 'cli', 'plan', 'setup') },
    },
    {
      name: 'faults-procedures-workload-independent',
      severity: 'error',
      comment: 'Jepsen: nemesis, operators and clients meet only in the history and the evidence',
      from: { path: '^src/(faults|procedures|workload)/' },
      to: { path: '^src/(faults|procedures|workload)/', pathNot: '^src/$1/' },
    },
    {
      name: 'steps-do-not-drive-the-run',
      severity: 'error',
      from: { path: '^src/(faults|procedures|workload|steps)/' },
      to: { path: anyOf('run', 'cli', 'report', 'checks', 'result', 'plan', 'setup') },
    },
    {
      name: 'topology-below-the-run',
      severity: 'error',
      from: { path: layer('topology') },
      to: {
        path: anyOf('run', 'procedures', 'faults', 'steps', 'workload', 'checks', 'result', 'report', 'cli', 'plan'),
      },
    },
    {
      name: 'scenario-is-the-top-input',
      severity: 'error',
      comment:
        "the one way in: the fault and procedure registries, whose descriptors own their kind's schema fragment, defaults, targets and title (see step-kinds-load-light)",
      from: { path: layer('scenario') },
      to: {
        pathNot: '^src/(faults|procedures)/registry\\.ts$',
        path: anyOf(
          'run',
          'topology',
          'procedures',
          'faults',
          'steps',
          'workload',
          'checks',
          'result',
          'report',
          'cli',
          'plan',
          'setup',
          'evidence',
        ),
      },
    },
    {
      name: 'through-the-runtime-seam',
      severity: 'error',
      comment:
        'faults, procedures, steps and the run act on members through topology/runtime.ts (StartedTopology, PostgresMember, Member), so another runtime can implement it; only run-scenario.ts picks the Docker runtime',
      from: { path: '^src/(faults|procedures|steps|run)/', pathNot: '^src/run/run-scenario\\.ts$' },
      to: {
        path: '^src/topology/(cluster|docker-client|docker-runtime|pg-node|sidecar|pgbouncer|patroni|endpoint)\\.ts$',
      },
    },
    {
      name: 'step-kinds-load-light',
      severity: 'error',
      comment:
        'the scenario loader imports every step descriptor (for the schema), so `pgdrill validate` must not load Docker, pg or a process runner through them: descriptors act through types and load heavy helpers (and, for procedures, the handler modules) inside their handlers',
      from: { path: '^src/(faults/|procedures/(kinds/|registry\\.ts$|descriptor\\.ts$))' },
      to: {
        dependencyTypesNot: ['type-only', 'dynamic-import'],
        path: [
          '^src/topology/(cluster|docker-client|pg-node|sidecar|pgbouncer|endpoint)\\.ts$',
          'node_modules/(pg|dockerode|testcontainers|execa)/',
          '^src/procedures/(?!kinds/|registry\\.ts$|descriptor\\.ts$)[^/]+\\.ts$',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|^src/checks/test-evidence\\.ts$|^src/report/fixtures/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js'] },
  },
};
