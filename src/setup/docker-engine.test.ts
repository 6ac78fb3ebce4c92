import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../errors.ts';
import { DOCKERD_DIRS, adminPath, findExecutable, startDockerd } from './docker-engine.ts';

describe('findExecutable', () => {
  const only =
    (...files: string[]) =>
    (file: string) =>
      files.includes(file);

  it('finds dockerd in /usr/sbin when PATH lacks it (root after a plain `su` on Debian)', () => {
    expect(findExecutable('dockerd', '/usr/local/bin:/usr/bin:/bin', DOCKERD_DIRS, only('/usr/sbin/dockerd'))).toBe(
      '/usr/sbin/dockerd',
    );
  });

  it('prefers PATH, in order, over the fallback directories', () => {
    expect(
      findExecutable(
        'dockerd',
        '/opt/docker/bin:/usr/bin',
        DOCKERD_DIRS,
        only('/usr/sbin/dockerd', '/opt/docker/bin/dockerd', '/usr/bin/dockerd'),
      ),
    ).toBe('/opt/docker/bin/dockerd');
  });

  it('returns null when there is none, and ignores relative PATH entries', () => {
    expect(findExecutable('dockerd', '.:bin', DOCKERD_DIRS, only('bin/dockerd', 'dockerd'))).toBeNull();
    expect(findExecutable('dockerd', undefined, [], () => true)).toBeNull();
  });

  it('checks the real file system by default', () => {
    expect(findExecutable('sh', process.env.PATH, ['/bin'])).toMatch(/\/sh$/);
    expect(findExecutable('no-such-pgdrill-binary', process.env.PATH)).toBeNull();
  });
});

describe('adminPath', () => {
  it('appends the sbin directories a plain `su` leaves out, keeping the user order first', () => {
    expect(adminPath('/root/bin:/usr/bin:/bin')).toBe(
      '/root/bin:/usr/bin:/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin',
    );
  });

  it('changes nothing when all are there, and copes with no PATH', () => {
    const full = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
    expect(adminPath(full)).toBe(full);
    expect(adminPath(undefined)).toBe(full);
  });
});

describe('startDockerd', () => {
  it('a dockerd that cannot be spawned is an InfrastructureError, not a crash', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-dockerd-test-'));
    try {
      const started = startDockerd(path.join(dir, 'no-such-dockerd'), path.join(dir, 'dockerd.log'));
      const error = await started.promise.catch((e: unknown) => e);
      started.stopWatching();
      expect(error).toBeInstanceOf(InfrastructureError);
      expect(error).toMatchObject({
        code: 'PGDRILL_DOCKERD_START_FAILED',
        message: expect.stringMatching(/ENOENT/),
        hint: expect.stringContaining('dockerd.log'),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
