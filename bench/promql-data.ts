// Data set and servers for the PromQL differential test (test/compat/promql-diff.test.ts)
// and the PromQL latency benchmark (bench/promql.ts): a deterministic OpenMetrics
// backfill file, promtool to turn it into blocks, and helpers that start real
// Prometheus and `hyperion core` on copies of the same TSDB directory.
//
// Timing rules (the reference server is Prometheus 2.42, whose range and lookback
// windows are closed on the left; ours follow 3.x, open on the left):
// - the start time is whole seconds and every scrape interval is whole seconds;
// - every sample's millisecond part is in [400, 800);
// - every range, offset, step and subquery step in the queries is whole seconds;
// - evaluation times (and @ times) end in .123, .457 or .900, never .000, because a
//   subquery's inner steps are whole multiples of its step (.000);
// - a subquery nested in a subquery has a range that is no multiple of its step
//   (its evaluation times are the outer subquery's .000 steps).
// So no window bound (t - range, t - offset - lookback) ever sits on a sample or on an
// inner subquery step, and both servers select the same points.
//
// Counter rules (2.42 and 3.x order two steps of rate()'s extrapolation differently,
// which shows only when a window starts well before its first sample AND that
// sample is small compared with the increase in the window):
// - counters start high (≥ 5 × their largest increase per scrape) and reset only
//   at a target's restart;
// - a scrape is dropped only while every counter of the target is still that high,
//   and never next to a restart; the jitter keeps consecutive intervals within 10 %.
import { closeSync, cpSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { rng } from './data.js';

export type Profile = 'diff' | 'bench';

export interface PromqlDataset {
  profile: Profile;
  /** First scrape slot (whole seconds, ms). */
  startMs: number;
  /** End of the last scrape slot (ms); no sample at or after it. */
  endMs: number;
  series: number;
  samples: number;
  bytes: number;
}

/** 2023-11-14T22:00:00Z: whole hours, so block boundaries fall on scrape slots. */
export const DATA_START_MS = 1_699_999_200_000;

interface Target {
  job: string;
  instance: string;
  intervalMs: number;
  /** First and last scrape slot (ms, relative to the data start). */
  from: number;
  to: number;
  /** A scheduled outage (relative ms), longer than the 5m lookback. */
  outage?: [number, number];
  /** Relative time of a process restart: every counter resets, start time changes. */
  restartAt?: number;
  version: string;
}

interface Series {
  name: string;
  labels: [string, string][];
  ts: number[];
  vs: number[];
}

interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  series: Series[];
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity];
const PAYLOAD_BUCKETS = [100, 1000, 10000, 100000, Infinity];
const METHODS = ['GET', 'POST'];
const CODES: [string, number][] = [['200', 100], ['404', 10], ['500', 3]];
const HANDLERS: [string, number][] = [['/api/v1/query', 0.3], ['/metrics', 0.05]];

function targetsFor(profile: Profile, hours: number): Target[] {
  const H = 3600_000;
  const span = hours * H;
  if (profile === 'bench') {
    // 44 instances × 23 series ≈ 1,000 series, no irregularities beyond jitter.
    const out: Target[] = [];
    for (let i = 0; i < 44; i++) {
      out.push({ job: i < 36 ? 'api' : 'web', instance: `${i < 36 ? 'api' : 'web'}-${i}`, intervalMs: 15_000, from: 0, to: span, version: `1.${i % 3}.0` });
    }
    return out;
  }
  return [
    { job: 'api', instance: 'api-0', intervalMs: 15_000, from: 0, to: span, restartAt: 4.2 * H, version: '1.2.3' },
    { job: 'api', instance: 'api-1', intervalMs: 15_000, from: 0, to: span, version: '1.2.3' },
    { job: 'api', instance: 'api-2', intervalMs: 15_000, from: 0, to: span, outage: [2 * H, 2 * H + 25 * 60_000], restartAt: 3.1 * H, version: '1.2.4' },
    { job: 'api', instance: 'api-3', intervalMs: 15_000, from: 1.5 * H, to: span, version: '1.2.4' },
    { job: 'web', instance: 'web-0', intervalMs: 10_000, from: 0, to: span, restartAt: 1.05 * H, version: '0.9.0' },
    { job: 'web', instance: 'web-1', intervalMs: 10_000, from: 0, to: 4 * H, version: '0.9.0' },
    { job: 'batch', instance: 'batch-0', intervalMs: 30_000, from: 0, to: span, version: '2.0.0-rc.1' },
  ];
}

function fmtValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

function fmtLe(le: number): string {
  return le === Infinity ? '+Inf' : String(le);
}

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Counter state with the bound its per-scrape increase never exceeds. */
class Counter {
  constructor(public value: number, readonly maxInc: number) {}
  get safe(): boolean {
    return this.value >= 5 * this.maxInc;
  }
}

interface Histo {
  scale: number;
  bounds: number[];
  maxObs: number;
  maxValue: number;
  buckets: Counter[];
  sum: Counter;
  count: Counter;
}

function newHisto(bounds: number[], scale: number, maxObs: number, maxValue: number): Histo {
  return {
    scale,
    bounds,
    maxObs,
    maxValue,
    buckets: bounds.map(() => new Counter(0, maxObs)),
    sum: new Counter(0, maxObs * maxValue),
    count: new Counter(0, maxObs),
  };
}

function observe(h: Histo, r: () => number, exponential: boolean): void {
  const n = Math.floor(r() * (h.maxObs + 1));
  for (let i = 0; i < n; i++) {
    // Latencies: exponential around the scale; payloads: log-uniform over 10..1e6.
    let v = exponential ? -Math.log(1 - r()) * h.scale : 10 ** (1 + 5 * r());
    v = Math.min(v, h.maxValue);
    for (let b = 0; b < h.bounds.length; b++) if (v <= h.bounds[b]!) h.buckets[b]!.value++;
    h.sum.value += v;
    h.count.value++;
  }
}

function resetHisto(h: Histo): void {
  for (const b of h.buckets) b.value = 0;
  h.sum.value = 0;
  h.count.value = 0;
}

/**
 * Writes the OpenMetrics backfill file for `profile` to `path`.
 * diff: 7 targets (3 jobs, 10s/15s/30s intervals, a late start, an early end, a 25m
 *   outage, restarts with counter resets, dropped scrapes), ~330 series over `hours` (6).
 * bench: 44 targets × 23 series ≈ 1,000 series over `hours` (24) at 15s.
 */
export function writePromqlDataset(path: string, profile: Profile, opts: { hours?: number; seed?: number } = {}): PromqlDataset {
  const hours = opts.hours ?? (profile === 'bench' ? 24 : 6);
  const r = rng(opts.seed ?? (profile === 'bench' ? 1234 : 99));
  const start = DATA_START_MS;
  const targets = targetsFor(profile, hours);
  const fam = new Map<string, Family>();
  const family = (name: string, type: Family['type'], help: string): Family => {
    let f = fam.get(name);
    if (!f) fam.set(name, (f = { name, type, help, series: [] }));
    return f;
  };
  const newSeries = (f: Family, name: string, labels: [string, string][]): Series => {
    const s: Series = { name, labels, ts: [], vs: [] };
    f.series.push(s);
    return s;
  };
  const diff = profile === 'diff';

  for (const tg of targets) {
    const base: [string, string][] = [['instance', tg.instance], ['job', tg.job]];
    const scale = tg.intervalMs / 15_000;
    // Counters and their series.
    const reqs: { c: Counter; s: Series }[] = [];
    const fReq = family('http_requests', 'counter', 'Requests served.');
    for (const method of METHODS) {
      for (const [code, maxInc] of CODES) {
        const inc = Math.ceil(maxInc * scale);
        reqs.push({ c: new Counter(5 * inc + Math.floor(r() * 100_000), inc), s: newSeries(fReq, 'http_requests_total', [['code', code], ...base, ['method', method]]) });
      }
    }
    const cpuInc = 1.5 * scale;
    const cpu = { c: new Counter(5 * cpuInc + r() * 10_000, cpuInc), s: newSeries(family('app_cpu_seconds', 'counter', 'CPU time.'), 'app_cpu_seconds_total', [...base]) };
    const counters = [...reqs, cpu];

    const histos: { h: Histo; exp: boolean; bucket: Series[]; sum: Series; count: Series }[] = [];
    const addHisto = (fname: string, help: string, bounds: number[], hscale: number, maxObs: number, maxValue: number, exp: boolean, extra: [string, string][]) => {
      const f = family(fname, 'histogram', help);
      const labels = [...extra, ...base].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      const h = newHisto(bounds, hscale, Math.ceil(maxObs * scale), maxValue);
      // Warm up so every bucket starts well above 5 × its per-scrape bound.
      for (let i = 0; i < 300; i++) observe(h, r, exp);
      for (const b of h.buckets) b.value += 1000;
      h.count.value += 1000;
      h.sum.value += 5 * h.sum.maxInc;
      histos.push({
        h,
        exp,
        bucket: bounds.map((le) => newSeries(f, `${fname}_bucket`, [...labels, ['le', fmtLe(le)] as [string, string]].sort((a, b) => (a[0] < b[0] ? -1 : 1)))),
        sum: newSeries(f, `${fname}_sum`, labels),
        count: newSeries(f, `${fname}_count`, labels),
      });
    };
    if (tg.job !== 'batch') {
      const handlers = diff ? HANDLERS : HANDLERS.slice(0, 1);
      for (const [handler, hs] of handlers) addHisto('http_request_duration_seconds', 'Request latency.', DURATION_BUCKETS, hs, 40, 20, true, [['handler', handler]]);
    }
    if (diff) addHisto('rpc_payload_bytes', 'RPC payload sizes.', PAYLOAD_BUCKETS, 0, 10, 1e6, false, []);

    // Gauges.
    const sensors = diff ? ['cpu', 'gpu'] : ['cpu'];
    const temps = sensors.map((sensor) => ({ v: 40 + r() * 20, s: newSeries(family('node_temperature_celsius', 'gauge', 'Temperature.'), 'node_temperature_celsius', [...base, ['sensor', sensor]]) }));
    const memUsed = { v: 2e9 + Math.floor(r() * 1e9) };
    const memSeries = diff
      ? { used: newSeries(family('node_memory_bytes', 'gauge', 'Memory.'), 'node_memory_bytes', [...base, ['type', 'used']]), free: newSeries(family('node_memory_bytes', 'gauge', 'Memory.'), 'node_memory_bytes', [...base, ['type', 'free']]) }
      : undefined;
    const up = newSeries(family('target_up', 'gauge', 'Target health.'), 'target_up', [...base]);
    const weird = diff ? { v: 10 + r() * 5, s: newSeries(family('weird_gauge', 'gauge', 'NaN, ±Inf, tiny and huge values.'), 'weird_gauge', [...base]) } : undefined;
    let startTime = Math.floor(start / 1000 - 86_400 * r());
    const startS = diff ? newSeries(family('process_start_time_seconds', 'gauge', 'Start time.'), 'process_start_time_seconds', [...base]) : undefined;
    const build = diff ? newSeries(family('build_info', 'gauge', 'Build.'), 'build_info', [...base, ['version', tg.version]]) : undefined;
    const uni = diff && tg.instance === 'api-1' ? { v: 1, s: newSeries(family('unicode_gauge', 'gauge', 'Escapes and UTF-8 in label values.'), 'unicode_gauge', [...base, ['note', 'quote " and back\\slash'], ['path', '/ü/😀']]) } : undefined;
    // A series-level gap: the gpu sensor of api-1 vanishes for 12 minutes.
    const gpuGap: [number, number] = [3.5 * 3600_000, 3.5 * 3600_000 + 12 * 60_000];

    const restartSlot = tg.restartAt === undefined ? -1 : Math.floor(tg.restartAt / tg.intervalMs);
    let sinceRestart = Infinity;
    for (let k = Math.ceil(tg.from / tg.intervalMs); k * tg.intervalMs < tg.to; k++) {
      const rel = k * tg.intervalMs;
      if (tg.outage && rel >= tg.outage[0] && rel < tg.outage[1]) continue;
      // Evolve the state even when the scrape is dropped: the process runs on.
      const restarting = k === restartSlot;
      if (restarting) {
        for (const { c } of counters) c.value = 0;
        for (const { h } of histos) resetHisto(h);
        startTime = Math.floor((start + rel) / 1000) - 3;
        sinceRestart = 0;
      } else sinceRestart++;
      for (const { c } of reqs) c.value += Math.floor(r() * (c.maxInc + 1));
      cpu.c.value += r() * cpu.c.maxInc;
      for (const x of histos) observe(x.h, r, x.exp);
      for (const t of temps) t.v = Math.min(90, Math.max(25, t.v + (r() - 0.5) * 0.8));
      memUsed.v = Math.min(6e9, Math.max(1e9, memUsed.v + Math.floor((r() - 0.5) * 2e7)));
      if (weird) weird.v += (r() - 0.5) * 0.5;
      if (uni) uni.v += r() < 0.1 ? 1 : 0;

      // Drop the scrape? Only while every counter is high and away from a restart.
      const countersSafe = counters.every(({ c }) => c.safe) && histos.every(({ h }) => h.buckets.every((b) => b.safe) && h.sum.safe && h.count.safe);
      const nearRestart = restartSlot >= 0 && Math.abs(k - restartSlot) <= 3;
      if (diff && countersSafe && !nearRestart && r() < 0.01) continue;

      const t = start + rel + 400 + Math.floor(r() * 400);
      for (const { c, s } of counters) s.ts.push(t), s.vs.push(c.value);
      for (const x of histos) {
        x.h.buckets.forEach((b, i) => (x.bucket[i]!.ts.push(t), x.bucket[i]!.vs.push(b.value)));
        x.sum.ts.push(t), x.sum.vs.push(x.h.sum.value);
        x.count.ts.push(t), x.count.vs.push(x.h.count.value);
      }
      for (const tp of temps) {
        if (diff && tg.instance === 'api-1' && tp.s.labels.some(([n, v]) => n === 'sensor' && v === 'gpu') && rel >= gpuGap[0] && rel < gpuGap[1]) continue;
        tp.s.ts.push(t), tp.s.vs.push(Math.round(tp.v * 1000) / 1000 + r() * 1e-3);
      }
      if (memSeries) {
        memSeries.used.ts.push(t), memSeries.used.vs.push(memUsed.v);
        memSeries.free.ts.push(t), memSeries.free.vs.push(8e9 - memUsed.v);
      }
      up.ts.push(t), up.vs.push(sinceRestart < 2 || r() < 0.01 ? 0 : 1);
      if (weird) {
        const x = r();
        let v = weird.v;
        if (x < 0.02) v = NaN;
        else if (x < 0.03) v = Infinity;
        else if (x < 0.04) v = -Infinity;
        else if (x < 0.05) v = 1e21 * (1 + r());
        else if (x < 0.06) v = -1e-7 * r();
        else if (x < 0.065) v = 0;
        else if (x < 0.067) v = -0;
        else if (x < 0.08) v = -weird.v;
        weird.s.ts.push(t), weird.s.vs.push(v);
      }
      if (startS) startS.ts.push(t), startS.vs.push(startTime);
      if (build) build.ts.push(t), build.vs.push(1);
      if (uni) uni.s.ts.push(t), uni.s.vs.push(uni.v);
    }
  }

  // Stream it out: the bench file is ~0.5 GB, more than one JS string holds.
  const fd = openSync(path, 'w');
  let buf = '';
  let bytes = 0;
  let samples = 0;
  let series = 0;
  const flush = () => {
    bytes += Buffer.byteLength(buf);
    writeSync(fd, buf);
    buf = '';
  };
  try {
    for (const f of fam.values()) {
      buf += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
      for (const s of f.series) {
        if (s.ts.length === 0) continue;
        series++;
        const prefix = `${s.name}{${s.labels.map(([n, v]) => `${n}="${escapeLabelValue(v)}"`).join(',')}} `;
        for (let i = 0; i < s.ts.length; i++) {
          buf += `${prefix}${fmtValue(s.vs[i]!)} ${(s.ts[i]! / 1000).toFixed(3)}\n`;
          if (buf.length > 1 << 20) flush();
        }
        samples += s.ts.length;
      }
    }
    buf += '# EOF\n';
    flush();
  } finally {
    closeSync(fd);
  }
  return { profile, startMs: start, endMs: start + hours * 3600_000, series, samples, bytes };
}

// --- blocks --------------------------------------------------------------------

/** promtool tsdb create-blocks-from openmetrics INPUT OUT [--max-block-duration]. */
export function promtoolCreateBlocks(input: string, outDir: string, maxBlockDuration?: string): void {
  const args = ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet'];
  if (maxBlockDuration) args.push(`--max-block-duration=${maxBlockDuration}`);
  args.push(input, outDir);
  const r = spawnSync('promtool', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`promtool ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error?.message}`);
}

/** Copies a TSDB directory (blocks only; each server writes its own WAL and lock). */
export function copyTsdb(src: string, dst: string): void {
  cpSync(src, dst, { recursive: true });
}

/** No scrape targets; the evaluation interval is the no-step subquery interval (1m). */
export const SERVER_CONFIG = 'global:\n  scrape_interval: 15s\n  evaluation_interval: 1m\nscrape_configs: []\n';

export function writeServerConfig(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, 'prometheus.yml');
  writeFileSync(p, SERVER_CONFIG);
  return p;
}

// --- servers -------------------------------------------------------------------

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Server {
  name: string;
  url: string;
  proc: ChildProcess;
  /** Last lines of stdout/stderr, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

function launch(name: string, cmd: string, args: string[], port: number): Server {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const keep = (d: Buffer) => {
    for (const l of d.toString().split('\n')) if (l) tail.push(l);
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  proc.on('error', (e) => tail.push(`spawn error: ${e.message}`));
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    proc,
    logs: () => tail.slice(-40).join('\n'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        proc.once('exit', () => (clearTimeout(timer), resolve()));
        proc.kill('SIGTERM');
      }),
  };
}

/** Real Prometheus over `dataDir`; compaction is kept off (max block duration 2h) so block layout stays as built. */
export async function startPrometheus(dataDir: string, configFile: string, name = 'prometheus'): Promise<Server> {
  const port = await freePort();
  const s = launch(name, 'prometheus', [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=100y',
    '--storage.tsdb.min-block-duration=2h',
    '--storage.tsdb.max-block-duration=2h',
    '--log.level=warn',
  ], port);
  await waitReady(s);
  return s;
}

/** `hyperion core` (the built CLI) over `dataDir`, with Prometheus's flag names. */
export async function startHyperion(cli: string, dataDir: string, configFile: string, name = 'hyperion'): Promise<Server> {
  if (!existsSync(cli)) throw new Error(`${cli} missing: run \`npm run build\``);
  const port = await freePort();
  const s = launch(name, process.execPath, [
    cli,
    'core',
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=100y',
    '--storage.tsdb.max-block-duration=2h',
    '--log.level=warn',
  ], port);
  await waitReady(s);
  return s;
}

export async function waitReady(s: Server, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (s.proc.exitCode !== null || s.proc.signalCode !== null) {
      throw new Error(`${s.name} exited (${s.proc.exitCode ?? s.proc.signalCode}) before it was ready:\n${s.logs()}`);
    }
    try {
      const res = await fetch(`${s.url}/-/ready`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await s.stop();
  throw new Error(`${s.name} not ready within ${timeoutMs} ms:\n${s.logs()}`);
}

// --- queries -------------------------------------------------------------------

export interface ApiResponse {
  httpStatus: number;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  body: { status?: string; data?: { resultType?: string; result?: unknown }; errorType?: string; error?: string; warnings?: string[] } | undefined;
  raw: string;
}

/** GET for instant queries, form-encoded POST for range queries (as Grafana sends them). */
export async function apiCall(baseUrl: string, path: string, params: Record<string, string>, method: 'GET' | 'POST' = 'GET'): Promise<ApiResponse> {
  const qs = new URLSearchParams(params).toString();
  const res =
    method === 'GET'
      ? await fetch(`${baseUrl}${path}?${qs}`)
      : await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: qs });
  const raw = await res.text();
  let body: ApiResponse['body'];
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  return { httpStatus: res.status, body, raw };
}

/** Seconds with exactly three decimals, as the harness sends every time. */
export function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}
