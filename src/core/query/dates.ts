/**
 * Turns the date values of a query into epoch milliseconds. The caller passes `now`, so the
 * same query text always resolves the same way in tests and across the tenants of one search
 * (main resolves once and every tenant compiles against the same instant).
 */

export interface ResolvedDate {
  /** Epoch ms of the instant, or of the start of the UTC day for date-only values. */
  start: number;
  /** For date-only values (`2026-01-01`, `today`, `yesterday`): the start of the next UTC day. */
  end: number | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Units of `"<n> <unit> ago"`. A month is 30 days and a year 365: the query is a filter, not a calendar. */
const UNITS: ReadonlyMap<string, number> = new Map([
  ['second', 1000],
  ['minute', MINUTE],
  ['min', MINUTE],
  ['hour', HOUR],
  ['day', DAY],
  ['week', 7 * DAY],
  ['month', 30 * DAY],
  ['year', 365 * DAY],
]);

const RELATIVE = /^(\d{1,9})\s*([a-z]+?)s?\s+ago$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Date and time, `T` or a space between them, optional seconds and fraction, optional zone. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** JavaScript dates reach ±8.64e15 ms; anything beyond cannot be a meaningful bound. */
const MAX_MS = 8.64e15;

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** Epoch ms of a UTC calendar date and time, or null when a part is out of range (2026-02-30). */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | null {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  return date.getTime();
}

/** Minutes east of UTC for `Z`, `+02:00`, `-0530`; null for an impossible offset. */
function offsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function relative(text: string, now: number): ResolvedDate | null {
  const match = RELATIVE.exec(text);
  if (!match) return null;
  const unit = UNITS.get(match[2] ?? '');
  if (unit === undefined) return null;
  const start = now - Number(match[1]) * unit;
  return Math.abs(start) <= MAX_MS ? { start, end: null } : null;
}

function absolute(text: string): ResolvedDate | null {
  const day = DATE_ONLY.exec(text);
  if (day) {
    const start = utc(Number(day[1]), Number(day[2]), Number(day[3]));
    return start === null ? null : { start, end: start + DAY };
  }
  const full = DATE_TIME.exec(text.toUpperCase());
  if (!full) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = full;
  const base = utc(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0));
  const offset = offsetMinutes(zone);
  if (base === null || offset === null) return null;
  // Only milliseconds are kept: columns store epoch ms.
  const ms = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  return { start: base + ms - offset * MINUTE, end: null };
}

/**
 * Resolves a query date: ISO-8601 date (`2026-01-01`) or date-time (`2026-01-01T10:00`,
 * `…:00Z`, `…:00+02:00`; no zone means UTC), `"<n> <unit>s ago"` (seconds … years), `now`,
 * `today` or `yesterday`. Returns null for anything else.
 */
export function resolveDate(value: string, now: Date): ResolvedDate | null {
  const text = value.trim().toLowerCase();
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) return null;
  if (text === 'now') return { start: nowMs, end: null };
  if (text === 'today' || text === 'yesterday') {
    const start = startOfUtcDay(nowMs) - (text === 'yesterday' ? DAY : 0);
    return { start, end: start + DAY };
  }
  return relative(text, nowMs) ?? absolute(text);
}
