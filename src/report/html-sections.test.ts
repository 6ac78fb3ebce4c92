import { describe, expect, it } from 'vitest';
import { escapeHtml, renderScenarioHtml } from './html.ts';
import { loadFixture } from './fixtures/load.ts';
import { targetRows } from './targets.ts';
import { makeAuditResult, makeMetrics, makeResult, makeSamples, makeUnmeasuredResult } from './test-result.ts';

const count = (s: string, re: RegExp) => (s.match(new RegExp(re.source, 'g')) ?? []).length;
/** One section's markup by its id. */
const sectionOf = (html: string, id: string) => (html.split(`<section id="${id}"`)[1] ?? '').split('</section>')[0]!;

describe('report.html for auditors', () => {
  const html = renderScenarioHtml(makeAuditResult(), makeSamples());

  it('stays one self-contained page: no script, no external resource; the only URL is the CI job link', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|src=|@import|url\(|@font-face/i);
    const urls = [...html.matchAll(/https?:\/\/[^"'<\s]+/g)].map((m) => m[0]);
    expect(urls).toEqual(['https://ci.example.test/jobs/42', 'https://ci.example.test/jobs/42']);
    expect(html).toContain('<a class="external" href="https://ci.example.test/jobs/42">');
  });

  it('has print rules: A4, no dark backgrounds, a page break before big sections, rows not split', () => {
    expect(html).toContain('@page{size:A4');
    expect(html).toMatch(/@media print\{[\s\S]*\.verdict\{background:none!important/);
    expect(html).toMatch(/section\.page\{break-before:page\}/);
    expect(html).toMatch(/tr,dl\.facts,\.card,\.deviation\{break-inside:avoid\}/);
    expect(html).toContain('<section id="timeline" class="page">');
  });

  it('states the objective and scope: scenario, topology, faults and procedures', () => {
    const scope = sectionOf(html, 'scope');
    expect(scope).toContain('<dt>Objective</dt><dd>Kill the primary under write load');
    expect(scope).toContain(
      '3 PostgreSQL node(s) sampled: pg-1 (primary at start), pg-2 (replica at start), pg-3 (replica at start)',
    );
    expect(scope).toContain('<dt>Workload</dt><dd>4 client(s) at 200 tx/s</dd>');
    expect(scope).toMatch(
      /<dt>Faults injected<\/dt><dd><ul><li>step 2: kill primary on <b>pg-1<\/b>.*<li>step 3: lag replica on <b>pg-3<\/b>.*<li>step 5: heal/,
    );
    expect(scope).toContain('<li>step 4: failover on <b>pg-2</b>');
    expect(scope).toContain(
      '<tr><td>pg-2</td><td>sampled</td><td>replica</td><td>primary</td><td>1 → 2</td><td class="file"><a class="file" href="logs/pg-2.log">logs/pg-2.log</a></td></tr>',
    );
  });

  it('states when, how long, who ran it, and every version', () => {
    const env = sectionOf(html, 'environment');
    expect(env).toContain(
      '<dt>Started</dt><dd>2025-01-02 03:04:05.000 UTC</dd><dt>Ended</dt><dd>2025-01-02 03:04:17.345 UTC</dd>',
    );
    expect(env).toContain('<dt>Duration</dt><dd>12.3s (12345 ms)</dd>');
    expect(env).toContain('https://ci.example.test/jobs/42</a> <span class="muted">(ci@runner-7)</span>');
    expect(env).toContain('<code>sha256:c26c1af9da3c5892be1c4ae1e7a33e77d1b763a75731a2df13e4f8b4635f9484</code>');
    expect(env).toContain('<dt>Node image</dt><dd>pgdrill/node:15</dd>');
    for (const [name, version] of [
      ['PostgreSQL', 'postgres (PostgreSQL) 15.18'],
      ['PgBouncer', 'PgBouncer 1.18.0'],
      ['Patroni', 'patroni 3.0.2'],
      ['etcd', 'etcd Version: 3.4.23'],
      ['pgBackRest', 'pgBackRest 2.45'],
    ]) {
      expect(env).toContain(`<tr><td>${name}</td><td class="mono">${version}</td></tr>`);
    }
    expect(env).toContain('<tr><td>HAProxy</td><td class="muted">not in the image / unknown</td></tr>');
  });

  it('says whether the cluster ran with data checksums, as its primary said, or that it was not recorded', () => {
    const env = (dataChecksums?: boolean | null) =>
      sectionOf(
        renderScenarioHtml(
          makeAuditResult({
            environment: {
              ranBy: 'x',
              ciJobUrl: null,
              components: {},
              ...(dataChecksums === undefined ? {} : { dataChecksums }),
            },
          }),
        ),
        'environment',
      );
    expect(env(true)).toContain('<dt>Data checksums</dt><dd>on</dd>');
    expect(env(false)).toContain('<dt>Data checksums</dt><dd>off</dd>');
    expect(env(null)).toContain('<dt>Data checksums</dt><dd>could not be read</dd>');
    expect(env()).toContain('<dt>Data checksums</dt><dd>not recorded</dd>');
  });

  it('shows who ran it as text when there is no CI job, and never links a non-http URL', () => {
    const local = renderScenarioHtml(
      makeAuditResult({ environment: { ranBy: 'alice@laptop', ciJobUrl: null, components: {} } }),
    );
    expect(sectionOf(local, 'environment')).toContain('<dt>Ran by</dt><dd>alice@laptop</dd>');
    const evil = renderScenarioHtml(
      makeAuditResult({ environment: { ranBy: 'x', ciJobUrl: 'javascript:alert(1)', components: {} } }),
    );
    expect(evil).not.toContain('href="javascript:');
  });

  it('has the targets-vs-achieved table: the standard checks, every declared expectation, a verdict per row', () => {
    const targets = sectionOf(html, 'targets');
    const rows = targets.split('<tbody>')[1]!.split('</tbody>')[0]!.trim().split('\n');
    expect(rows).toHaveLength(targetRows(makeAuditResult()).length);
    expect(rows).toHaveLength(6);
    expect(rows[1]).toMatch(
      /^<tr class="pass"><td class="check">RTO: fault → first acknowledged write<span class="sub"><code>rto.maxSeconds<\/code><\/span><\/td><td>&#60;= 15 s<\/td><td class="achieved">4.2 s<span class="sub">detection 1.05 s, promotion 1.45 s, client recovery 1.7 s — client recovery took longest<\/span><\/td><td class="verdict-cell"><span class="badge pass">PASS<\/span><\/td><\/tr>$/,
    );
    expect(rows[2]).toContain(
      '<tr class="untargeted"><td class="check">Checksums: every table equal on every node</td><td>none declared</td><td class="achieved">match<span class="sub">3 table(s) on pg-1, pg-2</span>',
    );
    expect(rows[2]).toContain('<span class="badge info">NO TARGET</span>');
    expect(rows[5]).toContain(
      '<tr class="pass"><td class="check">Procedure: every step ran as planned</td><td>6 step(s) ok or failing as expected</td><td class="achieved">6 of 6 as planned</td>',
    );
  });

  it('gives a failed expectation a FAIL row and a deviation with the timeline lines that show it', () => {
    const failed = makeAuditResult({
      status: 'failed',
      expectations: [
        { name: 'rto.maxSeconds', expected: '<= 3', actual: 4.2, passed: false, verdict: 'failed' },
        { name: 'workload.failed', expected: '<= 0', actual: 313, passed: false, verdict: 'failed' },
      ],
      timeline: [
        ...makeAuditResult().timeline,
        { atMs: 10_400, kind: 'check', message: 'rto.maxSeconds: expected <= 3, got 4.2 — FAIL' },
      ],
    });
    const page = renderScenarioHtml(failed, makeSamples());
    expect(sectionOf(page, 'targets')).toMatch(
      /<tr class="fail"><td class="check">RTO[\s\S]*<span class="badge fail">FAIL<\/span>/,
    );
    expect(sectionOf(page, 'targets')).toContain(
      '<tr class="fail"><td class="check">workload.failed<span class="sub"><code>workload.failed</code></span></td><td>&#60;= 0 writes</td><td class="achieved">313</td>',
    );
    const dev = sectionOf(page, 'deviations');
    expect(count(dev, /<div class="deviation">/)).toBe(2);
    expect(dev).toContain('<h3>Expectation rto.maxSeconds failed</h3><p>target &#60;= 3 s, achieved 4.2 s</p>');
    expect(dev).toContain('<li><code>+5.000s</code> fault [pg-1]: kill pg-1 (SIGKILL)</li>');
    expect(dev).toContain('<li><code>+10.400s</code> check: rto.maxSeconds: expected &#60;= 3, got 4.2 — FAIL</li>');
    expect(dev).toContain('Logs: <a class="file" href="logs/pg-1.log">logs/pg-1.log</a>');
  });

  it('gives an expectation that could not be measured a NOT MEASURED row and deviation, never FAIL', () => {
    const result = makeUnmeasuredResult();
    const rto = targetRows(result).find((r) => r.name === 'rto.maxSeconds');
    expect(rto).toMatchObject({
      verdict: 'not-measured',
      achieved: 'NOT MEASURED (no fault cut the clients off writing)',
    });
    const html = renderScenarioHtml(result);
    expect(html).toContain('<span class="verdict not-measured">NOT MEASURED</span>');
    expect(html).toMatch(
      /<tr class="not-measured"><td class="check">RTO[\s\S]*?<span class="badge nm">NOT MEASURED<\/span>/,
    );
    expect(html).toContain('Expectation rto.maxSeconds could not be measured');
    expect(html).not.toContain('badge fail');
  });

  it('gives a failed step a deviation with its error and the events around it', () => {
    const steps = makeAuditResult().steps.map((s) =>
      s.index === 3 ? { ...s, status: 'failed' as const, error: 'pg_promote() timed out' } : s,
    );
    const dev = sectionOf(renderScenarioHtml(makeAuditResult({ status: 'failed', steps })), 'deviations');
    expect(dev).toContain(
      '<h3>Step 4 (procedure failover) FAILED</h3><p>+6.050s → +8.450s on pg-2: pg_promote() timed out</p>',
    );
    expect(dev).toContain('<li><code>+7.550s</code> procedure [pg-2]: pg-2 promoted on timeline 2</li>');
    expect(sectionOf(renderScenarioHtml(makeAuditResult()), 'deviations')).toContain('No deviation');
  });

  it('draws the timeline SVG in its own section', () => {
    const timeline = sectionOf(html, 'timeline');
    expect(timeline).toContain('<figure class="timeline-figure"><svg class="timeline"');
    expect(count(timeline, /<rect class="span fault"/)).toBe(3);
  });

  it('puts the checksum tables side by side and highlights a mismatch', () => {
    const checksums = [
      {
        node: 'pg-2',
        tables: [
          { table: 'public.a', rows: 10, digest: 'aaaaaaaaaaaaaaaa' },
          { table: 'public.b', rows: 5, digest: 'bbbb' },
        ],
      },
      { node: 'pg-3', tables: [{ table: 'public.a', rows: 9, digest: 'cccccccccccccccc' }] },
    ];
    const cs = sectionOf(renderScenarioHtml(makeAuditResult({ checksums })), 'checksums');
    expect(cs).toContain(
      '<th>Table</th><th>pg-2 rows</th><th>pg-2 digest</th><th>pg-3 rows</th><th>pg-3 digest</th><th>Verdict</th>',
    );
    expect(cs).toContain(
      '<tr class="fail"><td>public.a</td><td class="num">10</td><td class="digest" title="aaaaaaaaaaaaaaaa">aaaaaaaaaaaa…</td><td class="num bad">9</td><td class="digest bad" title="cccccccccccccccc">cccccccccccc…</td><td class="bad">DIFFERS</td></tr>',
    );
    expect(cs).toContain(
      '<tr class="fail"><td>public.b</td><td class="num">5</td><td class="digest">bbbb</td><td class="num bad">missing</td><td class="bad">—</td>',
    );
    expect(cs).toContain('The nodes disagree on 2 of 2 table(s); the reference is pg-2.');
    expect(sectionOf(html, 'checksums')).toContain('All 2 table(s) are identical on pg-2, pg-3');
  });

  it('flags a check nothing targets that went wrong, in the table, the cards and the deviations', () => {
    const metrics = makeMetrics({ checksums: { ...makeMetrics().checksums, match: false } });
    const page = renderScenarioHtml(makeAuditResult({ metrics }));
    expect(sectionOf(page, 'targets')).toMatch(
      /<tr class="untargeted"><td class="check">Checksums[\s\S]*<span class="badge warn">NO TARGET ⚠<\/span>/,
    );
    expect(page).toContain('<div class="card warn"><div class="k">Checksums</div><div class="v">MISMATCH</div></div>');
    expect(sectionOf(page, 'deviations')).toContain('<h3>Nodes disagree (no target declared)</h3>');
  });

  it('lists the lost keys, capped, with the total', () => {
    const rpo = {
      ...makeMetrics().rpo,
      lostTransactions: 250,
      seconds: 0.4,
      lostKeys: Array.from({ length: 100 }, (_, i) => 1000 + i),
      lostKeysTotal: 250,
    };
    const lost = sectionOf(renderScenarioHtml(makeAuditResult({ metrics: makeMetrics({ rpo }) })), 'lost-keys');
    expect(lost).toContain('250 acknowledged key(s) missing on the surviving primary (showing 100):');
    expect(lost).toContain('<div class="keys">1000, 1001,');
    expect(lost).toContain('1099 <span class="muted">… 150 more not listed</span></div>');
  });

  it('links every evidence file, grouped, with what it is', () => {
    const ev = sectionOf(html, 'evidence');
    expect(ev).toContain(
      '<h3>Node logs</h3><ul class="files"><li><a class="file" href="logs/pg-1.log">logs/pg-1.log</a> <span class="muted">— server log of pg-1</span></li>',
    );
    expect(ev).toContain(
      '<a class="file" href="samples.json">samples.json</a> <span class="muted">— 62 periodic samples of 3 node(s)',
    );
    expect(ev).toContain(
      '<h3>Runbook logs</h3><ul class="files"><li><a class="file" href="runbook-step-4.log">runbook-step-4.log</a> <span class="muted">— runbook output of step 4</span>',
    );
    expect(ev).toContain('<a class="file" href="result.json">result.json</a>');
  });

  it('degrades for an errored run with no metrics, no samples and no clients', () => {
    const page = renderScenarioHtml(
      makeResult({
        status: 'error',
        metrics: null,
        expectations: [],
        steps: [],
        clients: null,
        error: { code: 'PGDRILL_X', message: 'broke' },
      }),
    );
    expect(page).toContain('<h2>Error</h2>');
    expect(page).toContain('No expectation was judged: the drill did not reach the checks.');
    expect(sectionOf(page, 'targets')).toContain('n/a (the drill did not reach the checks)');
    expect(sectionOf(page, 'deviations')).toContain('<h3>The drill did not finish: PGDRILL_X</h3>');
    expect(sectionOf(page, 'checksums')).toContain('No checksum table: the drill did not reach the checks.');
    expect(sectionOf(page, 'environment')).toContain('Component versions were not recorded');
    expect(page).not.toContain('NaN');
  });

  it('escapes data everywhere, the new sections included', () => {
    const evil = '<script>alert("x")</script>';
    const page = renderScenarioHtml(
      makeAuditResult({
        environment: { ranBy: evil, ciJobUrl: null, components: { [evil]: evil } },
        checksums: [{ node: evil, tables: [{ table: evil, rows: 1, digest: evil }] }],
        artifacts: [`logs/${evil}.log`],
        harness: { version: evil, node: evil, image: evil, imageId: evil, postgres: evil },
      }),
      makeSamples(),
    );
    expect(page).not.toContain('<script>');
    expect(page).toContain(escapeHtml(evil));
  });
});

describe('report.html of a real drill (kill-primary)', () => {
  const { result, samples } = loadFixture('kill-primary');
  const html = renderScenarioHtml(result, samples);

  it('passes every target and draws the failover', () => {
    expect(count(sectionOf(html, 'targets'), /<span class="badge pass">PASS<\/span>/)).toBe(6);
    expect(count(sectionOf(html, 'targets'), /badge fail/)).toBe(0);
    expect(sectionOf(html, 'targets')).toContain(
      '1.214 s<span class="sub">detection 1.001 s, promotion 0.123 s, client recovery 0.089 s — detection took longest</span>',
    );
    expect(sectionOf(html, 'scope')).toContain(
      '<tr><td>pg-1</td><td>sampled</td><td>primary</td><td>unreachable</td><td>1</td>',
    );
    expect(sectionOf(html, 'environment')).toContain('<dt>Ran by</dt><dd>root@vm</dd>');
    expect(html).not.toMatch(/(?:src|href)="https?:/);
  });
});
