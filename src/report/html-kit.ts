/**
 * The small pieces every report.html section is built from: escaping, tables, paragraphs,
 * definition lists, links. Pure functions from plain text to HTML strings; every value that comes
 * from data passes through escapeHtml.
 */

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A table cell: plain text, or text with a class and a tooltip (e.g. the full value of a shortened one). */
export type Cell = string | { text: string; cls: string; title?: string; html?: string };

function td(c: Cell): string {
  if (typeof c === 'string') return `<td>${escapeHtml(c)}</td>`;
  const title = c.title === undefined ? '' : ` title="${escapeHtml(c.title)}"`;
  return `<td class="${c.cls}"${title}>${c.html ?? escapeHtml(c.text)}</td>`;
}

/** A table; `rowClass` marks rows (e.g. "fail"), `cls` the table itself. */
export function table(
  header: string[],
  rows: Cell[][],
  rowClass?: (i: number) => string | undefined,
  cls?: string,
): string {
  const body = rows.map((r, i) => {
    const rc = rowClass?.(i);
    return `<tr${rc ? ` class="${rc}"` : ''}>${r.map(td).join('')}</tr>`;
  });
  const open = cls ? `<table class="${cls}">` : '<table>';
  return `${open}<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>`;
}

/** A paragraph of text, muted unless told otherwise. */
export const p = (text: string, cls = 'muted') => `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</p>`;
export const num = (text: string): Cell => ({ text, cls: 'num' });
export const numeric = (columns: number[]) => (row: string[]) =>
  row.map((c, i): Cell => (columns.includes(i) ? num(c) : c));

/** Label/value pairs as a definition list; values given as [text] are escaped, as {html} are trusted markup. */
export function dl(pairs: [string, string | { html: string }][], cls = 'facts'): string {
  const dd = (v: string | { html: string }) => (typeof v === 'string' ? escapeHtml(v) : v.html);
  return `<dl class="${cls}">${pairs.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${dd(v)}</dd>`).join('')}</dl>`;
}

/** A digest shortened to 12 hex digits, the full value in its tooltip. */
export function digestCell(digest: string, extraCls = ''): Cell {
  const cls = `digest${extraCls ? ` ${extraCls}` : ''}`;
  return digest.length > 12 ? { text: `${digest.slice(0, 12)}…`, cls, title: digest } : { text: digest, cls };
}

/** A link to a file next to report.html (relative path, URI-encoded). */
export const fileLink = (rel: string, text = rel) =>
  `<a class="file" href="${escapeHtml(encodeURI(rel))}">${escapeHtml(text)}</a>`;

/**
 * A link to an external page, only for http(s) URLs (a `javascript:` URL from data must never
 * become a link); anything else is shown as text.
 */
export function externalLink(url: string, text = url): string {
  return /^https?:\/\/[^\s"'<>]+$/i.test(url)
    ? `<a class="external" href="${escapeHtml(url)}">${escapeHtml(text)}</a>`
    : escapeHtml(text);
}

/** A section with an id (for the table of contents) and an h2 title. */
export function section(id: string, title: string, body: string[], cls = ''): string {
  return `<section id="${id}"${cls ? ` class="${cls}"` : ''}>\n<h2>${escapeHtml(title)}</h2>\n${body.join('\n')}\n</section>`;
}

/** A verdict word as a coloured badge: PASS, FAIL, NOT MEASURED (nm), or a neutral word. */
export function badge(kind: 'pass' | 'fail' | 'nm' | 'info' | 'warn', text: string): string {
  return `<span class="badge ${kind}">${escapeHtml(text)}</span>`;
}

/** A complete page: a CSP that forbids scripts and every external resource, the given inline CSS, nothing else. */
export function selfContainedPage(title: string, css: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * Printed pages say whose they are and where they stand: the run id and scenario at the top of
 * every page, "page N of M" at the bottom (CSS page-margin boxes; Chromium prints them since 131).
 */
export function printMargins(header: string): string {
  // every character but plain ones as a CSS escape: nothing from data can close the <style>
  const quoted = `"${[...header].map((c) => (/[\w .·:@-]/.test(c) ? c : `\\${c.codePointAt(0)?.toString(16)} `)).join('')}"`;
  return `@page{margin:14mm 12mm 16mm;@top-left{content:${quoted};font:9px system-ui,sans-serif;color:#57606a}@bottom-right{content:"page " counter(page) " of " counter(pages);font:9px system-ui,sans-serif;color:#57606a}}`;
}
