/**
 * Whether PostgreSQL would accept a postgresql.conf setting, decided as its GUC code does
 * (guc.c: parse_bool, parse_int, parse_real, convert_to_base_unit, the enum lookup) against its
 * own parameter table, so a wrong setting is a positioned error before any container starts.
 * Where PostgreSQL's rules are looser than the table shows (hidden enum spellings, check hooks
 * of string settings), we accept: a false alarm would block a team's valid configuration.
 */
import { didYouMean, quote } from '../../model/wording.ts';
import type { PgParameter, PgParameterTable } from './parameter.ts';

/** Parameters of older majors that runbooks still carry, and what replaced them. */
const RENAMED: Readonly<Record<string, string>> = {
  wal_keep_segments: 'PostgreSQL 13 replaced it with wal_keep_size (in MB: segments × 16)',
  checkpoint_segments: 'PostgreSQL 9.5 replaced it with max_wal_size',
  standby_mode: 'since PostgreSQL 12 a standby.signal file in the data directory makes a standby',
  trigger_file: 'PostgreSQL 12 renamed it promote_trigger_file',
  promote_trigger_file: 'PostgreSQL 16 removed it: promote with pg_ctl promote or SELECT pg_promote()',
  vacuum_defer_cleanup_age: 'PostgreSQL 16 removed it: hot_standby_feedback or a replication slot does its work',
  old_snapshot_threshold: 'PostgreSQL 17 removed it',
  db_user_namespace: 'PostgreSQL 17 removed it',
};

/** Why `name = value` would be refused by PostgreSQL `major`, or null when it would be accepted. */
export function settingProblem(table: PgParameterTable, major: number, name: string, value: string): string | null {
  const parameter = table[name.toLowerCase()];
  if (parameter === undefined) {
    // A dotted name is a custom (extension) setting: PostgreSQL accepts any such name.
    if (name.includes('.')) return null;
    const successor = RENAMED[name.toLowerCase()];
    const hint = successor === undefined ? didYouMean(name.toLowerCase(), Object.keys(table)) : `: ${successor}`;
    return `PostgreSQL ${major} has no parameter ${quote(name)}${hint}`;
  }
  if (parameter.context === 'internal') {
    return `${name} is fixed when PostgreSQL is built or initialised (context internal): it cannot be set`;
  }
  return valueProblem(parameter, name, value);
}

function valueProblem(p: PgParameter, name: string, value: string): string | null {
  switch (p.type) {
    case 'bool':
      return parseBool(value) === null
        ? `${name} is a boolean (on, off, true, false, yes, no, 1, 0), not ${quote(value)}`
        : null;
    case 'enum':
      return enumProblem(p, name, value);
    case 'integer':
    case 'real':
      return numberProblem(p, name, value);
    default:
      return null;
  }
}

/** guc.c parse_bool: case-insensitive, unique prefixes of true/false/yes/no, on, of(f), 1, 0. */
export function parseBool(value: string): boolean | null {
  const v = value.toLowerCase();
  if (v === '') return null;
  if ('true'.startsWith(v) || 'yes'.startsWith(v) || v === 'on' || v === '1') return true;
  if ('false'.startsWith(v) || 'no'.startsWith(v) || v === 'of' || v === 'off' || v === '0') return false;
  return null;
}

/**
 * Spellings PostgreSQL accepts without listing them in pg_settings: every enum that has on/off
 * also takes the boolean words, the message levels take debug and info, and wal_level keeps its
 * pre-9.6 names.
 */
function hiddenValues(p: PgParameter, name: string): string[] {
  const values = p.values ?? [];
  const hidden = values.includes('on') || values.includes('off') ? ['true', 'false', 'yes', 'no', '1', '0'] : [];
  // the message-level enums take `debug` (= debug2) and `info` beside the levels they list
  if (values.includes('debug1')) hidden.push('debug', 'info');
  return name.toLowerCase() === 'wal_level' ? [...hidden, 'archive', 'hot_standby'] : hidden;
}

function enumProblem(p: PgParameter, name: string, value: string): string | null {
  const values = p.values ?? [];
  const v = value.toLowerCase();
  if (values.some((x) => x.toLowerCase() === v) || hiddenValues(p, name).includes(v)) return null;
  return `${name} is one of ${values.join(', ')}, not ${quote(value)}${didYouMean(v, values)}`;
}

/** Units from largest to smallest, in bytes or microseconds (guc.c's conversion tables, in their order). */
const MEMORY_UNITS: [string, number][] = [
  ['TB', 1024 ** 4],
  ['GB', 1024 ** 3],
  ['MB', 1024 ** 2],
  ['kB', 1024],
  ['B', 1],
];
const TIME_UNITS: [string, number][] = [
  ['d', 8.64e10],
  ['h', 3.6e9],
  ['min', 6e7],
  ['s', 1e6],
  ['ms', 1e3],
  ['us', 1],
];
/** A parameter's own unit, in bytes or microseconds, and the table its accepted units come from. */
const BASE_UNITS: Record<string, { size: number; units: [string, number][] }> = {
  B: { size: 1, units: MEMORY_UNITS },
  kB: { size: 1024, units: MEMORY_UNITS },
  '8kB': { size: 8192, units: MEMORY_UNITS },
  MB: { size: 1024 ** 2, units: MEMORY_UNITS },
  ms: { size: 1e3, units: TIME_UNITS },
  s: { size: 1e6, units: TIME_UNITS },
  min: { size: 6e7, units: TIME_UNITS },
};

/** C's rint() in the default rounding mode: halves go to the even neighbour (0.5 → 0, 256.5 → 256). */
export function rint(n: number): number {
  const floor = Math.floor(n);
  const fraction = n - floor;
  if (fraction !== 0.5) return Math.round(n);
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * guc.c convert_to_base_unit: the value in the parameter's own unit; a fractional amount is
 * first rounded to a whole number of the next smaller unit ("30.1GB" to whole MB).
 */
function toBaseUnit(n: number, unit: string, base: { size: number; units: [string, number][] }): number | null {
  const i = base.units.findIndex(([u]) => u === unit);
  if (i < 0) return null;
  const multiplier = base.units[i]![1] / base.size;
  const smaller = base.units[i + 1];
  const value = n * multiplier;
  if (smaller === undefined) return value;
  const step = smaller[1] / base.size;
  return rint(value / step) * step;
}

function numberProblem(p: PgParameter, name: string, value: string): string | null {
  const kind = p.type === 'integer' ? 'an integer' : 'a number';
  const base = p.unit === undefined ? undefined : BASE_UNITS[p.unit];
  const accepted = base === undefined ? '' : ` with an optional unit (${base.units.map(([u]) => u).join(', ')})`;
  const parsed = parseNumber(value, p.type === 'integer');
  if (parsed === null || Number.isNaN(parsed.number)) return `${name} is ${kind}${accepted}, not ${quote(value)}`;
  let n = parsed.number;
  if (parsed.unit !== '') {
    if (base === undefined) return `${name} takes no unit: ${quote(value)} has ${quote(parsed.unit)}`;
    const converted = toBaseUnit(n, parsed.unit, base);
    if (converted === null) {
      return `${name} is ${kind}${accepted}: ${quote(parsed.unit)} is not one of its units (they are case-sensitive)`;
    }
    n = converted;
  }
  if (p.type === 'integer') n = rint(n);
  const min = p.min ?? -Infinity;
  const max = p.max ?? Infinity;
  if (!(n >= min && n <= max)) {
    const unit = p.unit === undefined ? '' : ` (in ${p.unit})`;
    return `${name} = ${quote(value)} is outside PostgreSQL's range for it: ${p.min} to ${p.max}${unit}`;
  }
  return null;
}

/** The smallest normal double: strtod reports an underflow (ERANGE) below it. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * A number as C's strtol (base 0, so 0x… hex and 0… octal) or, when it goes on with `.` or an
 * exponent, strtod would read it; then optional spaces, a unit, optional spaces. Null when no
 * number starts the text or something follows the unit.
 */
export function parseNumber(text: string, integer: boolean): { number: number; unit: string } | null {
  // strtol (base 0) stops an octal number at its first 8 or 9; strtod reads every digit as decimal
  const wholePattern = integer ? '0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\\d*' : '0[xX][0-9a-fA-F]+|\\d+';
  const m = new RegExp(`^\\s*([+-]?)(${wholePattern})?(\\.\\d*)?([eE][+-]?\\d+)?\\s*([^\\s]*)\\s*$`).exec(text);
  const special = /^\s*([+-]?)(inf|infinity|nan)\s*([^\s]*)\s*$/i.exec(text);
  if (special) {
    const n = /^nan$/i.test(special[2] ?? '') ? Number.NaN : special[1] === '-' ? -Infinity : Infinity;
    return { number: n, unit: special[3] ?? '' };
  }
  if (!m) return null;
  const [, sign = '', whole, fraction, exponent, unit = ''] = m;
  if (whole === undefined && (fraction === undefined || fraction === '.')) return null;
  // strtol finds no digits in " .5" or "+.5" and leaves its end at the very start, which is not the
  // '.' that sends parse_int on to strtod: only a bare ".5" is read as a double
  if (integer && whole === undefined && !text.startsWith('.')) return null;
  const negative = sign === '-' ? -1 : 1;
  const floating = fraction !== undefined || exponent !== undefined || !integer;
  let n: number;
  if (whole !== undefined && /^0[xX]/.test(whole)) {
    if (fraction !== undefined) return null; // strtod would read a hex float; no setting is written so
    n = Number.parseInt(whole.slice(2), 16);
  } else if (!floating && whole !== undefined && whole.length > 1 && whole.startsWith('0')) {
    n = Number.parseInt(whole, 8);
  } else {
    const literal = `${whole ?? '0'}${fraction === '.' ? '' : (fraction ?? '')}`;
    n = Number(`${literal}${exponent ?? ''}`);
    // strtod's ERANGE, which PostgreSQL refuses: too large, or a non-zero value below the normal range
    const underflow = /[1-9]/.test(literal) && Math.abs(n) < MIN_NORMAL;
    if (!Number.isFinite(n) || underflow) return null;
  }
  return { number: negative * n, unit };
}
