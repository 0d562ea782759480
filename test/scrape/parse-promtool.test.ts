// Cross-check against the real promtool (2.42): it imports an OpenMetrics
// file with Prometheus's own parser and prints every sample with Go's %g, so
// for one input our parser + formatGoPercentG must print the same lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { labelsToString } from '../../src/model/labels.js';
import { formatGoFloat, formatGoPercentG } from '../../src/model/format.js';
import { OpenMetricsParser, ParseError } from '../../src/scrape/parse/index.js';
import { requirePeer, run } from '../helpers/peers.js';

let dir: string;
let promtool: string;
beforeAll(() => {
  promtool = requirePeer('promtool');
  dir = mkdtempSync(join(tmpdir(), 'hyperion-parse-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic doubles of every magnitude, from raw bits. */
function* doubles(seed: number): Generator<number> {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  const dv = new DataView(new ArrayBuffer(8));
  for (;;) {
    dv.setUint32(0, next());
    dv.setUint32(4, next());
    const v = dv.getFloat64(0);
    if (Number.isFinite(v)) yield v;
  }
}

/** A file exercising values, float-second timestamps, escapes, exemplars and _created. */
function generate(): string {
  const lines: string[] = [];
  const gen = doubles(42);
  let s = 7;
  const rnd = () => (s = (Math.imul(s, 22695477) + 1) >>> 0) / 2 ** 32;
  const specials = ['NaN', 'nan', '+Inf', '-Inf', 'Inf', '-inf', '+Infinity', '-0', '0', '5e-324', '4.9e-324', '1e21', '1.0E3',
    '.5', '5.', '+3', '00012', '1.7976931348623157e308', '123456789012345678901234567890', '0.1', '1e-7', '100000', '1e6'];
  lines.push('# HELP m_gauge A gauge with \\"quotes\\" and a \\\\ backslash.', '# TYPE m_gauge gauge', '# UNIT m_gauge ');
  for (let i = 0; i < 1500; i++) {
    const v = i < specials.length ? specials[i]! : i % 3 === 0 ? String(gen.next().value) : formatGoFloat(gen.next().value as number, 'g');
    // Float seconds with up to 6 decimals: the millisecond truncation must agree.
    const ts = (1000 + rnd() * 7000).toFixed(i % 7);
    lines.push(`m_gauge{i="${i}",kind="${i % 5 === 0 ? 'q\\"uo\\\\te\\nd ü \u{1F600}' : 'plain'}"} ${v} ${ts}`);
  }
  lines.push('# TYPE m_requests counter', '# HELP m_requests Requests.');
  for (let i = 0; i < 300; i++) {
    const ts = (2000 + i * 0.0015).toFixed(4);
    lines.push(`m_requests_total{code="${200 + (i % 5)}",i="${i}"} ${i * 3} ${ts} # {trace_id="t${i}"} ${i} ${ts}`);
    lines.push(`m_requests_created{code="${200 + (i % 5)}",i="${i}"} 1.5e9 ${ts}`);
  }
  lines.push('# TYPE m_h histogram');
  for (const le of ['0.1', '1', '+Inf']) lines.push(`m_h_bucket{le="${le}"} ${le === '+Inf' ? 7 : 3} 3000.5 # {a="b"} 0.05`);
  lines.push('m_h_count 7 3000.5', 'm_h_sum 1.25 3000.5', '# EOF');
  return lines.join('\n') + '\n';
}

function promtoolDump(file: string, out: string): string[] {
  const r = spawnSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', file, out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`promtool create-blocks-from failed: ${r.stderr}`);
  mkdirSync(join(out, 'wal'), { recursive: true }); // dump opens the WAL too
  return run(promtool, ['tsdb', 'dump', out]).split('\n').filter(Boolean).sort();
}

function ourDump(text: string): string[] {
  const p = new OpenMetricsParser(Buffer.from(text));
  const lines: string[] = [];
  for (let e = p.next(); e !== null; e = p.next()) {
    if (e === 'series') lines.push(`${labelsToString(p.labels())} ${formatGoPercentG(p.value)} ${p.timestamp}`);
  }
  return lines.sort();
}

describe('OpenMetrics parsing and %g against promtool 2.42', () => {
  it('prints the same samples for the same file', () => {
    const text = generate();
    const file = join(dir, 'in.om');
    writeFileSync(file, text);
    const want = promtoolDump(file, join(dir, 'blocks'));
    const got = ourDump(text);
    expect(got.length).toBe(1500 + 600 + 5);
    expect(want.length).toBe(got.length);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBe(want[i]);
  });

  it.each([
    ['m 1e400 1\n# EOF\n', 'strconv.ParseFloat: parsing "1e400": value out of range'],
    ['m 0x1p3 1\n# EOF\n', 'unsupported character in float'],
    ['m 1 1\n', 'data does not end with # EOF'],
    ['m 1 1\n# EOF\n\n', 'unexpected data after # EOF'],
    ['m_total 1 1 # {a="1"} 2 3\nm 1 1 # {a="1"} 2 3\n# EOF\n', 'metric name m does not support exemplars'],
    ['# HELP m\n# EOF\n', 'expected text in HELP'],
    ['m 1 NaN\n# EOF\n', 'invalid timestamp'],
  ])('rejects %j as promtool does', (text, reason) => {
    const file = join(dir, 'bad.om');
    writeFileSync(file, text);
    const r = spawnSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', file, join(dir, 'bad')], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(reason);
    let err: unknown;
    try {
      ourDump(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).reason).toBe(reason);
  });
});
