import { describe, expect, it } from 'vitest';
import { missingPreloadLibrary } from './missing-library.ts';

const REFUSED =
  'pg-1 (primary) never became ready: … FATAL:  could not access file "repmgr": No such file or directory';

describe('missingPreloadLibrary', () => {
  it('names a preloaded library the image lacks as the scenario’s finding on that major', () => {
    expect(missingPreloadLibrary({ shared_preload_libraries: 'pg_stat_statements, repmgr' }, 18, REFUSED)).toBe(
      "shared_preload_libraries names repmgr, which the node image for PostgreSQL 18 does not install (Debian packages repmgr for some majors only; the report's components list says which this one has)",
    );
  });

  it('MUST leave any other start failure to the harness (exit 3)', () => {
    expect(missingPreloadLibrary({ shared_preload_libraries: 'pg_stat_statements' }, 18, REFUSED)).toBeNull();
    expect(missingPreloadLibrary({}, 18, REFUSED)).toBeNull();
    expect(missingPreloadLibrary({ shared_preload_libraries: 'repmgr' }, 18, 'no space left on device')).toBeNull();
  });
});
