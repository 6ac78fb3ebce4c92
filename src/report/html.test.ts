import { describe, expect, it } from 'vitest';
import { escapeHtml, renderScenarioHtml } from './html.ts';
import { makeMetrics, makeResult } from './test-result.ts';

describe('renderScenarioHtml', () => {
  it('is one self-contained page: no script, no external resource', () => {
    const html = renderScenarioHtml(makeResult({ artifacts: ['logs/pg-1.log'] }));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('@media print');
  });

  it('carries the same content as the Markdown report', () => {
    const html = renderScenarioHtml(
      makeResult({
        status: 'failed',
        expectations: [{ name: 'rto.maxSeconds', expected: '<= 15', actual: 17.2, passed: false, verdict: 'failed' }],
        metrics: makeMetrics({ workload: null }),
      }),
    );
    expect(html).toContain('<span class="verdict failed">FAILED</span>');
    for (const text of [
      'Targets vs achieved',
      'Metrics',
      'Steps',
      'Timeline',
      'rto.maxSeconds',
      '17.2',
      'n/a (no workload)',
      '+5.000s',
      'kill pg-1 (SIGKILL)',
    ]) {
      expect(html).toContain(escapeHtml(text));
    }
    expect(html).toContain('<tr class="fail">');
  });

  it('carries the Observed block and the longest stall', () => {
    const html = renderScenarioHtml(makeResult());
    for (const cells of [
      ['Workload', 'longest stall (no acknowledged write)', '4.35 s'],
      ['Observed', 'samples taken', '96'],
      ['Observed', 'max replica lag (bytes)', '8.6 MB (9000000 bytes) on pg-2 at +5.250s'],
      ['Observed', 'unreachable', '1 span(s): pg-1 +5.000s → +12.000s'],
    ]) {
      expect(html).toContain(`<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
    }
  });

  it('escapes everything that comes from data', () => {
    const evil = '<script>alert("x")</script> & \'q\'';
    const html = renderScenarioHtml(
      makeResult({
        scenario: evil,
        description: evil,
        timeline: [{ atMs: 0, kind: 'observation', node: evil, message: evil }],
        error: { code: evil, message: evil, hint: evil },
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;q&#39;');
  });

  it('shows an error with code, message and hint', () => {
    const html = renderScenarioHtml(
      makeResult({
        status: 'error',
        metrics: null,
        expectations: [],
        error: { code: 'PGDRILL_X', message: 'it broke', hint: 'fix it' },
      }),
    );
    expect(html).toContain('<h2>Error</h2>');
    expect(html).toContain('<code>PGDRILL_X</code>');
    expect(html).toContain('<pre>it broke</pre>');
    expect(html).toContain('What to do: fix it');
  });
});
