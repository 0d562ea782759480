// Request parameters read as Prometheus's handlers read them (Go's
// net/http form parsing, api.go parseTime/parseDuration/parseLimitParam,
// prometheus/common's U__ name unescaping).
import { parseGoFloat } from '../model/format.js';
import { goQuote } from '../model/labels.js';
import { parseDuration as parsePromDuration } from '../util/config.js';

/** An API error with the type that picks its HTTP status (api.go apiError). */
export class ApiError extends Error {
  constructor(
    readonly errorType: 'bad_data' | 'execution' | 'canceled' | 'timeout' | 'internal' | 'not_found' | 'not_acceptable' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** api.go invalidParamError: `invalid parameter "<name>": <err>`, bad_data. */
export function invalidParam(name: string, err: string | Error): ApiError {
  return new ApiError('bad_data', `invalid parameter ${goQuote(name)}: ${typeof err === 'string' ? err : err.message}`);
}

// ---------------------------------------------------------------------------
// Forms

/**
 * Go's url.ParseQuery into `out`: pairs split on '&', '+' is a space, %XX
 * decoded as UTF-8; a pair with ';' or a bad escape is dropped and
 * remembered as the error ParseForm would return.
 */
function parseQueryInto(q: string, out: Map<string, string[]>): string | null {
  let err: string | null = null;
  for (const pair of q.split('&')) {
    if (pair === '') continue;
    if (pair.includes(';')) {
      err ??= 'invalid semicolon separator in query';
      continue;
    }
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawVal = eq < 0 ? '' : pair.slice(eq + 1);
    const key = queryUnescape(rawKey);
    if (key === null) {
      err ??= `invalid URL escape ${goQuote(badEscape(rawKey))}`;
      continue;
    }
    const val = queryUnescape(rawVal);
    if (val === null) {
      err ??= `invalid URL escape ${goQuote(badEscape(rawVal))}`;
      continue;
    }
    const list = out.get(key);
    if (list) list.push(val);
    else out.set(key, [val]);
  }
  return err;
}

function queryUnescape(s: string): string | null {
  if (!s.includes('%') && !s.includes('+')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return null;
      bytes.push(parseInt(h, 16));
      i += 2;
    } else if (c === 0x2b) {
      bytes.push(0x20);
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      // Raw non-ASCII in a query string: keep its UTF-8 bytes.
      const cp = s.codePointAt(i)!;
      if (cp > 0xffff) i++;
      for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function badEscape(s: string): string {
  const i = s.search(/%(?![0-9a-fA-F]{2})/);
  return s.slice(i, i + 3);
}

/**
 * The request's form as Go's r.Form: body values (for form-encoded POSTs)
 * first, then the URL query's. get() is r.FormValue (the first value).
 */
export class Form {
  private readonly values = new Map<string, string[]>();
  /** The error r.ParseForm would return, if any. */
  readonly parseError: string | null;

  constructor(urlQuery: string, body?: string) {
    let err: string | null = null;
    if (body !== undefined) err = parseQueryInto(body, this.values);
    const qerr = parseQueryInto(urlQuery, this.values);
    this.parseError = err ?? qerr;
  }

  get(name: string): string {
    return this.values.get(name)?.[0] ?? '';
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  /** Builds a Form from a raw URL ('/path?x=1') and an optional form body. */
  static fromRequest(url: string, body?: string): Form {
    const q = url.indexOf('?');
    return new Form(q < 0 ? '' : url.slice(q + 1), body);
  }
}

/** Only the URL query (Go's r.URL.Query()), for the few parameters Prometheus reads that way. */
export function urlQueryValue(url: string, name: string): string {
  const q = url.indexOf('?');
  const m = new Map<string, string[]>();
  parseQueryInto(q < 0 ? '' : url.slice(q + 1), m);
  return m.get(name)?.[0] ?? '';
}

// ---------------------------------------------------------------------------
// Times and durations

/**
 * api.go MinTime/MaxTime: the defaults for optional ranges, in ms. The exact
 * values (±9223309901257974000, +999) are beyond 2^53; these doubles are the
 * nearest, and every store treats them as "unbounded" anyway.
 */
export const MIN_TIME_MS = -9223309901257974000;
export const MAX_TIME_MS = 9223309901257974999;

/** MinTime/MaxTime formatted as RFC3339Nano, which parseTime accepts verbatim (Go cannot parse 9-digit years). */
export const MIN_TIME_FORMATTED = '-292273086-05-16T16:47:06Z';
export const MAX_TIME_FORMATTED = '292277025-08-18T07:12:54.999999999Z';

/** Go's math.Round: half away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * api.go parseTime: float unix seconds (rounded to the millisecond),
 * RFC 3339 (with optional fraction and zone offset), or the formatted
 * MinTime/MaxTime. Returns ms; throws the error text Prometheus gives.
 */
export function parseTime(s: string): number {
  let f: number | undefined;
  try {
    f = parseGoFloat(s);
  } catch {
    f = undefined;
  }
  if (f !== undefined && Number.isFinite(f)) {
    const sec = Math.trunc(f);
    const frac = goRound((f - sec) * 1000);
    return sec * 1000 + frac;
  }
  const t = parseRFC3339(s);
  if (t !== null) return t;
  if (s === MIN_TIME_FORMATTED) return MIN_TIME_MS;
  if (s === MAX_TIME_FORMATTED) return MAX_TIME_MS;
  throw new Error(`cannot parse ${goQuote(s)} to a valid timestamp`);
}

const DAYS_IN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of a proleptic Gregorian date (any year). */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

/**
 * Go's time.Parse(time.RFC3339Nano, s) as Prometheus calls it:
 * 2006-01-02T15:04:05[.999999999](Z|±07:00). Ranges are checked (day of
 * month included); fractions beyond nanoseconds are truncated; the result
 * is floored to ms (timestamp.FromTime). null when s is not such a time.
 */
export function parseRFC3339(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const min = Number(m[5]);
  const sec = Number(m[6]);
  if (month < 1 || month > 12) return null;
  const dim = month === 2 && isLeap(year) ? 29 : DAYS_IN[month - 1]!;
  if (day < 1 || day > dim || hour > 23 || min > 59 || sec > 59) return null;
  let offsetSec = 0;
  const zone = m[8]!;
  if (zone !== 'Z') {
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(4, 6));
    if (zh > 23 || zm > 59) return null;
    offsetSec = (zh * 60 + zm) * 60 * (zone[0] === '-' ? -1 : 1);
  }
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const days = daysFromCivil(year, month, day);
  return (((days * 24 + hour) * 60 + min) * 60 + sec - offsetSec) * 1000 + ms;
}

/**
 * api.go parseDuration: float seconds (truncated to whole nanoseconds), or
 * a Prometheus duration string. Returns nanoseconds as a number (exact up
 * to 2^53 ns ≈ 104 days, which is plenty for steps and timeouts).
 */
export function parseDurationNs(s: string): number {
  let f: number | undefined;
  try {
    f = parseGoFloat(s);
  } catch {
    f = undefined;
  }
  if (f !== undefined) {
    const ns = f * 1e9;
    // Go converts NaN to int64 as MinInt64 (amd64): a negative duration.
    if (Number.isNaN(ns)) return -9223372036854775808;
    if (ns > 9223372036854775807 || ns < -9223372036854775808) {
      throw new Error(`cannot parse ${goQuote(s)} to a valid duration. It overflows int64`);
    }
    return Math.trunc(ns);
  }
  try {
    return parsePromDuration(s) * 1e6;
  } catch {
    // fall through
  }
  throw new Error(`cannot parse ${goQuote(s)} to a valid duration`);
}

/** Go's strconv.Atoi, with its error texts. */
export function goAtoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 9223372036854775807 || n < -9223372036854775808) throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  return n;
}

/** api.go parseLimitParam: '' → 0 (no limit); negative is an error. */
export function parseLimitParam(s: string): number {
  if (s === '') return 0;
  const n = goAtoi(s);
  if (n < 0) throw new Error('limit must be non-negative');
  return n;
}

// ---------------------------------------------------------------------------
// Names

/**
 * prometheus/common model.UnescapeName with ValueEncodingEscaping: `U__`
 * names encode `_` as `__` and any other character as `_<hex code point>_`.
 * Anything malformed comes back unchanged.
 */
export function unescapeName(name: string): string {
  if (!name.startsWith('U__')) return name;
  const e = name.slice(3);
  let out = '';
  for (let i = 0; i < e.length; i++) {
    if (e[i] !== '_') {
      out += e[i];
      continue;
    }
    i++;
    if (i >= e.length) return name;
    if (e[i] === '_') {
      out += '_';
      continue;
    }
    let cp = 0;
    let closed = false;
    for (let j = 0; i < e.length; j++) {
      if (j >= 6) return name;
      if (e[i] === '_') {
        closed = true;
        break;
      }
      const d = parseInt(e[i]!, 16);
      if (Number.isNaN(d)) return name;
      cp = cp * 16 + d;
      i++;
    }
    if (!closed) return name;
    // utf8.ValidRune: not a surrogate and at most U+10FFFF.
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return name;
    out += String.fromCodePoint(cp);
  }
  return out;
}

/** UTF-8 label name validation (model.UTF8Validation): non-empty, valid UTF-8. */
export function isValidLabelName(name: string): boolean {
  return name.length > 0 && !LONE_SURROGATE.test(name);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
