/** Durations as scenario files write them: `500ms`, `5s`, `0.5s`, `2m`, `1m30s`, `1h`. */

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;

const AMOUNT = String.raw`\d{1,9}(?:\.\d{1,9})?`;

/**
 * A duration: amounts with units, largest unit first, each unit at most once; the empty
 * string matches too and is rejected separately. Published in the JSON Schema, so editors
 * flag what `parseDuration` rejects; hence no lookarounds, which some validators lack.
 */
export const DURATION_PATTERN = `^(?:${AMOUNT}h)?(?:${AMOUNT}m)?(?:${AMOUNT}s)?(?:${AMOUNT}ms)?$`;

const DURATION_REGEX = new RegExp(DURATION_PATTERN);
const PART_REGEX = /(\d+)(?:\.(\d+))?(ms|h|m|s)/g;

export const DURATION_EXAMPLES = '500ms, 5s, 0.5s, 2m, 1m30s, 1h';

/** A sane bound: a wait or timeout past a day is a typo (and past 24.8 days Node's timers overflow). */
export const MAX_DURATION_MS = 24 * 3_600_000;

/** Thrown for text that is not a duration; the message says what a duration looks like. */
export class DurationFormatError extends Error {
  constructor(text: string, reason: string) {
    super(`invalid duration ${JSON.stringify(text)}: ${reason}`);
    this.name = 'DurationFormatError';
  }
}

/** Milliseconds in `text` (e.g. `"1m30s"` → 90000). Throws DurationFormatError for anything else. */
export function parseDuration(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) {
    throw new DurationFormatError(text, `add a unit (h, m, s, ms), e.g. ${text}s`);
  }
  if (text === '' || !DURATION_REGEX.test(text)) {
    throw new DurationFormatError(text, `write a number with a unit (h, m, s, ms), e.g. ${DURATION_EXAMPLES}`);
  }
  let total = 0;
  for (const [, whole = '', fraction = '', unit] of text.matchAll(PART_REGEX)) {
    const unitMs = UNIT_MS[unit as Unit];
    // Exact integer arithmetic: 0.7 * 1000 is 700.0000000000001 in floating point.
    const scale = 10 ** fraction.length;
    const fractionMs = (Number(fraction || '0') * unitMs) / scale;
    if (!Number.isInteger(fractionMs)) {
      throw new DurationFormatError(text, 'durations are counted in whole milliseconds');
    }
    total += Number(whole) * unitMs + fractionMs;
  }
  if (!Number.isSafeInteger(total) || total > MAX_DURATION_MS) {
    throw new DurationFormatError(text, 'at most 24h: nothing in a drill waits or is bounded longer than a day');
  }
  return total;
}
