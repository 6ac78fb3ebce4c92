/**
 * Float noise off reported numbers (1.0006162600000006 s → 1.000616 s). Applied after the
 * verdict, so rounding can never flip an expectation at its bound; microseconds stay.
 */
export function presentable<T>(value: T): T {
  if (typeof value === 'number') return (Number.isInteger(value) ? value : Math.round(value * 1e6) / 1e6) as T;
  if (Array.isArray(value)) return value.map(presentable) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, presentable(v)])) as T;
  }
  return value;
}
