// JSON text exactly as the Prometheus HTTP API writes it. Prometheus encodes
// with jsoniter (ConfigCompatibleWithStandardLibrary) plus hand-written
// encoders for labels, samples and series (web/api/v1/json_codec.go), so we
// build the text ourselves instead of JSON.stringify: the escaping rules,
// the number layouts and the map key order all differ from JS's.
import type { Labels } from '../model/labels.js';
import { compareUtf8 } from '../model/labels.js';
import { formatGoFloat, formatPromValue, formatTimestampSeconds } from '../model/format.js';
import type { MatrixSeries, QueryValue, Sample } from '../promql/value.js';

const HEX = '0123456789abcdef';

// Anything a plain `"` + s + `"` would get wrong for each of the two encoders.
const NEEDS_STD_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
const NEEDS_LABEL_ESCAPE = /["\\\u0000-\u001f]/;

/**
 * A JSON string as Go's encoders write one (HTML-safe): `<`, `>`, `&` as
 * \u003c…, U+2028/U+2029 escaped, invalid UTF-8 (lone surrogates here) as
 * \ufffd, control characters as \n \r \t or \u00XX. `go122` also writes \b
 * and \f short (encoding/json since Go 1.22; jsoniter writes \u0008/\u000c).
 */
export function jsonString(s: string, go122 = false): string {
  if (!NEEDS_STD_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | null = null;
    if (c < 0x20) {
      if (c === 0x0a) rep = '\\n';
      else if (c === 0x0d) rep = '\\r';
      else if (c === 0x09) rep = '\\t';
      else if (go122 && c === 0x08) rep = '\\b';
      else if (go122 && c === 0x0c) rep = '\\f';
      else rep = '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (c === 0x22) rep = '\\"';
    else if (c === 0x5c) rep = '\\\\';
    else if (c === 0x3c) rep = '\\u003c';
    else if (c === 0x3e) rep = '\\u003e';
    else if (c === 0x26) rep = '\\u0026';
    else if (c === 0x2028) rep = '\\u2028';
    else if (c === 0x2029) rep = '\\u2029';
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair: written as is
        continue;
      }
      rep = '\\ufffd';
    }
    if (rep !== null) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/**
 * A label name or value inside a `metric` object: json_codec.go writes these
 * with jsoniter's WriteString, which escapes only `"`, `\` and control
 * characters (no HTML escaping).
 */
export function labelString(s: string): string {
  if (!NEEDS_LABEL_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | null = null;
    if (c < 0x20) {
      if (c === 0x0a) rep = '\\n';
      else if (c === 0x0d) rep = '\\r';
      else if (c === 0x09) rep = '\\t';
      else rep = '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (c === 0x22) rep = '\\"';
    else if (c === 0x5c) rep = '\\\\';
    if (rep !== null) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** `{"name":"value",...}` in the labels' (sorted) order. */
export function labelsJSON(ls: Labels): string {
  let out = '{';
  for (let i = 0; i < ls.length; i++) {
    if (i > 0) out += ',';
    out += labelString(ls[i]!.name) + ':' + labelString(ls[i]!.value);
  }
  return out + '}';
}

/**
 * A float64 as Go's encoding/json writes it: shortest 'f' form, 'e' form
 * below 1e-6 and from 1e21 with the exponent's leading zero dropped (1e-7).
 * Non-finite values cannot occur where Prometheus uses this (times, stats).
 */
export function goJSONFloat(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${formatGoFloat(v, 'g')}`);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-6 || a >= 1e21)) {
    const s = formatGoFloat(v, 'e');
    const n = s.length;
    // e-07 → e-7, as encoding/json cleans it up.
    if (n >= 4 && s[n - 4] === 'e' && s[n - 3] === '-' && s[n - 2] === '0') return s.slice(0, n - 2) + s[n - 1];
    return s;
  }
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  return String(v); // JS and Go agree on shortest digits; between 1e-6 and 1e21 the layout is the same
}

/**
 * Builds a large JSON body straight into Buffers: big results (a matrix of
 * a million points) would otherwise spend most of their time building and
 * flattening one huge JS string.
 */
export class JSONWriter {
  private readonly chunks: Buffer[] = [];
  private buf: Buffer;
  private off = 0;
  private size = 0;

  constructor(private readonly chunkSize = 1 << 20) {
    this.buf = Buffer.allocUnsafe(chunkSize);
  }

  private room(n: number): void {
    if (this.off + n <= this.buf.length) return;
    this.chunks.push(this.buf.subarray(0, this.off));
    this.size += this.off;
    this.buf = Buffer.allocUnsafe(Math.max(this.chunkSize, n));
    this.off = 0;
  }

  /** Text known to be ASCII (numbers, punctuation, escaped JSON). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let o = this.off;
    if (n < 64) {
      for (let i = 0; i < n; i++) b[o++] = s.charCodeAt(i);
    } else {
      o += b.write(s, o, 'latin1');
    }
    this.off = o;
  }

  /** Any text, UTF-8 encoded. */
  text(s: string): void {
    // Most label text is ASCII: copy it directly; otherwise encode.
    if (s.length < 64 && /^[\x00-\x7f]*$/.test(s)) {
      this.ascii(s);
      return;
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.room(n);
    this.off += this.buf.write(s, this.off, 'utf8');
  }

  labels(ls: Labels): void {
    this.text(labelsJSON(ls));
  }

  /** `[<ts>,"<value>"]` (jsonutil.MarshalTimestamp / MarshalFloat). */
  point(t: number, v: number): void {
    const ts = formatTimestampSeconds(t);
    const vs = formatPromValue(v);
    this.room(ts.length + vs.length + 5);
    const b = this.buf;
    let o = this.off;
    b[o++] = 0x5b; // [
    for (let i = 0; i < ts.length; i++) b[o++] = ts.charCodeAt(i);
    b[o++] = 0x2c; // ,
    b[o++] = 0x22; // "
    for (let i = 0; i < vs.length; i++) b[o++] = vs.charCodeAt(i);
    b[o++] = 0x22;
    b[o++] = 0x5d; // ]
    this.off = o;
  }

  get length(): number {
    return this.size + this.off;
  }

  finish(): Buffer {
    this.chunks.push(this.buf.subarray(0, this.off));
    const out = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size + this.off);
    this.chunks.length = 0;
    this.buf = Buffer.alloc(0);
    this.off = 0;
    this.size = 0;
    return out;
  }
}

function writeSample(w: JSONWriter, s: Sample): void {
  w.ascii('{"metric":');
  w.labels(s.labels);
  w.ascii(',"value":');
  w.point(s.t, s.v);
  w.ascii('}');
}

function writeSeries(w: JSONWriter, s: MatrixSeries): void {
  w.ascii('{"metric":');
  w.labels(s.labels);
  const n = s.ts.length;
  // A series without points has no "values" key (omitempty).
  if (n > 0) {
    w.ascii(',"values":[');
    const ts = s.ts;
    const vs = s.vs;
    for (let i = 0; i < n; i++) {
      if (i > 0) w.ascii(',');
      w.point(ts[i]!, vs[i]!);
    }
    w.ascii(']');
  }
  w.ascii('}');
}

/** Writes the `result` of a query. Scalars and strings go through Go's json.Marshal of `[t/1000, v]`. */
export function writeQueryValue(w: JSONWriter, v: QueryValue): void {
  switch (v.type) {
    case 'scalar':
      // promql.Scalar.MarshalJSON: FormatFloat(v, 'f', -1) — never exponent form.
      w.ascii('[' + goJSONFloat(v.t / 1000) + ',"' + formatGoFloat(v.v, 'f') + '"]');
      return;
    case 'string':
      w.ascii('[' + goJSONFloat(v.t / 1000) + ',');
      w.text(jsonString(v.v, true));
      w.ascii(']');
      return;
    case 'vector':
      w.ascii('[');
      for (let i = 0; i < v.samples.length; i++) {
        if (i > 0) w.ascii(',');
        writeSample(w, v.samples[i]!);
      }
      w.ascii(']');
      return;
    case 'matrix':
      w.ascii('[');
      for (let i = 0; i < v.series.length; i++) {
        if (i > 0) w.ascii(',');
        writeSeries(w, v.series[i]!);
      }
      w.ascii(']');
      return;
  }
}

/** The `result` of a query as a string (small results, tests). */
export function queryValueJSON(v: QueryValue): string {
  const w = new JSONWriter(4096);
  writeQueryValue(w, v);
  return w.finish().toString('utf8');
}

/** A JSON array of strings (label names, label values). */
export function stringsJSON(ss: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < ss.length; i++) {
    if (i > 0) out += ',';
    out += jsonString(ss[i]!);
  }
  return out + ']';
}

/** A raw JSON fragment, written as is by goJSON. */
export class RawJSON {
  constructor(readonly json: string) {}
}

/**
 * A plain JS value as Go's encoding/json writes the equivalent Go value.
 * Objects are Go maps (keys sorted by bytes) unless `ordered` is set, in
 * which case they are structs (keys in insertion order). undefined fields are
 * omitted (omitempty); null is null.
 */
export function goJSON(v: unknown, ordered = false): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof RawJSON) return v.json;
  switch (typeof v) {
    case 'string':
      return jsonString(v);
    case 'number':
      return goJSONFloat(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(v)) return '[' + v.map((x) => goJSON(x, ordered)).join(',') + ']';
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      if (!ordered) entries.sort((a, b) => compareUtf8(a[0], b[0]));
      return '{' + entries.map(([k, x]) => jsonString(k) + ':' + goJSON(x, ordered)).join(',') + '}';
    }
    default:
      throw new Error(`json: unsupported type ${typeof v}`);
  }
}

/** What an endpoint returns on success: data as raw JSON (text or UTF-8 bytes), or null for 204 No Content. */
export interface ApiSuccess {
  data: string | Buffer | null;
  warnings?: string[];
  infos?: string[];
}

/**
 * The response envelope (api.go Response): status, data, errorType, error,
 * warnings, infos, empty fields omitted.
 */
export function envelopeJSON(r: { status: 'success' | 'error'; data?: string | null; errorType?: string; error?: string; warnings?: readonly string[]; infos?: readonly string[] }): string {
  const [head, tail] = envelopeParts(r);
  return r.data !== undefined && r.data !== null ? head + r.data + tail : head + tail;
}

/** The envelope around `data`: the text before and after it (data itself excluded). */
export function envelopeParts(r: { status: 'success' | 'error'; data?: unknown; errorType?: string; error?: string; warnings?: readonly string[]; infos?: readonly string[] }): [string, string] {
  let head = '{"status":"' + r.status + '"';
  if (r.data !== undefined && r.data !== null) head += ',"data":';
  let tail = '';
  if (r.errorType) tail += ',"errorType":' + jsonString(r.errorType);
  if (r.error) tail += ',"error":' + jsonString(r.error);
  if (r.warnings && r.warnings.length > 0) tail += ',"warnings":' + stringsJSON(r.warnings);
  if (r.infos && r.infos.length > 0) tail += ',"infos":' + stringsJSON(r.infos);
  return [head, tail + '}'];
}

/** RFC 3339 with nanosecond layout (Go time.Time JSON), UTC, trailing fraction zeros trimmed. */
export function goTimeJSON(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2006-01-02T15:04:05.000Z
  const m = /^(.*)\.(\d{3})Z$/.exec(iso);
  if (!m) return jsonString(iso);
  const frac = m[2]!.replace(/0+$/, '');
  return jsonString(m[1]! + (frac ? '.' + frac : '') + 'Z');
}
