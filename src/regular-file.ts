/**
 * Opening a path that should be a regular file without ever blocking on it: a named pipe would
 * block a read for ever and a device never end, so the type is checked on the open handle
 * (opened non-blocking), which also catches a file swapped for a FIFO after it was listed.
 */
import { type Stats, constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/** The path is a named pipe, a device or a socket: never read, named by its type. */
export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';
  constructor(
    readonly file: string,
    readonly kind: string,
  ) {
    super(`${file} is ${kind}, not a regular file`);
  }
}

/** What a non-regular file is, in words. */
export function specialFileKind(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * A read handle on `file` and its stats, when it is a regular file. A directory throws EISDIR
 * (as readFile would); a special file NotRegularFileError; the caller closes the handle.
 */
export async function openRegularFile(file: string): Promise<{ handle: FileHandle; info: Stats }> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  const info = await handle.stat();
  if (info.isFile()) return { handle, info };
  await handle.close();
  if (info.isDirectory()) throw Object.assign(new Error(`${file} is a directory`), { code: 'EISDIR' });
  throw new NotRegularFileError(file, specialFileKind(info));
}
