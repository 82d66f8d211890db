/**
 * Go time layouts (`02 Jan 06 15:04 MST`): the server is written in Go, so its date
 * operators read and write dates with Go's reference-time layouts, and content passes such
 * layouts (the `format` of "Date to string"). Formatting is always in UTC: Palisade keeps no
 * server time zone. Parsing honours the offset written in the text; a zone abbreviation that
 * is not in the small table below reads as UTC, as Go reads an abbreviation it does not know.
 */

type Std =
  | 'January' | 'Jan' | 'Monday' | 'Mon' | 'MST' | '2006' | '06' | '01' | '1' | '02' | '2' | '_2' | '002' | '__2'
  | '15' | '03' | '3' | '04' | '4' | '05' | '5' | 'PM' | 'pm'
  | '-07:00:00' | '-070000' | '-07:00' | '-0700' | '-07' | 'Z07:00:00' | 'Z070000' | 'Z07:00' | 'Z0700' | 'Z07';

type Chunk = { readonly lit: string } | { readonly std: Std } | { readonly frac: number; readonly trim: boolean };

// Longest first where one is a prefix of another, as Go's nextStdChunk decides.
const STDS: readonly Std[] = [
  'January', 'Jan', 'Monday', 'Mon', 'MST', '2006', '002', '01', '02', '03', '04', '05', '06', '15', '1', '2', '__2', '_2',
  '3', '4', '5', 'PM', 'pm', '-07:00:00', '-070000', '-07:00', '-0700', '-07', 'Z07:00:00', 'Z070000', 'Z07:00', 'Z0700', 'Z07',
];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ZONES: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, UT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  CET: 60, CEST: 120, BST: 60, IST: 330, JST: 540,
};

function tokenize(layout: string): Chunk[] {
  const chunks: Chunk[] = [];
  let lit = '';
  let i = 0;
  while (i < layout.length) {
    const rest = layout.slice(i);
    const frac = /^[.,](0+|9+)(?!\d)/.exec(rest);
    const std = rest.startsWith('_2006') ? undefined : STDS.find((s) => rest.startsWith(s));
    if (frac || std !== undefined) {
      if (lit !== '') chunks.push({ lit });
      lit = '';
      if (frac) chunks.push({ frac: (frac[1] ?? '').length, trim: frac[1]?.[0] === '9' });
      else if (std !== undefined) chunks.push({ std });
      i += frac ? frac[0].length : (std ?? '').length;
    } else {
      lit += layout[i];
      i += 1;
    }
  }
  if (lit !== '') chunks.push({ lit });
  return chunks;
}

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);

/** `date` written with a Go layout, in UTC. */
export function formatGoLayout(date: Date, layout: string): string {
  const y = date.getUTCFullYear();
  const mo = date.getUTCMonth();
  const d = date.getUTCDate();
  const h = date.getUTCHours();
  const newYear = new Date(0);
  newYear.setUTCFullYear(y, 0, 1);
  const yday = Math.floor((date.getTime() - newYear.getTime()) / 86_400_000) + 1;
  const std: Record<Std, string> = {
    January: MONTHS[mo] ?? '', Jan: (MONTHS[mo] ?? '').slice(0, 3), Monday: DAYS[date.getUTCDay()] ?? '',
    Mon: (DAYS[date.getUTCDay()] ?? '').slice(0, 3), MST: 'UTC', '2006': pad(y, 4), '06': pad(y % 100, 2),
    '01': pad(mo + 1, 2), '1': String(mo + 1), '02': pad(d, 2), '2': String(d), '_2': pad(d, 2, ' '),
    '002': pad(yday, 3), '__2': pad(yday, 3, ' '), '15': pad(h, 2), '03': pad(h % 12 || 12, 2), '3': String(h % 12 || 12),
    '04': pad(date.getUTCMinutes(), 2), '4': String(date.getUTCMinutes()), '05': pad(date.getUTCSeconds(), 2),
    '5': String(date.getUTCSeconds()), PM: h < 12 ? 'AM' : 'PM', pm: h < 12 ? 'am' : 'pm',
    '-07:00:00': '+00:00:00', '-070000': '+000000', '-07:00': '+00:00', '-0700': '+0000', '-07': '+00',
    'Z07:00:00': 'Z', 'Z070000': 'Z', 'Z07:00': 'Z', 'Z0700': 'Z', 'Z07': 'Z',
  };
  let out = '';
  for (const c of tokenize(layout)) {
    if ('lit' in c) out += c.lit;
    else if ('std' in c) out += std[c.std];
    else {
      const digits = pad(date.getUTCMilliseconds(), 3).padEnd(c.frac, '0').slice(0, c.frac);
      const kept = c.trim ? digits.replace(/0+$/, '') : digits;
      if (kept !== '') out += `.${kept}`;
    }
  }
  return out;
}

interface Fields {
  year: number; month: number; day: number; yday: number; hour: number; min: number; sec: number; ms: number;
  pm?: boolean; offset: number;
}

/** `text` read with a Go layout, or undefined when it does not fit the layout exactly. */
export function parseGoLayout(text: string, layout: string): Date | undefined {
  const f: Fields = { year: 1, month: 1, day: 1, yday: 0, hour: 0, min: 0, sec: 0, ms: 0, offset: 0 };
  let rest = text;
  const take = (re: RegExp): string | undefined => {
    const m = re.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(m[0].length);
    return m[0];
  };
  const chunks = tokenize(layout);
  for (const [i, c] of chunks.entries()) {
    if ('lit' in c) {
      if (!rest.startsWith(c.lit)) return undefined;
      rest = rest.slice(c.lit.length);
    } else if ('frac' in c) {
      const digits = take(c.trim ? /^[.,]\d+/ : new RegExp(`^[.,]\\d{${c.frac}}`));
      if (digits === undefined && !c.trim) return undefined;
      if (digits !== undefined) f.ms = Math.floor(Number(`0.${digits.slice(1)}`) * 1000);
    } else if (!readStd(c.std, take, f)) {
      return undefined;
    } else if ((c.std === '05' || c.std === '5') && !(chunks[i + 1] !== undefined && 'frac' in (chunks[i + 1] ?? {}))) {
      // Go accepts fractional seconds after the seconds even when the layout has none.
      const digits = take(/^[.,]\d+/);
      if (digits !== undefined) f.ms = Math.floor(Number(`0.${digits.slice(1)}`) * 1000);
    }
  }
  if (rest !== '') return undefined;
  return build(f);
}

function readStd(std: Std, take: (re: RegExp) => string | undefined, f: Fields): boolean {
  const num = (re: RegExp): number | undefined => {
    const t = take(re);
    return t === undefined ? undefined : Number(t.trim());
  };
  const set = (key: 'year' | 'month' | 'day' | 'yday' | 'hour' | 'min' | 'sec', n: number | undefined): boolean => {
    if (n === undefined) return false;
    f[key] = n;
    return true;
  };
  switch (std) {
    case 'January': case 'Jan': {
      const name = take(std === 'Jan' ? /^[A-Za-z]{3}/ : /^[A-Za-z]+/)?.toLowerCase();
      const index = MONTHS.findIndex((m) => (std === 'Jan' ? m.slice(0, 3) : m).toLowerCase() === name);
      return set('month', index < 0 ? undefined : index + 1);
    }
    case 'Monday': case 'Mon':
      return take(std === 'Mon' ? /^[A-Za-z]{3}/ : /^[A-Za-z]+/) !== undefined;
    case 'MST': {
      const zone = take(/^[A-Z]{1,5}/);
      if (zone === undefined) return false;
      f.offset = ZONES[zone] ?? 0;
      return true;
    }
    case '2006': return set('year', num(/^\d{4}/));
    case '06': {
      const yy = num(/^\d{2}/);
      return set('year', yy === undefined ? undefined : yy + (yy >= 69 ? 1900 : 2000));
    }
    case '01': return set('month', num(/^\d{2}/));
    case '1': return set('month', num(/^\d{1,2}/));
    case '02': return set('day', num(/^\d{2}/));
    case '2': return set('day', num(/^\d{1,2}/));
    case '_2': return set('day', num(/^ ?\d{1,2}/));
    case '002': return set('yday', num(/^\d{3}/));
    case '__2': return set('yday', num(/^ {0,2}\d{1,3}/));
    case '15': return set('hour', num(/^\d{1,2}/));
    case '03': return set('hour', num(/^\d{2}/));
    case '3': return set('hour', num(/^\d{1,2}/));
    case '04': return set('min', num(/^\d{2}/));
    case '4': return set('min', num(/^\d{1,2}/));
    case '05': return set('sec', num(/^\d{2}/));
    case '5': return set('sec', num(/^\d{1,2}/));
    case 'PM': case 'pm': {
      const half = take(/^[AaPp][Mm]/);
      if (half !== undefined) f.pm = half.toLowerCase() === 'pm';
      return half !== undefined;
    }
    default:
      return readOffset(std, take, f);
  }
}

function readOffset(std: Std, take: (re: RegExp) => string | undefined, f: Fields): boolean {
  if (std.startsWith('Z') && take(/^Z/) !== undefined) {
    f.offset = 0;
    return true;
  }
  const shape = std.slice(1).replace(/\d/g, '\\d');
  const text = take(new RegExp(`^[+-]${shape}`));
  if (text === undefined) return false;
  const digits = text.slice(1).replace(/:/g, '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  f.offset = text.startsWith('-') ? -minutes : minutes;
  return true;
}

function build(f: Fields): Date | undefined {
  let hour = f.hour;
  if (f.pm !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (f.pm ? 12 : 0);
  }
  if (f.yday > 0) {
    const start = new Date(0);
    start.setUTCFullYear(f.year, 0, f.yday);
    if (start.getUTCFullYear() !== f.year) return undefined;
    f.month = start.getUTCMonth() + 1;
    f.day = start.getUTCDate();
  }
  return utcDate(f.year, f.month, f.day, hour, f.min, f.sec, f.ms, f.offset);
}

/** A UTC instant from calendar fields (years 0–99 stay years 0–99), or undefined when out of range. */
export function utcDate(year: number, month: number, day: number, hour: number, min: number, sec: number, ms: number, offsetMinutes: number): Date | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || min > 59 || sec > 59) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCDate() !== day) return undefined;
  d.setUTCHours(hour, min, sec, ms);
  const t = d.getTime() - offsetMinutes * 60_000;
  return Number.isNaN(t) ? undefined : new Date(t);
}
