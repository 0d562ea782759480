// PromQL query latency, hyperion vs real Prometheus (Debian's 2.42) in the same run
// on copies of the same blocks: 1,012 series × 24h at 15s (bench/promql-data.ts's
// 'bench' profile, promtool blocks of up to 6h as a compacted Prometheus has), typical
// dashboard queries as 24h range queries at step 60s and as instant queries, median of
// N sequential warm runs over HTTP each (client wall time: evaluation + JSON).
//
//   node dist/bench/promql.js [--runs=N] [--self]     (N range runs, 3N instant runs; default 7)
// writes the "## PromQL query latency" section of bench/RESULTS.md (`npm run bench`
// writes it too, after the TSDB sections). --self measures Prometheus against a second
// Prometheus (a check of the harness: ratios ≈ 1).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  apiCall, copyTsdb, promtoolCreateBlocks, secs, startHyperion, startPrometheus, writePromqlDataset, writeServerConfig,
  type Server,
} from './promql-data.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const CLI = join(repo, 'dist', 'src', 'cli.js');
export const SECTION = '## PromQL query latency';

/** Typical Grafana dashboard panels over the bench data set. */
export const DASHBOARD_QUERIES = [
  'sum by (job) (rate(http_requests_total[5m]))',
  'sum by (job, code) (rate(http_requests_total[5m]))',
  'sum(rate(http_requests_total{code="500"}[5m])) / sum(rate(http_requests_total[5m]))',
  'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.9, sum by (job, le) (rate(http_request_duration_seconds_bucket[5m])))',
  'rate(http_request_duration_seconds_sum[5m]) / rate(http_request_duration_seconds_count[5m])',
  'topk(5, rate(app_cpu_seconds_total[5m]))',
  'avg_over_time(node_temperature_celsius[10m])',
  'max_over_time(node_temperature_celsius[1h])',
  'count by (job) (target_up == 1)',
  'increase(http_requests_total[1h])',
];

interface Timing {
  query: string;
  kind: 'range' | 'instant';
  ours: number;
  theirs: number;
  /** Series in each answer (a cheap sanity check that both computed the same thing). */
  seriesOurs: number;
  seriesTheirs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeQuery(s: Server, path: string, params: Record<string, string>): Promise<{ ms: number; series: number }> {
  const t0 = performance.now();
  const r = await apiCall(s.url, path, params, 'POST');
  const ms = performance.now() - t0;
  if (r.body?.status !== 'success') throw new Error(`${s.name}: ${params['query']}: ${r.raw.slice(0, 300)}`);
  const res = r.body.data?.result;
  return { ms, series: Array.isArray(res) ? res.length : 1 };
}

const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export interface PromqlBenchOptions {
  runs?: number;
  /** Compare Prometheus with a second Prometheus instead of hyperion. */
  self?: boolean;
  log?: (msg: string) => void;
}

/** Runs the benchmark and returns the Markdown section (title line first). */
export async function promqlBenchSection(opts: PromqlBenchOptions = {}): Promise<string[]> {
  const runs = opts.runs ?? 7;
  const log = opts.log ?? ((m: string) => process.stderr.write(`[bench promql] ${m}\n`));
  const tmp = mkdtempSync(join(tmpdir(), 'hyperion-bench-promql-'));
  const servers: Server[] = [];
  try {
    log('generating 1,000 series × 24h at 15s');
    const ds = writePromqlDataset(join(tmp, 'data.om'), 'bench');
    log(`promtool create-blocks-from openmetrics (${fmt(ds.bytes / 1e6, 0)} MB, ${fmt(ds.samples, 0)} samples)`);
    const t0 = performance.now();
    promtoolCreateBlocks(join(tmp, 'data.om'), join(tmp, 'blocks'), '6h');
    const importSecs = (performance.now() - t0) / 1000;
    rmSync(join(tmp, 'data.om'));
    copyTsdb(join(tmp, 'blocks'), join(tmp, 'theirs'));
    copyTsdb(join(tmp, 'blocks'), join(tmp, 'ours'));
    const config = writeServerConfig(join(tmp, 'config'));
    const theirs = await startPrometheus(join(tmp, 'theirs'), config);
    servers.push(theirs);
    const ours = opts.self ? await startPrometheus(join(tmp, 'ours'), config, 'prometheus-2') : await startHyperion(CLI, join(tmp, 'ours'), config);
    servers.push(ours);

    // Last 24h at step 60s, aligned to the step as Grafana sends it; the instant query looks at the last minute.
    const range = { start: secs(ds.startMs), end: secs(ds.endMs), step: '60' };
    const blocks = readdirSync(join(tmp, 'blocks')).filter((d) => /^[0-9A-Z]{26}$/.test(d)).length;
    const instantAt = secs(ds.endMs - 60_000);
    const timings: Timing[] = [];
    for (const query of DASHBOARD_QUERIES) {
      for (const kind of ['range', 'instant'] as const) {
        const path = kind === 'range' ? '/api/v1/query_range' : '/api/v1/query';
        const params: Record<string, string> = kind === 'range' ? { query, ...range } : { query, time: instantAt };
        const a: number[] = [];
        const b: number[] = [];
        let sa = 0;
        let sb = 0;
        await timeQuery(ours, path, params); // warm-up: caches, JIT
        await timeQuery(theirs, path, params);
        // Instant queries take milliseconds: more runs steady their medians.
        const n = kind === 'range' ? runs : runs * 3;
        for (let i = 0; i < n; i++) {
          // Alternate who goes first so neither always runs on a cooler machine.
          const first = i % 2 === 0 ? ours : theirs;
          const second = first === ours ? theirs : ours;
          const x = await timeQuery(first, path, params);
          const y = await timeQuery(second, path, params);
          const [o, t] = first === ours ? [x, y] : [y, x];
          a.push(o.ms), b.push(t.ms);
          sa = o.series;
          sb = t.series;
        }
        const t: Timing = { query, kind, ours: median(a), theirs: median(b), seriesOurs: sa, seriesTheirs: sb };
        timings.push(t);
        log(`${kind.padEnd(7)} ${fmt(t.ours).padStart(8)} ms vs ${fmt(t.theirs).padStart(8)} ms  ${query}`);
      }
    }
    const version = execFileSync('prometheus', ['--version'], { encoding: 'utf8' }).split('\n')[0]!;
    const geo = (k: Timing['kind']) => {
      const xs = timings.filter((t) => t.kind === k);
      return Math.exp(xs.reduce((s, t) => s + Math.log(t.theirs / t.ours), 0) / xs.length);
    };
    const oursName = opts.self ? 'prometheus #2' : 'hyperion';
    const md: string[] = [SECTION, ''];
    md.push(
      `Produced by \`npm run build && node dist/bench/promql.js${opts.self ? ' --self' : ''}\` (also part of \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; reference: ${version}.`,
      '',
      `Data: ${fmt(ds.series, 0)} series × 24h at 15s (${fmt(ds.samples, 0)} samples: counters, gauges, classic histograms with 12 buckets; 36 api + 8 web targets), blocks made by \`promtool tsdb create-blocks-from openmetrics --max-block-duration=6h\` (${fmt(importSecs, 0)} s) and copied to both servers, compaction off (\`--storage.tsdb.max-block-duration=2h\`) so both read the same ${blocks} blocks. Range queries: 24h at step 60s (1,441 steps); instant queries: one minute before the end of the data. Median of ${runs} (range) or ${runs * 3} (instant) sequential warm runs per server after one warm-up, alternating which server goes first; times are client-side (request, evaluation, JSON, response) over loopback HTTP.`,
      '',
      `| query | type | ${oursName} ms | prometheus ms | ratio (prometheus / ours; >1 = we are faster) | series (ours / theirs) |`,
      '|---|---|---|---|---|---|',
    );
    for (const t of timings) {
      const same = t.seriesOurs === t.seriesTheirs ? `${t.seriesOurs}` : `**${t.seriesOurs} / ${t.seriesTheirs}**`;
      md.push(`| \`${t.query.replace(/\|/g, '\\|')}\` | ${t.kind} | ${fmt(t.ours)} | ${fmt(t.theirs)} | ${fmt(t.theirs / t.ours, 2)} | ${same} |`);
    }
    md.push(`| **geometric mean of ratios** | range | | | **${fmt(geo('range'), 2)}** | |`);
    md.push(`| **geometric mean of ratios** | instant | | | **${fmt(geo('instant'), 2)}** | |`, '');
    return md;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Replaces (or appends) the PromQL section of a RESULTS.md text. */
export function replaceSection(doc: string, section: string[]): string {
  const lines = doc.split('\n');
  const i = lines.indexOf(SECTION);
  if (i < 0) return `${doc.replace(/\n*$/, '\n\n')}${section.join('\n')}\n`;
  let j = i + 1;
  while (j < lines.length && !lines[j]!.startsWith('## ')) j++;
  return [...lines.slice(0, i), ...section, ...lines.slice(j)].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 7);
  const section = await promqlBenchSection({ runs, self: args.includes('--self') });
  const out = join(repo, 'bench', 'RESULTS.md');
  const doc = existsSync(out) ? readFileSync(out, 'utf8') : '# Benchmark results\n';
  writeFileSync(out, replaceSection(doc, section));
  process.stdout.write(section.join('\n') + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
