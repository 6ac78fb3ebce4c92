/**
 * report.html as a browser sees it: Debian's Chromium, headless, opens the page the ReportWriter
 * wrote for a real drill's result (and for a failed one), dumps the DOM it built and takes a
 * screenshot and a PDF. The checks are structural: the timeline SVG is there with one span per
 * fault step, the targets table has its rows, nothing is fetched from the network, the screenshot
 * has the timeline's colours painted, the PDF has pages. `npm test` installs Chromium first
 * (scripts/bootstrap.mjs --with-chromium).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../src/result/result.ts';
import { loadFixture } from '../../src/report/fixtures/load.ts';
import { stepKind } from '../../src/report/timeline-model.ts';
import { targetRows } from '../../src/report/targets.ts';
import { makeAuditResult, makeSamples } from '../../src/report/test-result.ts';
import { ReportWriter } from '../../src/report/writer.ts';
import { countColour, decodePng, distinctColours } from './png.ts';

/** Debian's `chromium`; elsewhere (e.g. CI runners) a Chrome or Chromium already installed; PGDRILL_CHROMIUM wins. */
const CHROMIUM =
  [process.env.PGDRILL_CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].find(
    (bin) => bin !== undefined && bin !== '' && spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0,
  ) ?? 'chromium';
const WIDTH = 1400;
const HEIGHT = 3400;

function requireChromium(): void {
  const probe = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `headless Chromium is needed (\`${CHROMIUM}\` not found): run \`node scripts/bootstrap.mjs --with-chromium\` or \`apt-get install chromium\``,
    );
  }
}

let work: string;
/** A Chromium run with its own profile (parallel runs must not share one), returning stdout. */
function chromium(args: string[], url: string): string {
  return execFileSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--force-color-profile=srgb',
      `--user-data-dir=${path.join(work, 'profile')}`,
      ...args,
      url,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

const count = (s: string, re: RegExp) => (s.match(new RegExp(re.source, 'g')) ?? []).length;
const attrs = (dom: string, name: 'src' | 'href') =>
  [...dom.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);

interface Rendered {
  result: ScenarioResult;
  url: string;
  dom: string;
}

async function render(result: ScenarioResult, samplesText: string, logs: Record<string, string>): Promise<Rendered> {
  const reportDir = path.join(work, result.status);
  const dir = await new ReportWriter({ reportDir, secrets: [] }).writeScenario(result, logs, {
    'samples.json': samplesText,
  });
  const url = pathToFileURL(path.join(dir, 'report.html')).href;
  return { result, url, dom: chromium(['--dump-dom'], url) };
}

describe('report.html in headless Chromium', () => {
  let passed: Rendered;
  let failed: Rendered;

  beforeAll(async () => {
    requireChromium();
    work = await mkdtemp(path.join(tmpdir(), 'pgdrill-render-'));
    const fixture = loadFixture('kill-primary');
    passed = await render(fixture.result, fixture.samplesText, {
      'pg-1': 'LOG: x\n',
      'pg-2': 'LOG: y\n',
      'pg-3': 'LOG: z\n',
    });
    const bad = makeAuditResult({
      status: 'failed',
      expectations: [{ name: 'rto.maxSeconds', expected: '<= 3', actual: 4.2, passed: false, verdict: 'failed' }],
    });
    failed = await render(bad, JSON.stringify(makeSamples()), { 'pg-1': 'LOG: a\n' });
  }, 240_000);

  afterAll(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

  it('builds the timeline SVG inside its section, with every lane', () => {
    expect(count(passed.dom, /<svg class="timeline"/)).toBe(1);
    expect(passed.dom).toMatch(
      /<section id="timeline" class="page">\s*<h2>Timeline<\/h2>\s*<figure class="timeline-figure"><svg class="timeline"/,
    );
    for (const lane of ['steps', 'events', 'rto', 'clients', 'roles', 'lag'])
      expect(passed.dom).toContain(`<g class="lane" data-lane="${lane}">`);
  });

  it('draws one span per fault step (and per procedure and wait step)', () => {
    for (const { result, dom } of [passed, failed]) {
      for (const kind of ['fault', 'procedure', 'wait'] as const) {
        expect(count(dom, new RegExp(`<rect class="span ${kind}[" ]`)), `${result.scenario} ${kind}`).toBe(
          result.steps.filter((s) => stepKind(s) === kind).length,
        );
      }
    }
    expect(count(passed.dom, /<rect class="span fault"/)).toBe(1);
    expect(count(failed.dom, /<rect class="span fault"/)).toBe(3);
  });

  it('draws a lag line per replica, the role bands, the promotion and the RTO markers', () => {
    expect([...passed.dom.matchAll(/<path class="lag-line" data-node="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual([
      'pg-2',
      'pg-3',
    ]);
    expect(count(passed.dom, /<rect class="role primary" data-node="pg-2"/)).toBe(1);
    expect(count(passed.dom, /<rect class="role unreachable" data-node="pg-1"/)).toBe(1);
    expect(count(passed.dom, /<path class="promotion"/)).toBe(1);
    expect(count(passed.dom, /<line class="marker rto-(fault|first-ack)"/)).toBe(2);
  });

  it('has the targets table with a verdict per row', () => {
    for (const { result, dom } of [passed, failed]) {
      const table = dom.split('<table class="targets">')[1]!.split('</table>')[0]!;
      const rows = [...table.matchAll(/<tr class="(pass|fail|untargeted)">/g)].map((m) => m[1]);
      expect(rows).toEqual(targetRows(result).map((r) => r.verdict));
    }
    expect(failed.dom).toContain('<span class="badge fail">FAIL</span>');
    expect(failed.dom).toContain('<h3>Expectation rto.maxSeconds failed</h3>');
  });

  it("requests nothing from the network: no script, no src, relative links only (but the CI job's)", () => {
    for (const { dom } of [passed, failed]) {
      expect(dom).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
      expect(attrs(dom, 'src')).toEqual([]);
      expect(dom).toContain('http-equiv="Content-Security-Policy"');
    }
    expect(attrs(passed.dom, 'href').filter((h) => /^[a-z][a-z0-9+.-]*:/i.test(h))).toEqual([]);
    expect(attrs(failed.dom, 'href').filter((h) => /^[a-z][a-z0-9+.-]*:/i.test(h))).toEqual([
      'https://ci.example.test/jobs/42',
    ]);
    expect(attrs(passed.dom, 'href')).toEqual(
      expect.arrayContaining(['logs/pg-1.log', 'logs/pg-2.log', 'logs/pg-3.log', 'samples.json', 'result.json']),
    );
  });

  it("paints a screenshot with the timeline's colours", async () => {
    const file = path.join(work, 'passed.png');
    chromium([`--screenshot=${file}`, `--window-size=${WIDTH},${HEIGHT}`], passed.url);
    expect((await stat(file)).size).toBeGreaterThan(10_000);
    const png = decodePng(await readFile(file));
    expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
    expect(distinctColours(png)).toBeGreaterThan(50);
    expect(countColour(png, '#cf222e'), 'fault span and error bars (red)').toBeGreaterThan(300);
    expect(countColour(png, '#0969da'), 'primary role bands (blue)').toBeGreaterThan(3000);
    expect(countColour(png, '#b6e3ff'), 'replica role bands (light blue)').toBeGreaterThan(3000);
    expect(countColour(png, '#ffcecb'), 'pg-1 unreachable after the kill').toBeGreaterThan(1000);
  }, 120_000);

  it('prints to a PDF of several A4 pages, the timeline on a landscape one', async () => {
    const file = path.join(work, 'passed.pdf');
    chromium([`--print-to-pdf=${file}`, '--no-pdf-header-footer'], passed.url);
    const pdf = await readFile(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // the page tree's root counts every page (inner nodes count their own)
    const pages = Math.max(0, ...[...pdf.toString('latin1').matchAll(/\/Count (\d+)/g)].map((m) => Number(m[1])));
    expect(pages).toBeGreaterThanOrEqual(3);
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [
      Math.round(Number(m[1])),
      Math.round(Number(m[2])),
    ]);
    expect(boxes).toHaveLength(pages);
    expect(boxes.filter(([w, h]) => w === 595 && h === 842).length).toBe(pages - 1);
    expect(boxes.filter(([w, h]) => w === 842 && h === 595)).toHaveLength(1);
  }, 120_000);
});
