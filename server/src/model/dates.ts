import type { DumpDate } from './types';

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** Days in a month of a (proleptic Gregorian) year. */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Reads a run of ASCII digits at `i`; returns [value, next index], value -1 when there are none. */
function digits(s: string, i: number, max: number): [number, number] {
  let v = 0;
  let j = i;
  while (j < s.length && j - i < max) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    j++;
  }
  return j === i ? [-1, i] : [v, j];
}

/**
 * Parses `YYYY-M-D H:MM` with optional `:SS` at `start` of `s` (the archive's date form; month,
 * day and hour may or may not be zero-padded). Returns the date and where it ends, or null when
 * the text is not such a date or names an impossible time (`2025-13-45 99:99`).
 */
export function parseDumpDateAt(s: string, start: number): { date: DumpDate; end: number } | null {
  let i = start;
  const [y, a] = digits(s, i, 4);
  if (y < 0 || a - i !== 4 || s.charCodeAt(a) !== 45 /* - */) return null;
  const [mo, b] = digits(s, a + 1, 2);
  if (mo < 0 || s.charCodeAt(b) !== 45) return null;
  const [d, c] = digits(s, b + 1, 2);
  if (d < 0) return null;
  i = c;
  // One or more spaces between date and time.
  if (s.charCodeAt(i) !== 32) return null;
  while (s.charCodeAt(i) === 32) i++;
  const [h, e] = digits(s, i, 2);
  if (h < 0 || s.charCodeAt(e) !== 58 /* : */) return null;
  const [mi, f] = digits(s, e + 1, 2);
  if (mi < 0 || f - (e + 1) !== 2) return null;
  let end = f;
  let sec: number | undefined;
  if (s.charCodeAt(f) === 58) {
    const [sv, g] = digits(s, f + 1, 2);
    if (sv >= 0 && g - (f + 1) === 2) {
      sec = sv;
      end = g;
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || (sec !== undefined && sec > 59)) {
    return null;
  }
  const date: DumpDate = {
    text: `${y}-${pad2(mo)}-${pad2(d)} ${pad2(h)}:${pad2(mi)}`,
    minute: Date.UTC(y, mo - 1, d, h, mi) / 60000,
  };
  if (sec !== undefined) date.seconds = sec;
  return { date, end };
}

/** Parses a whole string as a dump date (surrounding white space allowed). */
export function parseDumpDate(s: string): DumpDate | null {
  const t = s.trim();
  const r = parseDumpDateAt(t, 0);
  return r && r.end === t.length ? r.date : null;
}

/** Formats a minute number back to `YYYY-MM-DD HH:MM`. */
export function formatMinute(minute: number): string {
  const d = new Date(minute * 60000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** Formats a minute number the way the archive writes post headers: `2025-1-31 09:28`. */
export function formatMinuteArchive(minute: number): string {
  const d = new Date(minute * 60000);
  return `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}-${d.getUTCDate()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}
