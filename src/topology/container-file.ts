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

/** A tar archive holding one file (ustar header + content, padded), for the engine's archive API. */
export function tarOfOneFile(name: string, content: string): Buffer {
  const body = Buffer.from(content);
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write(
    `${Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
  );
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  const checksum = [...header].reduce((sum, byte) => sum + byte, 0);
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([header, body, padding, Buffer.alloc(1024)]);
}

/** Docker's non-TTY log format prefixes each chunk with an 8-byte header (stream, size). */
export function demuxDockerLog(buffer: Buffer): string {
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    chunks.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(chunks).toString('utf8');
}
