/**
 * Byte sizes as scenario files write them, PostgreSQL-style: `512kB`, `16MB`, `1GB` (kB = 1024).
 * `KB`, `MiB` and `GiB` are accepted too, with the same binary meaning.
 */

const UNIT_BYTES = { B: 1, kB: 1024, KB: 1024, MB: 1024 ** 2, MiB: 1024 ** 2, GB: 1024 ** 3, GiB: 1024 ** 3 } as const;
type Unit = keyof typeof UNIT_BYTES;

/** A size: an amount (decimals allowed), optionally one space, and one unit. Published in the JSON Schema. */
export const SIZE_PATTERN = String.raw`^\d{1,12}(?:\.\d{1,9})? ?(?:B|kB|KB|MB|MiB|GB|GiB)$`;

const SIZE_REGEX = /^(\d{1,12}(?:\.\d{1,9})?) ?(B|kB|KB|MB|MiB|GB|GiB)$/;

export const SIZE_EXAMPLES = '512kB, 16MB, 1GB, 16MiB';

/** Thrown for text that is not a size; the message says what a size looks like. */
export class SizeFormatError extends Error {
  constructor(text: string, reason: string) {
    super(`invalid size ${JSON.stringify(text)}: ${reason}`);
    this.name = 'SizeFormatError';
  }
}

/**
 * Bytes in `text` (e.g. `"16MB"` → 16777216; kB, MB, GB are powers of 1024 as in
 * postgresql.conf), rounded to a whole byte. Throws SizeFormatError for anything else.
 */
export function parseSize(text: string): number {
  const match = SIZE_REGEX.exec(text);
  if (match === null) {
    if (/^\d+(\.\d+)?$/.test(text))
      throw new SizeFormatError(text, `add a unit (B, kB, MB, GB), e.g. ${text}MB, or write a plain number of bytes`);
    const unit = /^\d+(?:\.\d+)?\s*([A-Za-z]+)$/.exec(text)?.[1];
    const meant =
      unit === undefined
        ? undefined
        : (Object.keys(UNIT_BYTES) as Unit[]).find((u) => u.toLowerCase() === unit.toLowerCase());
    const hint = meant === undefined ? '' : ` (did you mean ${meant}?)`;
    throw new SizeFormatError(
      text,
      `write a number with a unit (B, kB, KB, MB, MiB, GB, GiB), e.g. ${SIZE_EXAMPLES}${hint}`,
    );
  }
  const [, amount = '', unit = 'B'] = match;
  const bytes = Math.round(Number(amount) * UNIT_BYTES[unit as Unit]);
  if (!Number.isSafeInteger(bytes)) throw new SizeFormatError(text, 'too large');
  return bytes;
}
