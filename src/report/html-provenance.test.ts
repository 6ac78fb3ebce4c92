import { describe, expect, it } from 'vitest';
import { provenanceSection } from './html-provenance.ts';
import { makeResult } from './test-result.ts';

const provenance = {
  scenario: { path: 'scenarios/failover/kill-primary.yaml', sha256: 'a'.repeat(64), role: 'scenario' },
  inputs: [{ path: 'runbooks/<promote>.sh', sha256: 'b'.repeat(64), role: 'step 4 (procedure)' }],
  commit: '0123456789abcdef0123456789abcdef01234567',
  uncommitted: ['runbooks/<promote>.sh'],
};

describe('provenanceSection', () => {
  it('names the scenario, its SHA-256, the commit, the inputs and what differed from the commit, escaped', () => {
    const html = provenanceSection(makeResult({ provenance }));
    expect(html).toContain('<dd>scenarios/failover/kill-primary.yaml</dd>');
    expect(html).toContain(`<code>${'a'.repeat(64)}</code>`);
    expect(html).toContain('<code>0123456789abcdef0123456789abcdef01234567</code>');
    expect(html).toContain('runbooks/&#60;promote&#62;.sh differed from the commit when the drill ran');
    expect(html).toContain('step 4 (procedure)');
    expect(html).toContain('scenario.yaml');
    expect(html).not.toContain('<promote>');
  });

  it('says when the scenario was outside git, and when the record predates provenance', () => {
    const outside = provenanceSection(makeResult({ provenance: { ...provenance, commit: null, uncommitted: null } }));
    expect(outside).toContain('none: the scenario is not in a git repository');
    expect(provenanceSection(makeResult())).toContain('Not recorded: result.json predates the provenance record');
  });
});
