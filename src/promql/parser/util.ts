// Go-compatible helpers the parser and printer need: PromQL string unquoting
// (Prometheus util/strutil), Prometheus durations (common/model ParseDuration
// and Duration.String), the parser's number rule (ParseInt base 0, then
// ParseFloat) and byte-offset positions as "line:col".
import { parseGoFloat } from '../../model/format.js';

/** Thrown for text the Go helpers reject; message is Go's. */
export class GoSyntaxError extends Error {}

const textEncoder = new TextEncoder();

/**
 * UTF-8 bytes to a string, each byte of an invalid sequence kept as the lone
 * surrogate U+DC00+byte (Python's "surrogateescape"): Go strings may hold any
 * bytes (`"\xff"`), and code that checks UTF-8 validity (label names) must
 * still see them as invalid, which String.prototype.isWellFormed() then does.
 */
export function decodeUtf8Escaped(b: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    let n = 0;
    let cp = 0;
    let min = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      cp = c & 0x1f;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      cp = c & 0x0f;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      cp = c & 0x07;
      min = 0x10000;
    }
    let ok = n > 0 && i + n < b.length + 1;
    for (let k = 1; ok && k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (d & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok) {
      out += String.fromCodePoint(cp);
      i += n + 1;
    } else {
      out += String.fromCharCode(0xdc00 + c);
      i++;
    }
  }
  return out;
}

function unhex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * strutil.Unquote: "…" and '…' with Go escapes, `…` raw. \x and octal escapes
 * give single bytes, so escaped text is assembled as UTF-8 and decoded once.
 */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new GoSyntaxError('invalid syntax');
  const quote = s.charCodeAt(0);
  if (quote !== s.charCodeAt(n - 1)) throw new GoSyntaxError('invalid syntax');
  const body = s.slice(1, n - 1);
  if (quote === 96) {
    if (body.includes('`')) throw new GoSyntaxError('invalid syntax');
    return body;
  }
  if (quote !== 34 && quote !== 39) throw new GoSyntaxError('invalid syntax');
  if (body.includes('\n')) throw new GoSyntaxError('invalid syntax');
  const q = String.fromCharCode(quote);
  if (!body.includes('\\') && !body.includes(q)) return body;

  const bytes: number[] = [];
  const pushRune = (r: number): void => {
    if (r < 0x80) bytes.push(r);
    else for (const b of textEncoder.encode(String.fromCodePoint(r))) bytes.push(b);
  };
  for (let i = 0; i < body.length; ) {
    const c = body.charCodeAt(i);
    if (c === quote) throw new GoSyntaxError('invalid syntax');
    if (c !== 92) {
      const cp = body.codePointAt(i)!;
      pushRune(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    if (i + 1 >= body.length) throw new GoSyntaxError('invalid syntax');
    const e = body.charCodeAt(i + 1);
    i += 2;
    switch (e) {
      case 97: bytes.push(7); break;
      case 98: bytes.push(8); break;
      case 102: bytes.push(12); break;
      case 110: bytes.push(10); break;
      case 114: bytes.push(13); break;
      case 116: bytes.push(9); break;
      case 118: bytes.push(11); break;
      case 92: bytes.push(92); break;
      case 120: case 117: case 85: {
        const len = e === 120 ? 2 : e === 117 ? 4 : 8;
        if (i + len > body.length) throw new GoSyntaxError('invalid syntax');
        let v = 0;
        for (let j = 0; j < len; j++) {
          const d = unhex(body.charCodeAt(i + j));
          if (d < 0) throw new GoSyntaxError('invalid syntax');
          v = v * 16 + d;
        }
        i += len;
        if (e === 120) bytes.push(v); // a single byte, possibly not UTF-8
        else {
          if (v > 0x10ffff) throw new GoSyntaxError('invalid syntax');
          pushRune(v >= 0xd800 && v < 0xe000 ? 0xfffd : v);
        }
        break;
      }
      case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: {
        let v = e - 48;
        if (i + 2 > body.length) throw new GoSyntaxError('invalid syntax');
        for (let j = 0; j < 2; j++) {
          const x = body.charCodeAt(i + j) - 48;
          if (x < 0 || x > 7) throw new GoSyntaxError('invalid syntax');
          v = (v << 3) | x;
        }
        i += 2;
        if (v > 255) throw new GoSyntaxError('invalid syntax');
        bytes.push(v);
        break;
      }
      case 39: case 34:
        if (e !== quote) throw new GoSyntaxError('invalid syntax');
        bytes.push(e);
        break;
      default:
        throw new GoSyntaxError('invalid syntax');
    }
  }
  return decodeUtf8Escaped(bytes);
}

// ---------------------------------------------------------------------------
// Durations (prometheus/common model.Duration).

const UNITS: Record<string, { pos: number; ms: bigint }> = {
  ms: { pos: 7, ms: 1n },
  s: { pos: 6, ms: 1000n },
  m: { pos: 5, ms: 60_000n },
  h: { pos: 4, ms: 3_600_000n },
  d: { pos: 3, ms: 86_400_000n },
  w: { pos: 2, ms: 604_800_000n },
  y: { pos: 1, ms: 31_536_000_000n },
};
const MAX_NS = (1n << 63n) - 1n;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

function goQ(s: string): string {
  return JSON.stringify(s); // only ASCII-ish duration text reaches here; Go's %q agrees on it
}

/**
 * model.ParseDuration: "1h30m", units y w d h m s ms in that order, each at
 * most once, "0" allowed bare. Returns milliseconds; throws Go's messages.
 */
export function parseModelDuration(s: string): number {
  if (s === '0') return 0;
  if (s === '') throw new GoSyntaxError('empty duration string');
  let rest = s;
  let durNs = 0n;
  let lastUnitPos = 0;
  while (rest !== '') {
    if (!isDigitCode(rest.charCodeAt(0))) throw new GoSyntaxError(`not a valid duration string: ${goQ(s)}`);
    let i = 0;
    while (i < rest.length && isDigitCode(rest.charCodeAt(i))) i++;
    const digits = rest.slice(0, i);
    // ParseUint(…, 10, 0): anything above 2^64-1 is a range error.
    const v = BigInt(digits);
    if (v > 0xffffffffffffffffn) throw new GoSyntaxError(`not a valid duration string: ${goQ(s)}`);
    rest = rest.slice(i);
    let j = 0;
    while (j < rest.length && !isDigitCode(rest.charCodeAt(j))) j++;
    if (j === 0) throw new GoSyntaxError(`not a valid duration string: ${goQ(s)}`);
    const u = rest.slice(0, j);
    rest = rest.slice(j);
    const unit = Object.prototype.hasOwnProperty.call(UNITS, u) ? UNITS[u] : undefined;
    if (!unit) throw new GoSyntaxError(`unknown unit ${goQ(u)} in duration ${goQ(s)}`);
    if (unit.pos <= lastUnitPos) throw new GoSyntaxError(`not a valid duration string: ${goQ(s)}`);
    lastUnitPos = unit.pos;
    const multNs = unit.ms * 1_000_000n;
    if (v > (1n << 63n) / multNs) throw new GoSyntaxError('duration out of range');
    durNs += v * multNs;
    if (durNs > MAX_NS) throw new GoSyntaxError('duration out of range');
  }
  return Number(durNs / 1_000_000n);
}

/** model.Duration(ms).String(): "1h30m", "0s"; y and w only when they divide exactly. */
export function formatModelDuration(msIn: number): string {
  let ms = Math.trunc(msIn);
  if (ms === 0) return '0s';
  let sign = '';
  if (ms < 0) {
    sign = '-';
    ms = -ms;
  }
  let r = '';
  const f = (unit: string, mult: number, exact: boolean): void => {
    if (exact && ms % mult !== 0) return;
    const v = Math.floor(ms / mult);
    if (v > 0) {
      r += String(v) + unit;
      ms -= v * mult;
    }
  };
  f('y', 31_536_000_000, true);
  f('w', 604_800_000, true);
  f('d', 86_400_000, false);
  f('h', 3_600_000, false);
  f('m', 60_000, false);
  f('s', 1000, false);
  f('ms', 1, false);
  return sign + r;
}

// ---------------------------------------------------------------------------
// Numbers.

/** Go's underscoreOK for integer literals with a base prefix. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const c = s[1]!.toLowerCase();
    if (c === 'b' || c === 'o' || c === 'x') {
      i = 2;
      saw = '0';
      hex = c === 'x';
    }
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigitCode(c) || (hex && unhex(c) >= 0)) {
      saw = '0';
      continue;
    }
    if (c === 95) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseInt(s, 0, 64) for the unsigned texts the lexer yields; null on any error. */
function parseIntBase0(s0: string): number | null {
  if (s0 === '') return null;
  let s = s0;
  let base = 10;
  if (s[0] === '0') {
    const c = s.length >= 3 ? s[1]!.toLowerCase() : '';
    if (c === 'b') {
      base = 2;
      s = s.slice(2);
    } else if (c === 'o') {
      base = 8;
      s = s.slice(2);
    } else if (c === 'x') {
      base = 16;
      s = s.slice(2);
    } else {
      base = 8;
      s = s.slice(1);
    }
  }
  let underscores = false;
  let n = 0n;
  const b = BigInt(base);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 95) {
      underscores = true;
      continue;
    }
    const d = unhex(c);
    if (d < 0 || d >= base) return null;
    n = n * b + BigInt(d);
    if (n >= 1n << 63n) return null; // out of int64 range: Prometheus falls back to ParseFloat
  }
  if (underscores && !underscoreOK(s0)) return null;
  return Number(n);
}

/** The parser's number rule: ParseInt(base 0), else ParseFloat. Throws Go's ParseFloat error. */
export function parseNumberLiteral(val: string): number {
  const i = parseIntBase0(val);
  if (i !== null) return i;
  return parseGoFloat(val);
}

/** Go's math.Round: half away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Seconds (a duration literal's value) → whole milliseconds, as time.Duration(Round(s·1e9)) / time.Millisecond. */
export function secondsToMs(sec: number): number {
  const ns = goRound(sec * 1e9);
  const ms = Math.trunc(ns / 1e6);
  return ms === 0 ? 0 : ms; // no -0
}

/** time.Duration(ms).Seconds(): whole seconds plus the fraction, as Go adds them. */
export function msToSeconds(ms: number): number {
  const sec = Math.trunc(ms / 1000);
  const rem = ms - sec * 1000;
  return sec + (rem * 1e6) / 1e9;
}

// ---------------------------------------------------------------------------
// Positions.

/** UTF-8 length of a JS string. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * "line:col" of a byte offset in the query, as Prometheus prints positions
 * (posrange StartPosInput): 1-based line, column in bytes from the line start.
 */
export function positionString(query: string, bytePos: number): string {
  if (query === '') return 'unknown position';
  if (bytePos < 0) return 'invalid position';
  let line = 1;
  let lastBreak = -1;
  let b = 0;
  for (let i = 0; i < query.length && b < bytePos; i++) {
    const c = query.charCodeAt(i);
    if (c === 10) {
      lastBreak = b;
      line++;
    }
    if (c < 0x80) b += 1;
    else if (c < 0x800) b += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < query.length && (query.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      b += 4;
      i++;
    } else b += 3;
  }
  if (bytePos > b) return 'invalid position';
  return `${line}:${bytePos - lastBreak}`;
}
