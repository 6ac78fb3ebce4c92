/** The report's provenance section: which scenario and input files, by SHA-256, from which commit. */
import type { ScenarioResult } from '../result/result.ts';
import { type Cell, dl, escapeHtml, fileLink, p, section, table } from './html-kit.ts';

export function provenanceSection(r: ScenarioResult): string {
  const prov = r.provenance;
  if (prov === undefined) {
    return section('provenance', 'Provenance', [
      p('Not recorded: result.json predates the provenance record (scenario and input hashes, commit).'),
    ]);
  }
  const code = (text: string) => ({ html: `<code>${escapeHtml(text)}</code>` });
  const commit = prov.commit === null ? 'none: the scenario is not in a git repository' : code(prov.commit);
  const facts = dl([
    ['Scenario', prov.scenario.path],
    ['SHA-256', code(prov.scenario.sha256)],
    ['As it ran', { html: `${fileLink('scenario.yaml')} <span class="muted">(secrets redacted)</span>` }],
    ['Commit', commit],
    [
      'Uncommitted',
      prov.uncommitted === null
        ? 'unknown'
        : prov.uncommitted.length === 0
          ? 'none: the commit reproduces every input'
          : `${prov.uncommitted.join(', ')} differed from the commit when the drill ran`,
    ],
  ]);
  const inputs =
    prov.inputs.length === 0
      ? p('The scenario read no other file.')
      : table(
          ['Input', 'Used as', 'SHA-256', 'Changed by pgdrill'],
          prov.inputs.map((f): Cell[] => [f.path, f.role, { text: f.sha256, cls: 'mono' }, overlayText(f.overlay)]),
        );
  return section('provenance', 'Provenance', [facts, inputs]);
}

/** A team's file runs as written: what pgdrill replaced in it, or that it replaced nothing. */
function overlayText(overlay: string[] | undefined): string {
  if (overlay === undefined) return '—';
  return overlay.length === 0 ? 'nothing: run as written' : overlay.join('; ');
}
