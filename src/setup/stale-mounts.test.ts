import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_ROOT, dataRoot, mountsUnder } from './stale-mounts.ts';

// /proc/self/mountinfo of the machine where a dockerd stopped mid-drill left its containers'
// mounts, and the next dockerd's bind of its data root (44) hid them (trimmed options)
const MOUNTINFO = `26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
21 26 0:20 / /proc rw,relatime - proc proc rw
64 26 0:41 / /var/lib/docker/overlay2/757a/merged rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/M
67 64 254:0 /var/lib/docker/containers/5553/resolv.conf /var/lib/docker/overlay2/757a/merged/etc/resolv.conf rw,relatime - ext4 /dev/vda rw
68 64 254:0 /var/lib/docker/containers/5553/hostname /var/lib/docker/overlay2/757a/merged/etc/hostname rw,relatime - ext4 /dev/vda rw
44 26 254:0 /var/lib/docker /var/lib/docker rw,relatime shared:1 - ext4 /dev/vda rw
90 26 0:50 / /var/lib/docker-other/x rw - tmpfs tmpfs rw
91 26 0:51 / /srv/my\\040data rw - tmpfs tmpfs rw
`;

describe('mountsUnder', () => {
  it("lists the data root's mounts deepest first, the bind that hides them last", () => {
    expect(mountsUnder(MOUNTINFO, '/var/lib/docker')).toEqual([
      '/var/lib/docker/overlay2/757a/merged/etc/resolv.conf',
      '/var/lib/docker/overlay2/757a/merged/etc/hostname',
      '/var/lib/docker/overlay2/757a/merged',
      '/var/lib/docker',
    ]);
  });

  it('leaves every other mount alone, a sibling whose name starts the same included', () => {
    const points = mountsUnder(MOUNTINFO, '/var/lib/docker/');
    expect(points).not.toContain('/var/lib/docker-other/x');
    expect(points).not.toContain('/');
    expect(points).not.toContain('/proc');
  });

  it("decodes mountinfo's octal escapes", () => {
    expect(mountsUnder(MOUNTINFO, '/srv/my data')).toEqual(['/srv/my data']);
  });
});

describe('dataRoot', () => {
  it("reads daemon.json's data-root, and falls back to Docker's default", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-daemon-json-'));
    const file = path.join(dir, 'daemon.json');
    await writeFile(file, JSON.stringify({ 'data-root': '/srv/docker' }));
    expect(await dataRoot(file)).toBe('/srv/docker');
    await writeFile(file, '{ not json');
    expect(await dataRoot(file)).toBe(DEFAULT_DATA_ROOT);
    expect(await dataRoot(path.join(dir, 'absent.json'))).toBe(DEFAULT_DATA_ROOT);
  });
});
