/**
 * Reads one file out of a container, running or dead, through the engine's archive API (what
 * `docker cp` uses): the node's log is then complete even for a killed node, with no lag behind
 * a `tail -F`.
 */
import { dockerClient } from './docker-client.ts';

export async function readContainerFile(containerId: string, file: string): Promise<string> {
  const stream = await dockerClient().getContainer(containerId).getArchive({ path: file });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return firstTarEntry(Buffer.concat(chunks)).toString('utf8');
}

/** The content of the first entry of a tar archive (ustar: 512-byte header, size in octal at 124). */
export function firstTarEntry(tar: Buffer): Buffer {
  if (tar.length < 512) return Buffer.alloc(0);
  const size = Number.parseInt(tar.subarray(124, 136).toString('ascii').replace(/\0/g, '').trim() || '0', 8);
  return tar.subarray(512, 512 + size);
}
