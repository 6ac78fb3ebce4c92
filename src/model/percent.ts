/** Percentages as scenario files write them: a number from 0 to 100, or text such as `5%` or `0.5%`. */

/** `5%`, `0.5%`, `100%`: published in the JSON Schema; the range is checked by `parsePercent`. */
export const PERCENT_PATTERN = String.raw`^\d{1,3}(?:\.\d{1,6})?%$`;

const PERCENT_REGEX = new RegExp(PERCENT_PATTERN);

/** Thrown for a value that is not a percentage from 0 to 100. */
export class PercentFormatError extends Error {
  constructor(value: number | string, reason: string) {
    super(`invalid percentage ${JSON.stringify(value)}: ${reason}`);
    this.name = 'PercentFormatError';
  }
}

/** The percentage in `value` (`5`, `"5%"` → 5). Throws PercentFormatError outside 0–100 or for other text. */
export function parsePercent(value: number | string): number {
  let percent: number;
  if (typeof value === 'number') percent = value;
  else if (PERCENT_REGEX.test(value)) percent = Number(value.slice(0, -1));
  else if (/^\d+(\.\d+)?$/.test(value)) throw new PercentFormatError(value, `add "%", e.g. ${value}%`);
  else throw new PercentFormatError(value, 'write a number from 0 to 100, optionally with "%", e.g. 5 or 5%');
  if (!Number.isFinite(percent) || percent < 0 || percent > 100)
    throw new PercentFormatError(value, 'must be from 0 to 100');
  return percent;
}
