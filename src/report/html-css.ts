/**
 * report.html's one stylesheet, inline: page, tables, verdicts, the SVG timeline's colours, and
 * print rules (A4, no dark backgrounds, a page per big section, rows never split, headers repeated).
 */
export const CSS = `
:root{--ok:#1a7f37;--ok-bg:#dafbe1;--bad:#cf222e;--bad-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--nm:#8250df;--nm-bg:#fbefff;--line:#d0d7de;--muted:#57606a;--head:#f6f8fa;--ink:#1f2328;--accent:#0969da}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);max-width:1180px;margin:1.5rem auto;padding:0 1rem;counter-reset:sec}
h1{font-size:1.7rem;margin:.2rem 0 .4rem}
h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--line)}
h2::before{counter-increment:sec;content:counter(sec) ". ";color:var(--muted)}
h3{font-size:1.02rem;margin:1.3rem 0 .4rem}
a{color:var(--accent)}
code,td.digest,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
td.digest{white-space:nowrap}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;color:var(--muted);font-weight:600}
header.masthead{border:1px solid var(--line);border-top:6px solid var(--muted);border-radius:6px;padding:1rem 1.2rem;background:#fff}
header.masthead.passed{border-top-color:var(--ok)}header.masthead.failed{border-top-color:var(--bad)}header.masthead.error{border-top-color:var(--warn)}header.masthead.not-measured{border-top-color:var(--nm)}
.verdict{display:inline-block;padding:.1rem .6rem;border-radius:4px;color:#fff;font-weight:700;font-size:.8em;vertical-align:middle}
.verdict.passed{background:var(--ok)}.verdict.failed{background:var(--bad)}.verdict.error{background:var(--warn)}.verdict.not-measured{background:var(--nm)}.verdict.xfailed{background:#57606a}.verdict.xpassed{background:var(--bad)}
.description{color:var(--ink);margin:.3rem 0 .8rem;max-width:70em}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.5rem;margin:.6rem 0 0}
.card{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:4px;padding:.35rem .6rem;background:#fff}
.card .k{font-size:.72rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.card .v{font-weight:650;font-size:1.02rem;overflow-wrap:anywhere}
.card.warn{border-left-color:var(--warn);background:var(--warn-bg)}.card.pass{border-left-color:var(--ok)}.card.fail{border-left-color:var(--bad);background:var(--bad-bg)}.card.untargeted{border-left-color:var(--muted)}.card.not-measured{border-left-color:var(--nm);background:var(--nm-bg)}
nav.toc{margin:.8rem 0 0;font-size:.85rem;color:var(--muted)}nav.toc a{margin-right:.8rem;white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid var(--line);padding:.28rem .5rem;text-align:left;vertical-align:top}
th{background:var(--head);font-weight:600}
td.num{white-space:nowrap;font-variant-numeric:tabular-nums}
tr.fail td{background:var(--bad-bg)}
tr.not-measured td{background:var(--nm-bg)}
tr.fault-row td{color:#a40e26}
tr.pass td.verdict-cell{background:var(--ok-bg)}
.ok{color:var(--ok)}.bad{color:var(--bad);font-weight:700}.warn{color:var(--warn)}
td.bad{background:var(--bad-bg)}
.badge{white-space:nowrap;display:inline-block;min-width:5.2em;text-align:center;padding:.05rem .45rem;border-radius:3px;font-weight:700;font-size:.85em;border:1px solid}
.badge.pass{color:var(--ok);background:var(--ok-bg);border-color:#aceebb}
.badge.fail{color:var(--bad);background:var(--bad-bg);border-color:#ffcecb}
.badge.info{color:var(--muted);background:var(--head);border-color:var(--line);font-weight:600}
.badge.warn{color:var(--warn);background:var(--warn-bg);border-color:#eac54f}
.badge.nm{color:var(--nm);background:var(--nm-bg);border-color:#d8b9ff}
.sub{display:block;color:var(--muted);font-size:.82em}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1.2rem;margin:.4rem 0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}
@media (max-width:800px){.grid2{grid-template-columns:1fr}}
pre{background:var(--head);border:1px solid var(--line);padding:.5rem;white-space:pre-wrap;word-break:break-word}
.muted{color:var(--muted)}
.deviation{border:1px solid #ffcecb;border-left:4px solid var(--bad);border-radius:4px;padding:.5rem .8rem;margin:.6rem 0;background:#fff}
.deviation h3{margin:.1rem 0 .3rem;color:var(--bad)}
ol.evidence-lines{margin:.3rem 0;padding-left:1.2rem;font-size:.9em}
.keys{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88em;background:var(--head);border:1px solid var(--line);padding:.4rem .6rem;overflow-wrap:anywhere}
figure.timeline-figure{margin:.5rem 0;border:1px solid var(--line);border-radius:6px;padding:.4rem}
figure.timeline-figure figcaption{font-size:.85em;color:var(--muted);padding:.3rem .4rem 0}
ul.files{columns:2;margin:.3rem 0}
footer{margin:2rem 0 1rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:.5rem}
svg.timeline{width:100%;height:auto;display:block}
svg.timeline text{fill:var(--ink)}
svg.timeline .tick,svg.timeline .y-lbl,svg.timeline .lane-sub,svg.timeline .key-lbl{font-size:10px;fill:var(--muted)}
svg.timeline .lane-title,svg.timeline .row-title{font-weight:600;font-size:11px}
svg.timeline .lbl{font-size:10.5px}svg.timeline .lbl.failed{fill:var(--bad);font-weight:700}
svg.timeline .note{font-size:11px;fill:var(--muted);font-style:italic}
svg.timeline .grid{stroke:#eaeef2;stroke-width:1}
svg.timeline .axis-line,svg.timeline .baseline{stroke:#8c959f;stroke-width:1}
svg.timeline .y-grid{stroke:#eaeef2;stroke-dasharray:3 3}
svg.timeline .lane-sep{stroke:#d8dee4;stroke-width:1}
svg.timeline .span.fault,svg.timeline .row-title.fault{fill:#cf222e}
svg.timeline .span.procedure,svg.timeline .row-title.procedure{fill:#0969da}
svg.timeline .span.wait{fill:#d0d7de}svg.timeline .row-title.wait{fill:#6e7781}
svg.timeline .span.other{fill:#8c959f}
svg.timeline .span{stroke:#fff;stroke-width:1}svg.timeline .span.failed{stroke:#82071e;stroke-width:2}
svg.timeline .span.skipped{fill:#fff;stroke:#8c959f;stroke-dasharray:2 2}
svg.timeline .effect.fault{fill:#cf222e;fill-opacity:.28}
svg.timeline line.ev{stroke-width:1.2}svg.timeline .ev.fault,svg.timeline .ev-dot.fault{stroke:#cf222e;fill:#cf222e}svg.timeline .ev.procedure,svg.timeline .ev-dot.procedure{stroke:#0969da;fill:#0969da}svg.timeline .ev.observation,svg.timeline .ev-dot.observation{stroke:#6e7781;fill:#6e7781}
svg.timeline text.lbl.ev{stroke:none}svg.timeline text.lbl.ev.fault{fill:#a40e26}svg.timeline text.lbl.ev.procedure{fill:#0550ae}svg.timeline text.lbl.ev.observation{fill:var(--muted)}
svg.timeline .throughput-area{fill:#2da44e;fill-opacity:.22}
svg.timeline .throughput{fill:none;stroke:#1a7f37;stroke-width:1.5}
svg.timeline .errors.failed{fill:#cf222e}svg.timeline .errors.unknown{fill:#d4a72c}
svg.timeline .hover{fill:#fff;fill-opacity:0}
svg.timeline .fault-window{fill:#cf222e;fill-opacity:.1}
svg.timeline .latency{fill:none;stroke-width:1.3;stroke-linejoin:round}svg.timeline .latency.p50{stroke:#0969da}svg.timeline .latency.p99{stroke:#bc4c00}svg.timeline .latency.max{stroke:#6e7781;stroke-dasharray:3 2}
svg.timeline .lag-line{fill:none;stroke-width:1.8;stroke-linecap:round;stroke-linejoin:round}
svg.timeline .lag-key{stroke-width:2.5}
svg.timeline .role.primary{fill:#0969da}svg.timeline .role.replica{fill:#b6e3ff}
svg.timeline .role{stroke:#fff;stroke-width:1}svg.timeline .role.unreachable{fill:#ffcecb;stroke:#cf222e;stroke-width:.8}svg.timeline .role.unknown{fill:#eaeef2}
svg.timeline .role.restored{fill:#e8d9ff;stroke:#8250df;stroke-width:.8}svg.timeline .role.restored.failed{fill:#ffcecb;stroke:#cf222e}svg.timeline .role-lbl.restored{fill:#512a97}
svg.timeline .role-lbl{font-size:10px}svg.timeline .role-lbl.primary{fill:#fff;font-weight:600}svg.timeline .role-lbl.unreachable{fill:#a40e26}
svg.timeline .promotion{fill:#d4a72c;stroke:#7d4e00;stroke-width:1}
svg.timeline .marker{stroke-width:1.5;stroke-dasharray:5 3}
svg.timeline .marker.rto-fault{stroke:#cf222e}svg.timeline .marker.rto-first-ack{stroke:#1a7f37}
svg.timeline .mk-lbl{font-size:10px;font-weight:600}svg.timeline .mk-lbl.rto-fault{fill:#a40e26}svg.timeline .mk-lbl.rto-first-ack{fill:#116329}
svg.timeline .rto-phase.detection{fill:#fb8f44}svg.timeline .rto-phase.promotion{fill:#8250df}svg.timeline .rto-phase.client-recovery{fill:#1b7c83}
svg.timeline .rto-phase.total{fill:#8c959f}svg.timeline .rto-phase.unrecovered{fill:#cf222e;fill-opacity:.35}
svg.timeline .rto-sum{font-size:10.5px;font-weight:600}
@page{size:A4;margin:14mm 12mm}
@page timeline{size:A4 landscape;margin:10mm}
@media print{
body{margin:0;max-width:none;font-size:10.5px;background:#fff;color:#000}
nav.toc{display:none}
header.masthead{border-top-width:4px}
.verdict{background:none!important;border:2px solid;color:var(--ink)}
.verdict.passed{color:var(--ok)}.verdict.failed{color:var(--bad)}.verdict.error{color:var(--warn)}.verdict.not-measured{color:var(--nm)}.verdict.xfailed{color:#57606a}.verdict.xpassed{color:var(--bad)}
section.page{break-before:page}section#timeline{page:timeline}
h2,h3{break-after:avoid}
table{break-inside:auto}tr,dl.facts,.card,.deviation{break-inside:avoid}thead{display:table-header-group}
figure.timeline-figure{break-inside:avoid;border:none;padding:0}
a{color:inherit;text-decoration:none}
ul.files{columns:1}
.badge,.card,tr.fail td,td.bad,th,svg.timeline,.keys{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;
