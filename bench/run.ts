// `npm run bench`: TSDB benchmarks, side by side with real Prometheus
// (promtool 2.42) where a like-for-like job exists, written to
// bench/RESULTS.md. Run on an otherwise idle machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XORChunk, decodeXOR } from '../src/tsdb/chunkenc/index.js';
import { IndexWriter, IndexReader, postingsForMatchers } from '../src/tsdb/index/index.js';
import { Matcher } from '../src/model/matchers.js';
import { labelsFrom, compareLabels, type Label } from '../src/model/labels.js';
import { generateOpenMetrics, rng } from './data.js';
import { dirSize as dirBytes } from '../src/util/fsutil.js';
import { promqlBenchSection, SECTION as PROMQL_SECTION } from './promql.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const CLI = join(repo, 'dist', 'src', 'cli.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeIt(runs: number, fn: () => void): number {
  const times: number[] = [];
  fn(); // warm-up
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return median(times);
}

// --- chunk encode/decode ------------------------------------------------------

function chunkBench(): { encode: number; decode: number; bytesPerSample: number } {
  const r = rng(7);
  const CHUNKS = 2000;
  const N = 120;
  const ts: Float64Array[] = [];
  const vs: Float64Array[] = [];
  for (let c = 0; c < CHUNKS; c++) {
    const t = new Float64Array(N);
    const v = new Float64Array(N);
    let x = 1000 * r();
    for (let i = 0; i < N; i++) {
      t[i] = 1_700_000_000_000 + c * N * 15_000 + i * 15_000 + (c % 3 === 0 ? Math.floor(r() * 50) : 0);
      x += c % 2 ? Math.floor(r() * 10) : (r() - 0.5);
      v[i] = x;
    }
    ts.push(t);
    vs.push(v);
  }
  const encoded: Uint8Array[] = new Array(CHUNKS);
  const enc = timeIt(5, () => {
    for (let c = 0; c < CHUNKS; c++) {
      const ch = new XORChunk();
      const app = ch.appender();
      const t = ts[c]!;
      const v = vs[c]!;
      for (let i = 0; i < N; i++) app.append(t[i]!, v[i]!);
      encoded[c] = ch.bytes();
    }
  });
  const outT = new Float64Array(N);
  const outV = new Float64Array(N);
  const dec = timeIt(5, () => {
    for (let c = 0; c < CHUNKS; c++) decodeXOR(encoded[c]!, outT, outV);
  });
  const bytes = encoded.reduce((a, b) => a + b.length, 0);
  return { encode: (CHUNKS * N) / enc, decode: (CHUNKS * N) / dec, bytesPerSample: bytes / (CHUNKS * N) };
}

// --- index lookup -------------------------------------------------------------

function indexBench(dir: string): { series: number; cases: { selector: string; matched: number; micros: number }[]; openMs: number } {
  const series: Label[][] = [];
  for (let j = 0; j < 100; j++) {
    for (let i = 0; i < 1000; i++) {
      series.push(labelsFrom({ __name__: `metric_${j % 20}`, instance: `10.0.${i % 250}.${j}:9100`, job: `job-${j % 5}`, pod: `pod-${i}-${j}`, i: String(i) }));
    }
  }
  series.sort(compareLabels);
  const symbols = new Set<string>();
  for (const s of series) for (const l of s) symbols.add(l.name), symbols.add(l.value);
  const path = join(dir, 'index');
  const w = IndexWriter.create(path);
  for (const s of [...symbols].sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))))) w.addSymbol(s);
  let ref = 8;
  for (const s of series) {
    w.addSeries(s, [{ ref, minTime: 0, maxTime: 7_199_000 }]);
    ref += 200;
  }
  w.close();
  const t0 = process.hrtime.bigint();
  const ix = IndexReader.open(path);
  const openMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cases: [string, Matcher[]][] = [
    ['metric_3', [new Matcher('=', '__name__', 'metric_3')]],
    ['metric_3{job="job-3"}', [new Matcher('=', '__name__', 'metric_3'), new Matcher('=', 'job', 'job-3')]],
    ['{i="42"}', [new Matcher('=', 'i', '42')]],
    ['{pod=~"pod-1.*-5"}', [new Matcher('=~', 'pod', 'pod-1.*-5')]],
    ['metric_1{instance!~"10.0.1.*"}', [new Matcher('=', '__name__', 'metric_1'), new Matcher('!~', 'instance', '10.0.1.*')]],
  ];
  const out = cases.map(([selector, ms]) => {
    let matched = 0;
    const secs = timeIt(7, () => {
      matched = postingsForMatchers(ix, ms).length;
    });
    return { selector, matched, micros: secs * 1e6 };
  });
  ix.close();
  return { series: series.length, cases: out, openMs };
}

// --- side by side with promtool -----------------------------------------------

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function wall(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function sideBySide(tmp: string) {
  const { text, samples } = generateOpenMetrics({ hours: 24, seriesPerFamily: 60 });
  const input = join(tmp, 'input.om');
  writeFileSync(input, text);
  const runs = 3;
  const importTimes = { ours: [] as number[], theirs: [] as number[] };
  for (let i = 0; i < runs; i++) {
    rmSync(join(tmp, 'ours'), { recursive: true, force: true });
    rmSync(join(tmp, 'theirs'), { recursive: true, force: true });
    importTimes.theirs.push(wall('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, join(tmp, 'theirs')]));
    importTimes.ours.push(wall(process.execPath, [CLI, 'tools', 'tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, join(tmp, 'ours')]));
  }
  // promtool 2.42's dump insists on a wal/ directory, even an empty one.
  mkdirSync(join(tmp, 'theirs', 'wal'), { recursive: true });
  const dumpTimes = { ours: [] as number[], theirs: [] as number[] };
  for (let i = 0; i < runs; i++) {
    dumpTimes.theirs.push(wall('promtool', ['tsdb', 'dump', join(tmp, 'theirs')]));
    dumpTimes.ours.push(wall(process.execPath, [CLI, 'tools', 'tsdb', 'dump', join(tmp, 'theirs')]));
  }
  return {
    samples: samples.length,
    inputBytes: text.length,
    importOurs: median(importTimes.ours),
    importTheirs: median(importTimes.theirs),
    dumpOurs: median(dumpTimes.ours),
    dumpTheirs: median(dumpTimes.theirs),
    bytesOurs: dirBytes(join(tmp, 'ours')),
    bytesTheirs: dirBytes(join(tmp, 'theirs')),
  };
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'hyperion-bench-'));
  try {
    const promtoolVersion = have('promtool') ? execFileSync('promtool', ['--version'], { encoding: 'utf8' }).split('\n')[0]! : 'promtool not installed';
    const chunk = chunkBench();
    const index = indexBench(tmp);
    const side = have('promtool') ? sideBySide(tmp) : undefined;
    const md: string[] = [];
    md.push('# Benchmark results', '');
    md.push(`Produced by \`npm run build && npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; reference: ${promtoolVersion}.`, '');
    md.push('## Side by side with Prometheus (same input, same run, median of 3)', '');
    if (side) {
      md.push(`Input: ${fmt(side.samples)} samples (${fmt(side.inputBytes / 1e6, 1)} MB OpenMetrics, 24h, 121 series: counters with resets, gauges with NaN/±Inf, gaps, jitter).`, '');
      md.push('| job | hyperion | promtool 2.42 | ratio (promtool time / ours; >1 = we are faster) |', '|---|---|---|---|');
      md.push(`| \`tsdb create-blocks-from openmetrics\` | ${fmt(side.importOurs, 2)} s | ${fmt(side.importTheirs, 2)} s | ${fmt(side.importTheirs / side.importOurs, 2)} |`);
      md.push(`| \`tsdb dump\` of promtool's blocks (decode every chunk, print) | ${fmt(side.dumpOurs, 2)} s | ${fmt(side.dumpTheirs, 2)} s | ${fmt(side.dumpTheirs / side.dumpOurs, 2)} |`);
      md.push(`| blocks on disk | ${fmt(side.bytesOurs)} B | ${fmt(side.bytesTheirs)} B | ${fmt(side.bytesOurs / side.bytesTheirs, 4)} (size ratio ours/theirs) |`, '');
      md.push('Both are whole-process wall times (includes Node/Go start-up).', '');
    } else {
      md.push('promtool not installed: side-by-side rows not measured.', '');
    }
    md.push('## XOR chunks (hyperion alone: the Prometheus Go benchmarks cannot be built here, their Go modules are out of reach)', '');
    md.push('| operation | samples/s |', '|---|---|');
    md.push(`| encode (2000 chunks × 120 samples) | ${fmt(chunk.encode)} |`);
    md.push(`| decode into Float64Arrays | ${fmt(chunk.decode)} |`);
    md.push(`| size | ${fmt(chunk.bytesPerSample, 3)} bytes/sample |`, '');
    md.push(`## Index lookups (${fmt(index.series)} series, one block index; open: ${fmt(index.openMs, 1)} ms)`, '');
    md.push('| selector | series matched | time per lookup |', '|---|---|---|');
    for (const c of index.cases) md.push(`| \`${c.selector}\` | ${fmt(c.matched)} | ${fmt(c.micros, 0)} µs |`);
    md.push('');
    // PromQL latency against a real Prometheus server (bench/promql.ts); a failure there keeps the sections above.
    md.push(...(have('prometheus') && have('promtool')
      ? await promqlBenchSection().catch((e: Error) => [PROMQL_SECTION, '', `Not measured: ${e.message.split('\n')[0]}`, ''])
      : [PROMQL_SECTION, '', 'Not measured: prometheus/promtool not installed.', '']));
    const out = join(repo, 'bench', 'RESULTS.md');
    writeFileSync(out, md.join('\n'));
    process.stdout.write(md.join('\n') + '\n');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
