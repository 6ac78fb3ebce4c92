import { describe, expect, it } from 'vitest';
import { TeamConfigError } from '../errors.ts';
import { unreadable } from './team-yaml.ts';

describe('unreadable', () => {
  it("names the component, the file and the parser's line; or says the file holds no mapping", () => {
    const syntax = unreadable(
      { problem: 'syntax', line: 4, message: 'Unexpected flow-seq' },
      'patroni.yml',
      'Patroni',
      'a Patroni configuration',
    );
    expect(syntax).toBeInstanceOf(TeamConfigError);
    expect(syntax.message).toBe('Patroni cannot read patroni.yml at line 4: Unexpected flow-seq');
    expect(unreadable({ problem: 'not-a-mapping' }, 'etcd.yml', 'etcd', 'an etcd configuration file').message).toBe(
      'etcd.yml is not an etcd configuration file: it holds no YAML mapping',
    );
  });
});
