import type { DumpDate } from './types';

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of a (proleptic Gregorian) year. */
function daysIn(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS[month - 1];
}

/** Days from 1970-01-01 to a civil date (Howard Hinnant's days_from_civil), no Date object. */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** A date at minute precision; its text is made on first use (most dates are only compared). */
class MinuteDate implements DumpDate {
  #t: string | undefined;
  constructor(
    readonly minute: number,
    readonly seconds?: number,
  ) {}
  get text(): string {
    return (this.#t ??= formatMinute(this.minute));
  }
  toJSON(): { text: string; minute: number; seconds?: number } {
    return this.seconds === undefined ? { text: this.text, minute: this.minute } : { text: this.text, minute: this.minute, seconds: this.seconds };
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Parses `YYYY-M-D H:MM` with optional `:SS` at `start` of `s` (the archive's date form; month,
 * day and hour may or may not be zero-padded). Returns the date and where it ends, or null when
 * the text is not such a date or names an impossible time (`2025-13-45 99:99`).
 */
export function parseDumpDateAt(s: string, start: number): { date: DumpDate; end: number } | null {
  let i = start;
  let y = 0;
  for (let k = 0; k < 4; k++, i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return null;
    y = y * 10 + c - 48;
  }
  if (s.charCodeAt(i++) !== 45 /* - */) return null;
  let mo = 0;
  let n = 0;
  for (; n < 2 && isDigit(s.charCodeAt(i)); n++, i++) mo = mo * 10 + s.charCodeAt(i) - 48;
  if (n === 0 || s.charCodeAt(i++) !== 45) return null;
  let d = 0;
  for (n = 0; n < 2 && isDigit(s.charCodeAt(i)); n++, i++) d = d * 10 + s.charCodeAt(i) - 48;
  if (n === 0 || s.charCodeAt(i) !== 32) return null;
  while (s.charCodeAt(i) === 32) i++;
  let h = 0;
  for (n = 0; n < 2 && isDigit(s.charCodeAt(i)); n++, i++) h = h * 10 + s.charCodeAt(i) - 48;
  if (n === 0 || s.charCodeAt(i++) !== 58 /* : */) return null;
  if (!isDigit(s.charCodeAt(i)) || !isDigit(s.charCodeAt(i + 1))) return null;
  const mi = (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
  i += 2;
  let sec: number | undefined;
  if (s.charCodeAt(i) === 58 && isDigit(s.charCodeAt(i + 1)) && isDigit(s.charCodeAt(i + 2))) {
    sec = (s.charCodeAt(i + 1) - 48) * 10 + s.charCodeAt(i + 2) - 48;
    i += 3;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || (sec !== undefined && sec > 59)) return null;
  const minute = (daysFromCivil(y, mo, d) * 24 + h) * 60 + mi;
  return { date: new MinuteDate(minute, sec), end: i };
}

/** Parses a whole string as a dump date (surrounding white space allowed). */
export function parseDumpDate(s: string): DumpDate | null {
  const t = s.trim();
  const r = parseDumpDateAt(t, 0);
  return r && r.end === t.length ? r.date : null;
}

/** A year as the archive writes it: four digits (`0025`, not `25`, which no date parser reads back). */
const year4 = (d: Date): string => String(d.getUTCFullYear()).padStart(4, '0');

/** Formats a minute number back to `YYYY-MM-DD HH:MM`. */
export function formatMinute(minute: number): string {
  const d = new Date(minute * 60000);
  return `${year4(d)}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** Formats a minute number the way the archive writes post headers: `2025-1-31 09:28`. */
export function formatMinuteArchive(minute: number): string {
  const d = new Date(minute * 60000);
  return `${year4(d)}-${d.getUTCMonth() + 1}-${d.getUTCDate()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}
