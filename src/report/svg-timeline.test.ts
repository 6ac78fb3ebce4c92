import { describe, expect, it } from 'vitest';
import { renderTimelineSvg } from './svg-timeline.ts';
import { loadFixture } from './fixtures/load.ts';
import { makeAuditResult, makeMetrics, makeResult, makeSamples, UNSAMPLED } from './test-result.ts';
import { niceCeil, niceCeilBytes, placeLabels, tickLabel, timeTicks } from './svg-kit.ts';

const count = (s: string, re: RegExp) => (s.match(new RegExp(re.source, 'g')) ?? []).length;
/** The markup of one lane group. */
const lane = (svg: string, id: string) =>
  /<g class="lane" data-lane="([^"]+)">/.test(svg)
    ? (svg.split(`<g class="lane" data-lane="${id}">`)[1] ?? '').split('<g class="lane"')[0]!
    : '';

describe('renderTimelineSvg', () => {
  const r = makeAuditResult();
  const svg = renderTimelineSvg(r, makeSamples());

  it('is one inline <svg> with a viewBox, a tooltip title and no external reference', () => {
    expect(svg).toMatch(/^<svg class="timeline" viewBox="0 0 1100 \d+"/);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/^<svg[^>]*><title>Timeline of kill-primary/);
    expect(svg).not.toMatch(/<script|<image|href=|src=|url\(|https?:/i);
  });

  it('has every lane: steps, events, RTO, clients, roles, lag', () => {
    for (const id of ['steps', 'events', 'rto', 'clients', 'roles', 'lag'])
      expect(svg).toContain(`<g class="lane" data-lane="${id}">`);
  });

  it('draws one span per step, classed by kind and numbered like the Steps table', () => {
    expect(count(svg, /<rect class="span /)).toBe(r.steps.length);
    expect(count(svg, /<rect class="span fault"/)).toBe(3);
    expect(count(svg, /<rect class="span procedure"/)).toBe(1);
    expect(count(svg, /<rect class="span wait"/)).toBe(2);
    for (const s of r.steps)
      expect(count(svg, new RegExp(`<rect class="span [^"]+" data-step="${s.index + 1}"`))).toBe(1);
    expect(svg).toContain('#2 kill primary → pg-1');
  });

  it('shades a healed fault until its heal event, and only that one', () => {
    const effects = svg.match(/<rect class="effect fault" data-step="(\d+)"[^>]*>/g) ?? [];
    expect(effects).toHaveLength(1);
    expect(effects[0]).toContain('data-step="3"');
    expect(svg).toContain('in force until +9.020s: healed: bandwidth 1mbit on pg-2 → pg-3');
  });

  it('draws throughput as an area and a line, and errors as red (failed) and amber (unknown) bars', () => {
    const clients = lane(svg, 'clients');
    expect(count(clients, /class="throughput-area"/)).toBe(1);
    expect(count(clients, /class="throughput"/)).toBe(1);
    expect(count(clients, /<rect class="errors failed"/)).toBe(5);
    expect(count(clients, /<rect class="errors unknown"/)).toBe(1);
    expect(clients).toContain('+5.000s → +6.000s: 40 acknowledged, 60 failed, 3 unknown');
    expect(clients).toContain('>200/s<');
  });

  it('draws commit latency p50, p99 and max on a log scale, broken where no write was acknowledged', () => {
    const latency = lane(svg, 'latency');
    for (const name of ['p50', 'p99', 'max']) {
      const d = new RegExp(`<path class="latency ${name}" d="([^"]+)"`).exec(latency)?.[1] ?? '';
      expect(count(d, /M/), name).toBe(2); // seconds 6–8 acknowledged nothing: two stretches
      expect(count(d, /L/), name).toBe(7);
    }
    expect(latency).toContain('>1000 ms<');
  });

  it('MUST shade every fault on the latency lane for the time it was in force (a heal ends it)', () => {
    const windows = [...lane(svg, 'latency').matchAll(/<rect class="fault-window"[^>]*><title>([^<]+)</g)].map(
      (m) => m[1],
    );
    expect(windows).toHaveLength(2); // the kill and the lag; heal ends, it puts nothing in force
    expect(windows.some((w) => /in force \+[\d.]+s → \+9\.020s/.test(w ?? ''))).toBe(true);
  });

  it('says why the latency lane is empty when no write was acknowledged', () => {
    const bare = { ...r, clients: null };
    expect(lane(renderTimelineSvg(bare, makeSamples()), 'latency')).toContain('no acknowledged write');
  });

  it("draws one lag line per replica, in the node's colour", () => {
    const lag = lane(svg, 'lag');
    const lines = [...lag.matchAll(/<path class="lag-line" data-node="([^"]+)"/g)].map((m) => m[1]);
    expect(lines.sort()).toEqual(['pg-2', 'pg-3']);
    expect(lag).toMatch(/pg-3: replication lag, max 6.7 MB at \+8.500s/);
  });

  it("draws each node's role with its timeline, unreachable until the end once gone, and the promotion", () => {
    const roles = lane(svg, 'roles');
    expect(count(roles, /<rect class="role primary" data-node="pg-1"/)).toBe(1);
    expect(count(roles, /<rect class="role unreachable" data-node="pg-1"/)).toBe(1);
    expect(roles).toContain('pg-1: unreachable, +5.500s → +12.345s');
    expect(roles).toMatch(
      /<rect class="role replica" data-node="pg-2"[^>]*><title>pg-2: replica on timeline 1, \+0.000s → \+7.500s/,
    );
    expect(roles).toContain('pg-2: primary on timeline 2, +7.500s → +12.');
    expect(roles).toContain('>primary · TL2<');
    expect(count(roles, /<path class="promotion"/)).toBe(1);
    expect(roles).toContain('+7.550s: pg-2 promoted on timeline 2');
  });

  it('marks the RTO fault instant and first ack across the plot, with the phases', () => {
    expect(count(svg, /<line class="marker rto-fault"/)).toBe(1);
    expect(count(svg, /<line class="marker rto-first-ack"/)).toBe(1);
    const rto = lane(svg, 'rto');
    expect(rto).toContain('RTO 4.2 s = detection 1.05 s + promotion 1.45 s + client recovery 1.7 s');
    expect(count(rto, /<rect class="rto-phase /)).toBe(3);
  });

  it('has a legend and axis ticks', () => {
    expect(svg).toContain('<g class="legend">');
    expect(svg).toContain('>fault in force until healed<');
    expect(count(svg, /<text[^>]*class="tick"[^>]*>\d+s<\/text>/)).toBe(2 * 7);
  });

  it('degrades without samples, without clients and without metrics', () => {
    const bare = renderTimelineSvg(
      makeResult({ status: 'error', metrics: null, expectations: [], steps: [], timeline: [], clients: null }),
      [],
    );
    expect(bare).toContain('no step ran');
    expect(bare).toContain('no workload ran');
    expect(bare).toContain('RTO not measured: the drill did not reach the checks');
    expect(bare).toContain('no node samples (samples.json absent)');
    expect(bare).not.toMatch(/class="(span|lag-line|role |marker|promotion)/);
    expect(bare).not.toContain('NaN');
    const noRto = renderTimelineSvg(
      makeResult({
        metrics: makeMetrics({
          observed: UNSAMPLED,
          rto: {
            seconds: null,
            detectionSeconds: null,
            promotionSeconds: null,
            faultToWritableSeconds: null,
            phases: [],
            longestPhase: null,
            downAtLeastSeconds: null,
            faultAtMs: null,
            firstAckAtMs: null,
            reason: 'no fault was injected',
          },
        }),
      }),
      [],
    );
    expect(noRto).toContain('RTO not measured: no fault was injected');
    expect(noRto).not.toContain('NaN');
  });

  it('shows a fault that never recovered as an open RTO bar', () => {
    const metrics = makeMetrics({
      rto: {
        seconds: null,
        detectionSeconds: 1,
        promotionSeconds: null,
        faultToWritableSeconds: null,
        phases: [],
        longestPhase: null,
        downAtLeastSeconds: null,
        faultAtMs: 5000,
        firstAckAtMs: null,
        reason: 'no acknowledged write after the fault',
      },
    });
    const out = renderTimelineSvg(makeAuditResult({ metrics }), makeSamples());
    expect(out).toContain('<rect class="rto-phase unrecovered"');
    expect(out).toContain('RTO: no acknowledged write after the fault');
    expect(out).not.toContain('<line class="marker rto-first-ack"');
  });

  it('escapes everything that comes from data', () => {
    const evil = '<script>alert("x")</script>&';
    const out = renderTimelineSvg(
      makeAuditResult({
        scenario: evil,
        steps: [
          {
            index: 0,
            title: `fault ${evil}`,
            startedAtMs: 0,
            durationMs: 10,
            status: 'failed',
            node: evil,
            error: evil,
          },
        ],
        timeline: [{ atMs: 1, kind: 'fault', node: evil, message: evil }],
      }),
      makeSamples().map((s) => ({ ...s, node: s.node === 'pg-2' ? evil : s.node })),
    );
    expect(out).not.toContain('<script>');
    expect(out).toContain('&#60;script&#62;');
  });
});

describe('renderTimelineSvg on a real drill (kill-primary)', () => {
  const { result, samples } = loadFixture('kill-primary');
  const svg = renderTimelineSvg(result, samples);

  it('has one span per step: one fault, one procedure, four waits', () => {
    expect(count(svg, /<rect class="span fault"/)).toBe(1);
    expect(count(svg, /<rect class="span procedure"/)).toBe(1);
    expect(count(svg, /<rect class="span wait"/)).toBe(4);
  });

  it("shows pg-1 gone at the kill, pg-2 promoted onto timeline 2, pg-3 following onto it, and both replicas' lag", () => {
    const roles = lane(svg, 'roles');
    expect(roles).toMatch(/<rect class="role unreachable" data-node="pg-1"/);
    expect(roles).toMatch(/<rect class="role primary" data-node="pg-2"[^>]*><title>pg-2: primary on timeline 2/);
    expect(roles).toMatch(/<rect class="role replica" data-node="pg-3"[^>]*><title>pg-3: replica on timeline 2/);
    expect(count(roles, /<path class="promotion"/)).toBe(1);
    expect([...lane(svg, 'lag').matchAll(/data-node="([^"]+)"/g)].map((m) => m[1])).toEqual(['pg-3', 'pg-2']);
  });

  it("shows the clients' failures in the seconds after the kill", () => {
    expect(lane(svg, 'clients')).toContain('+6.000s → +7.000s: 36 acknowledged, 62 failed, 2 unknown');
  });
});

describe('svg-kit', () => {
  it('picks readable time ticks', () => {
    expect(timeTicks(0, 9677).ticks).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    expect(timeTicks(0, 19_395).stepMs).toBe(2000);
    expect(timeTicks(0, 600_000).stepMs).toBe(60_000);
    expect(tickLabel(90_000, 60_000)).toBe('1:30');
    expect(tickLabel(2500, 500)).toBe('2.5s');
  });

  it('rounds axis tops up to nice values, bytes in their display unit', () => {
    expect(niceCeil(260)).toBe(300);
    expect(niceCeil(200)).toBe(200);
    expect(niceCeil(0)).toBe(1);
    expect(niceCeilBytes(88_944)).toBe(100 * 1024);
    expect(niceCeilBytes(0)).toBe(1024);
  });

  it('places labels on the first free line, or nowhere', () => {
    expect(
      placeLabels(
        [
          { x: 0, width: 50 },
          { x: 10, width: 50 },
          { x: 20, width: 50 },
          { x: 100, width: 10 },
        ],
        2,
        1000,
      ),
    ).toEqual([{ line: 0, x: 0 }, { line: 1, x: 10 }, null, { line: 0, x: 100 }]);
    expect(placeLabels([{ x: 990, width: 50 }], 1, 1000)).toEqual([{ line: 0, x: 950 }]);
  });
});
