/**
 * report.html's audit sections: the masthead with its headline cards, objective and scope, the
 * run and its environment, targets vs achieved, and the deviations with their evidence.
 */
import type { NodeSample } from '../evidence/evidence.ts';
import type { ScenarioResult } from '../result/result.ts';
import { VERDICT, expectationVerdict, formatDuration, formatOffset, shownStatus } from './format.ts';
import { type Cell, badge, dl, escapeHtml, externalLink, fileLink, p, section, table } from './html-kit.ts';
import { type TargetRow, type Verdict, deviations, targetRows } from './targets.ts';
import { byName, nodeNames, stepKind, stepLabel } from './timeline-model.ts';

const VERDICT_BADGE: Record<Verdict, [Parameters<typeof badge>[0], string]> = {
  pass: ['pass', 'PASS'],
  fail: ['fail', 'FAIL'],
  'not-measured': ['nm', 'NOT MEASURED'],
  untargeted: ['info', 'NO TARGET'],
};
const CARD: Record<string, string> = {
  'rpo.lostTransactions': 'RPO (lost)',
  'rto.maxSeconds': 'RTO',
  checksums: 'Checksums',
  'convergence.within': 'Convergence',
  splitBrain: 'Split-brain',
};
const STANDARD_NAMES = Object.keys(CARD);

/** The title, verdict, headline cards (a card per standard check, coloured by its verdict) and a table of contents. */
export function masthead(r: ScenarioResult, rows: TargetRow[], toc: [string, string][]): string {
  const declared = r.expectations.length;
  const passed = r.expectations.filter((e) => e.passed).length;
  const unmeasured = r.expectations.filter((e) => expectationVerdict(e) === 'not-measured').length;
  const expCard: [string, string, string] = [
    'Expectations',
    declared ? `${passed} of ${declared} passed${unmeasured ? `, ${unmeasured} not measured` : ''}` : 'none declared',
    declared === 0
      ? 'untargeted'
      : passed === declared
        ? 'pass'
        : passed + unmeasured === declared
          ? 'not-measured'
          : 'fail',
  ];
  const std = rows
    .slice(0, STANDARD_NAMES.length)
    .map((row, i): [string, string, string] => [
      CARD[STANDARD_NAMES[i]!]!,
      row.achieved,
      row.anomaly ? 'warn' : row.verdict,
    ]);
  const cards = [
    expCard,
    ...std,
    ['Duration', formatDuration(r.durationMs), 'untargeted'] as [string, string, string],
  ].map(
    ([k, v, verdict]) =>
      `<div class="card ${verdict}"><div class="k">${escapeHtml(k)}</div><div class="v">${escapeHtml(v)}</div></div>`,
  );
  const shown = shownStatus(r);
  return [
    `<header class="masthead ${shown}">`,
    `<div class="kicker">pgdrill drill report · ${escapeHtml(r.startedAt)}</div>`,
    `<h1>${escapeHtml(r.scenario)} <span class="verdict ${shown}">${VERDICT[shown]}</span></h1>`,
    `<div class="cards">${cards.join('')}</div>`,
    `<nav class="toc">${toc.map(([id, title]) => `<a href="#${id}">${escapeHtml(title)}</a>`).join('')}</nav>`,
    '</header>',
  ].join('\n');
}

interface NodeFacts {
  node: string;
  start: string;
  end: string;
  timelines: string;
  kind: string;
}

/** Role at start and end, timelines seen, and what kind of node it is, from the samples (else the "cluster up" event). */
function nodeFacts(r: ScenarioResult, samples: NodeSample[]): NodeFacts[] {
  const clusterUp = r.timeline.find((e) => e.message.startsWith('cluster up:'))?.message ?? '';
  const restored = new Map((r.metrics?.recovery.recoveries ?? []).map((x) => [x.node, x]));
  const state = (s: NodeSample) => (s.reachable ? (s.role ?? 'unknown') : 'unreachable');
  return nodeNames(r, samples).map((node) => {
    const mine = samples.filter((s) => s.node === node);
    const tls = [...new Set(mine.flatMap((s) => (s.timeline === null ? [] : [s.timeline])))];
    const announced = new RegExp(`\\b${node.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\((\\w+)\\)`).exec(clusterUp)?.[1];
    const x = restored.get(node);
    const kind = mine.length ? 'sampled' : x ? `${x.kind} target (step ${x.stepIndex + 1})` : 'not sampled';
    return {
      node,
      start: mine[0] ? state(mine[0]) : (announced ?? '—'),
      end: mine.at(-1) ? state(mine.at(-1)!) : x?.endedAs ? `${x.endedAs} (restored)` : '—',
      timelines: tls.length ? tls.join(' → ') : x?.timeline != null ? String(x.timeline) : '—',
      kind,
    };
  });
}

/** Objective and scope: what the drill set out to prove, on which nodes, with which faults and procedures. */
export function scopeSection(r: ScenarioResult, samples: NodeSample[]): string {
  const steps = (kind: string) => r.steps.filter((s) => stepKind(s) === kind);
  const list = (kind: string) => {
    const xs = steps(kind);
    if (xs.length === 0) return { html: '<span class="muted">none</span>' };
    return {
      html: `<ul>${xs.map((s) => `<li>step ${s.index + 1}: ${escapeHtml(stepLabel(s))}${s.node ? ` on <b>${escapeHtml(s.node)}</b>` : ''} <span class="muted">at ${formatOffset(s.startedAtMs)}</span></li>`).join('')}</ul>`,
    };
  };
  const waits = steps('wait');
  const workload = r.timeline.find((e) => /^workload: /.test(e.message))?.message.replace(/^workload: /, '');
  const facts = nodeFacts(r, samples);
  const sampled = facts.filter((f) => f.kind === 'sampled');
  const topology = sampled.length
    ? `${sampled.length} PostgreSQL node(s) sampled: ${sampled.map((f) => `${f.node} (${f.start} at start)`).join(', ')}`
    : (r.timeline.find((e) => e.message.startsWith('cluster up:'))?.message ?? 'not recorded');
  const logs = new Set(r.artifacts);
  const rows = facts.map((f): Cell[] => [
    f.node,
    f.kind,
    f.start,
    f.end,
    f.timelines,
    logs.has(`logs/${f.node}.log`)
      ? { text: '', cls: 'file', html: fileLink(`logs/${f.node}.log`) }
      : { text: '—', cls: 'muted' },
  ]);
  return section('scope', 'Objective and scope', [
    dl([
      ['Objective', r.description?.trim() || 'not described in the scenario'],
      ['Scenario', `${r.scenario} (${r.file})`],
      ['Tags', r.tags.length ? r.tags.join(', ') : 'none'],
      ['Topology', topology],
      ['Workload', workload ?? 'none'],
      ['Faults injected', list('fault')],
      ['Procedures', list('procedure')],
      ['Waits', waits.length ? waits.map((s) => stepLabel(s)).join(', ') : 'none'],
    ]),
    facts.length
      ? table(['Node', 'Kind', 'Role at start', 'Role at end', 'Timeline(s)', 'Log'], rows)
      : p('No node is named in the result.'),
  ]);
}

const COMPONENTS = ['postgres', 'pgbouncer', 'patroni', 'etcd', 'haproxy', 'pgbackrest'];
const COMPONENT_NAME: Record<string, string> = {
  postgres: 'PostgreSQL',
  pgbouncer: 'PgBouncer',
  patroni: 'Patroni',
  etcd: 'etcd',
  haproxy: 'HAProxy',
  pgbackrest: 'pgBackRest',
};

/** When, how long, who or what ran it, and every version that could change the outcome. */
/** What initdb left: a page checksum guards each data page, or nothing does (pg_rewind then needs wal_log_hints). */
function dataChecksumsText(on: boolean | null | undefined): string {
  if (on === undefined) return 'not recorded';
  if (on === null) return 'could not be read';
  return on ? 'on' : 'off';
}

export function environmentSection(r: ScenarioResult): string {
  const started = Date.parse(r.startedAt);
  const utc = (ms: number) =>
    Number.isFinite(ms) ? new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC') : r.startedAt;
  const env = r.environment;
  const ranBy = env
    ? env.ciJobUrl
      ? { html: `${externalLink(env.ciJobUrl, env.ciJobUrl)} <span class="muted">(${escapeHtml(env.ranBy)})</span>` }
      : env.ranBy
    : 'not recorded';
  const facts = dl([
    ['Run', r.runId],
    ['Started', utc(started)],
    ['Ended', utc(started + r.durationMs)],
    ['Duration', `${formatDuration(r.durationMs)} (${r.durationMs} ms)`],
    ['Ran by', ranBy],
    ['Harness', `pgdrill ${r.harness.version} on Node ${r.harness.node}`],
    ['Docker engine', env?.engine ? `${env.engine.host} (nodes reached at ${env.engine.nodesAt})` : 'not recorded'],
    ['Node image', r.harness.image ?? 'n/a'],
    ['Image ID', { html: r.harness.imageId ? `<code>${escapeHtml(r.harness.imageId)}</code>` : 'n/a' }],
    ['PostgreSQL', r.harness.postgres ?? 'n/a'],
    ['Data checksums', dataChecksumsText(env?.dataChecksums)],
  ]);
  const names = env
    ? [
        ...COMPONENTS,
        ...Object.keys(env.components)
          .filter((c) => !COMPONENTS.includes(c))
          .sort(byName),
      ]
    : [];
  const versions = env
    ? table(
        ['Component', 'Version (as the tool reports it)'],
        names.map((c): Cell[] => {
          const v = env.components[c];
          return [
            COMPONENT_NAME[c] ?? c,
            v ? { text: v, cls: 'mono' } : { text: 'not in the image / unknown', cls: 'muted' },
          ];
        }),
        undefined,
        'components',
      )
    : p('Component versions were not recorded (result.json predates the environment record).');
  return section('environment', 'Run and environment', [
    `<div class="grid2"><div>${facts}</div><div>${versions}</div></div>`,
  ]);
}

/** Targets vs achieved: one row per check with a PASS / FAIL (or NO TARGET) verdict. */
export function targetsSection(r: ScenarioResult, rows: TargetRow[]): string {
  const declared = r.expectations.length;
  // every row with a verdict counts (the procedure's and recoveries' too), not only the declared expectations
  const judged = rows.filter((row) => row.verdict !== 'untargeted');
  const count = (v: TargetRow['verdict']) => judged.filter((row) => row.verdict === v).length;
  const unmeasured = count('not-measured') ? `, ${count('not-measured')} not measured` : '';
  const intro =
    judged.length === 0
      ? p(
          r.status === 'error'
            ? 'No expectation was judged: the drill did not reach the checks.'
            : 'The scenario declares no expectations; what was measured follows.',
        )
      : p(
          `${count('pass')} of ${judged.length} verdict row(s) passed, ${count('fail')} failed${unmeasured} (${declared} declared expectation(s)). Rows marked NOT MEASURED could not be measured (never a pass); rows marked NO TARGET show what was measured without a bound.`,
        );
  const cells = rows.map((row): Cell[] => {
    const [kind, word] = row.anomaly ? (['warn', 'NO TARGET ⚠'] as const) : VERDICT_BADGE[row.verdict];
    return [
      {
        text: row.check,
        cls: 'check',
        html: `${escapeHtml(row.check)}${row.name ? `<span class="sub"><code>${escapeHtml(row.name)}</code></span>` : ''}`,
      },
      row.target,
      {
        text: row.achieved,
        cls: 'achieved',
        html: `${escapeHtml(row.achieved)}${row.detail ? `<span class="sub">${escapeHtml(row.detail)}</span>` : ''}`,
      },
      { text: word, cls: 'verdict-cell', html: badge(kind, word) },
    ];
  });
  const warn = rows.some((row) => row.anomaly)
    ? p('NO TARGET ⚠ marks a check that nothing targets and that went wrong: see Deviations.', 'warn')
    : '';
  return section('targets', 'Targets vs achieved', [
    intro,
    table(['Check', 'Target', 'Achieved', 'Verdict'], cells, (i) => rows[i]?.verdict, 'targets'),
    warn,
  ]);
}

/** Deviations: each failed expectation, failed step or error, with the timeline lines and logs that show it. */
export function deviationsSection(r: ScenarioResult): string {
  const list = deviations(r);
  if (list.length === 0)
    return section('deviations', 'Deviations and evidence', [
      p('No deviation: every declared target was met and every step ran as planned.', 'ok'),
    ]);
  const logs = new Set(r.artifacts);
  const cards = list.map((d) => {
    const nodes = [...new Set(d.evidence.flatMap((e) => (e.node ? [e.node] : [])))]
      .sort(byName)
      .filter((n) => logs.has(`logs/${n}.log`));
    const lines = d.evidence.map(
      (e) =>
        `<li><code>${formatOffset(e.atMs)}</code> ${escapeHtml(e.kind)}${e.node ? ` [${escapeHtml(e.node)}]` : ''}: ${escapeHtml(e.message)}</li>`,
    );
    return [
      '<div class="deviation">',
      `<h3>${escapeHtml(d.title)}</h3>`,
      p(d.what, ''),
      lines.length
        ? `<p class="muted">Timeline lines that bear on it:</p><ol class="evidence-lines">${lines.join('')}</ol>`
        : '',
      nodes.length ? `<p class="muted">Logs: ${nodes.map((n) => fileLink(`logs/${n}.log`)).join(', ')}</p>` : '',
      '</div>',
    ].join('');
  });
  return section('deviations', 'Deviations and evidence', [p(`${list.length} deviation(s).`, 'bad'), ...cards]);
}

export { targetRows };
