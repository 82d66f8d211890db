/**
 * Dates as the date operators read them (`isBefore`, `isAfter`, `isSame`, `toUnix`, "Date to
 * string"): ISO 8601 / RFC 3339 text (any number of fraction digits, as Go writes nanoseconds;
 * no offset means UTC), Unix epochs as numbers or digits (seconds below 1e11, milliseconds
 * above: 1e11 s is the year 5138 and 1e11 ms is 1973, so no real date is ambiguous), and Go's
 * standard layouts (RFC 1123, RFC 822, RFC 850, ANSIC, UnixDate, RubyDate). Text in any other
 * shape is refused rather than guessed, since `Date.parse` would read it in the host's zone.
 */
import { OperatorError } from './operator-error.js';
import { parseGoLayout, utcDate } from './go-time-layout.js';
import { describe, isMissing } from './values.js';

export const RFC822 = '02 Jan 06 15:04 MST';

const GO_LAYOUTS = [
  'Mon, 02 Jan 2006 15:04:05 MST', // RFC1123
  'Mon, 02 Jan 2006 15:04:05 -0700', // RFC1123Z
  RFC822,
  '02 Jan 06 15:04 -0700', // RFC822Z
  'Monday, 02-Jan-06 15:04:05 MST', // RFC850
  'Mon Jan _2 15:04:05 2006', // ANSIC
  'Mon Jan _2 15:04:05 MST 2006', // UnixDate
  'Mon Jan 02 15:04:05 -0700 2006', // RubyDate
  '2006-01-02 15:04:05 -0700 MST', // Go's time.Time.String()
  '2006-01-02 15:04:05 -0700',
];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^[+-]?\d+(?:\.\d+)?$/;
const SECONDS_LIMIT = 1e11;

/** The instant a value stands for, or undefined when it is missing or not a date. */
export function parseDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (EPOCH.test(text)) return fromEpoch(Number(text));
  const iso = ISO.exec(text);
  if (iso) return fromIso(iso);
  for (const layout of GO_LAYOUTS) {
    const date = parseGoLayout(text, layout);
    if (date) return date;
  }
  return undefined;
}

/** `parseDate` for an operator: undefined when missing, an `OperatorError` when not a date. */
export function readDate(operator: string, value: unknown): Date | undefined {
  if (isMissing(value) || value === '') return undefined;
  const date = parseDate(value);
  if (!date) throw new OperatorError(operator, `cannot read ${describe(value)} as a date`);
  return date;
}

function fromEpoch(n: number): Date | undefined {
  if (!Number.isFinite(n)) return undefined;
  const ms = Math.abs(n) < SECONDS_LIMIT ? n * 1000 : n;
  const date = new Date(Math.round(ms));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function fromIso(m: RegExpExecArray): Date | undefined {
  const n = (i: number): number => Number(m[i] ?? '0');
  const fraction = m[7] ?? '';
  const ms = fraction === '' ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const zone = m[8] ?? '';
  let offset = 0;
  if (zone !== '' && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * (zone.startsWith('-') ? -1 : 1);
  }
  return utcDate(n(1), n(2), n(3), n(4), n(5), n(6), ms, offset);
}

/** Seconds since the Unix epoch, as "Date to Unix" gives them (whole seconds). */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
