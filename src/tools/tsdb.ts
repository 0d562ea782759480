// `hyperion tools tsdb …`: the jobs of `promtool tsdb` with the same output,
// so operators can swap one for the other in scripts.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTime } from 'ulid';
import { labelsToString, METRIC_NAME, type Label } from '../model/labels.js';
import { Matcher } from '../model/matchers.js';
import { formatGoPercentG } from '../model/format.js';
import { OpenMetricsParser } from '../scrape/parse/index.js';
import { parseMetricSelector } from '../promql/selector.js';
import { Block, DB, Head, compactBlocks, decodeSeries, SampleBuffer, exponentialBlockRanges, DEFAULT_BLOCK_DURATION } from '../tsdb/index.js';
import type { BlockMeta } from '../tsdb/meta.js';
import { Progress } from '../util/progress.js';

type Out = (s: string) => void;

/** Buffers output into large writes; tools print millions of lines. */
export class LineWriter {
  private buf = '';
  constructor(private readonly write: Out) {}
  line(s: string): void {
    this.buf += s + '\n';
    if (this.buf.length > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.buf) this.write(this.buf);
    this.buf = '';
  }
}

// ---------------------------------------------------------------------------
// create-blocks-from openmetrics

export interface ImportOptions {
  maxBlockDuration?: number;
  humanReadable?: boolean;
  quiet?: boolean;
  /** Extra labels set on every series (promtool's --label). */
  customLabels?: Record<string, string>;
  out?: Out;
  progress?: boolean;
}

/** Largest Prometheus block range not above maxBlockDuration (promtool's rule). */
export function compatibleBlockDuration(maxBlockDuration: number): number {
  if (maxBlockDuration <= DEFAULT_BLOCK_DURATION) return DEFAULT_BLOCK_DURATION;
  const ranges = exponentialBlockRanges(DEFAULT_BLOCK_DURATION, 10, 3);
  let idx = ranges.length - 1;
  for (let i = 0; i < ranges.length; i++) {
    if (ranges[i]! > maxBlockDuration) {
      idx = i - 1;
      break;
    }
  }
  return ranges[idx]!;
}

/**
 * Reads an OpenMetrics file and writes one block per aligned window of the
 * block duration, each cut through an in-memory head exactly as promtool's
 * block writer does (chunk range = 2 × block duration).
 */
export function importOpenMetrics(inputPath: string, outDir: string, opts: ImportOptions = {}): BlockMeta[] {
  const input = readFileSync(inputPath);
  const blockDuration = compatibleBlockDuration(opts.maxBlockDuration ?? DEFAULT_BLOCK_DURATION);
  const heads = new Map<number, Head>();
  const appenders = new Map<number, ReturnType<Head['appender']>>();
  const progress = opts.progress ? new Progress('parsing samples', undefined) : undefined;
  const p = new OpenMetricsParser(input);
  const labelsOut: Label[] = [];
  const custom = Object.entries(opts.customLabels ?? {});
  let n = 0;
  for (let e = p.next(); e !== null; e = p.next()) {
    if (e !== 'series') continue;
    const ts = p.timestamp;
    const lbls = p.labels(labelsOut);
    if (ts === undefined) throw new Error(`expected timestamp for series ${labelsToString(lbls)}, got none`);
    const labels = custom.length ? withCustom(lbls, custom) : lbls.slice();
    const window = Math.floor(ts / blockDuration) * blockDuration;
    let app = appenders.get(window);
    if (!app) {
      const head = new Head({ chunkRange: 2 * blockDuration });
      heads.set(window, head);
      app = head.appender();
      appenders.set(window, app);
    }
    try {
      app.add(labels, ts, p.value);
    } catch (err) {
      throw new Error(`add sample: ${(err as Error).message} for series ${labelsToString(labels)} at ${ts}`);
    }
    if (app.length >= 5000) app.commit();
    if (++n % 10000 === 0) progress?.add(10000);
  }
  progress?.finish();
  const metas: BlockMeta[] = [];
  const windows = [...heads.keys()].sort((a, b) => a - b);
  const writeProgress = opts.progress ? new Progress('writing blocks', windows.length) : undefined;
  for (const w of windows) {
    appenders.get(w)!.commit();
    const head = heads.get(w)!;
    if (head.isEmpty()) continue;
    const mint = head.minTime;
    const maxt = head.maxTime + 1;
    const meta = compactBlocks(outDir, [head.rangeView(mint, maxt)], { minTime: mint, maxTime: maxt });
    if (meta) metas.push(meta);
    writeProgress?.add(1);
  }
  writeProgress?.finish();
  if (!opts.quiet && metas.length > 0 && opts.out) {
    const blocks = metas.map((m) => Block.open(join(outDir, m.ulid)));
    try {
      printBlocks(blocks, opts.humanReadable ?? false, opts.out);
    } finally {
      for (const b of blocks) b.close();
    }
  }
  return metas;
}

function withCustom(lbls: readonly Label[], custom: [string, string][]): Label[] {
  const m = new Map(lbls.map((l) => [l.name, l.value]));
  for (const [k, v] of custom) m.set(k, v);
  return [...m].map(([name, value]) => ({ name, value })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// ---------------------------------------------------------------------------
// dump

export interface DumpOptions {
  minTime?: number;
  maxTime?: number;
  /** Series selectors; a series matching any is dumped. */
  match?: string[];
}

/** Prints every sample of the blocks and the WAL as `{labels} value timestamp`. */
export function dump(dir: string, opts: DumpOptions, out: Out): void {
  const db = DB.open(dir, { readOnly: true });
  const w = new LineWriter(out);
  try {
    const mint = opts.minTime ?? -Infinity;
    const maxt = opts.maxTime ?? Infinity;
    const selectors = (opts.match?.length ? opts.match : ["{__name__=~'(?s:.*)'}"]).map(parseMetricSelector);
    const buf = new SampleBuffer();
    const seen = new Set<string>();
    for (const matchers of selectors) {
      for (const s of db.select(matchers, mint, maxt)) {
        if (selectors.length > 1) {
          const key = labelsToString(s.labels);
          if (seen.has(key)) continue;
          seen.add(key);
        }
        const ls = labelsToString(s.labels);
        decodeSeries(s, mint, maxt, buf);
        for (let i = 0; i < buf.length; i++) w.line(`${ls} ${formatGoPercentG(buf.vs[i]!)} ${buf.ts[i]!}`);
      }
    }
  } finally {
    w.flush();
    db.close();
  }
}

// ---------------------------------------------------------------------------
// list

/** Go's time.Duration.String() for a millisecond duration. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  let s: string;
  if (rest < 1000) {
    s = `${rest}ms`;
  } else {
    const h = Math.floor(rest / 3600_000);
    rest -= h * 3600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const sec = Math.floor(rest / 1000);
    const frac = rest - sec * 1000;
    const secStr = frac ? `${sec}.${String(frac).padStart(3, '0').replace(/0+$/, '')}` : String(sec);
    s = h > 0 ? `${h}h${m}m${secStr}s` : m > 0 ? `${m}m${secStr}s` : `${secStr}s`;
  }
  return neg ? '-' + s : s;
}

/** alecthomas/units Base2Bytes.String(): largest unit, one decimal trimmed of ".0"… as promtool -r prints. */
export function formatBase2Bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let u = 0;
  let v = n;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${n}B`;
  return `${Number.isInteger(v) ? v : v.toFixed(1)}${units[u]}`;
}

function formatTime(ms: number, human: boolean): string {
  if (!human) return String(ms);
  // Go: time.Unix(s, 0).UTC().String() → "2006-01-02 15:04:05 +0000 UTC"
  const d = new Date(Math.floor(ms / 1000) * 1000);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' +0000 UTC');
}

/** Go text/tabwriter with minwidth 13, padding 2, as promtool sets it up. */
export function tabulate(rows: string[][], minWidth = 13, padding = 2): string[] {
  const cols = Math.max(...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < cols - 1; c++) {
    widths[c] = Math.max(minWidth, ...rows.map((r) => (r[c] !== undefined ? r[c]!.length + padding : 0)));
  }
  return rows.map((r) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c]!) : cell)).join(''));
}

function printBlocks(blocks: readonly Block[], human: boolean, out: Out): void {
  const rows = [['BLOCK ULID', 'MIN TIME', 'MAX TIME', 'DURATION', 'NUM SAMPLES', 'NUM CHUNKS', 'NUM SERIES', 'SIZE']];
  for (const b of blocks) {
    const m = b.meta;
    rows.push([
      m.ulid,
      formatTime(m.minTime, human),
      formatTime(m.maxTime, human),
      formatGoDuration(m.maxTime - m.minTime),
      String(m.stats.numSamples ?? 0),
      String(m.stats.numChunks ?? 0),
      String(m.stats.numSeries ?? 0),
      human ? formatBase2Bytes(b.size()) : String(b.size()),
    ]);
  }
  out(tabulate(rows).join('\n') + '\n');
}

export function listBlocks(dir: string, humanReadable: boolean, out: Out): void {
  const db = DB.open(dir, { readOnly: true });
  try {
    printBlocks(db.blocks, humanReadable, out);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------
// analyze

/** The block whose ULID carries the newest timestamp (promtool's LastBlockID). */
function lastBlockId(dir: string): string {
  let best = '';
  let bestTime = -1;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || !existsSync(join(dir, e.name, 'meta.json'))) continue;
    let t: number;
    try {
      t = decodeTime(e.name);
    } catch {
      continue;
    }
    if (t > bestTime) {
      bestTime = t;
      best = e.name;
    }
  }
  if (!best) throw new Error(`no blocks found in ${dir}`);
  return best;
}

export function analyze(dir: string, blockId: string | undefined, limit: number, out: Out, matchers?: string): void {
  const id = blockId || lastBlockId(dir);
  const block = Block.open(join(dir, id));
  const w = new LineWriter(out);
  try {
    const meta = block.meta;
    const selectors: Matcher[] = matchers ? parseMetricSelector(matchers) : [];
    w.line(`Block ID: ${meta.ulid}`);
    w.line(`Duration: ${formatGoDuration(meta.maxTime - meta.minTime)}`);
    w.line(`Total Series: ${meta.stats.numSeries ?? 0}`);
    if (matchers) w.line(`Matcher: ${matchers}`);
    const ix = block.index;
    const refs = block.postings(selectors);
    const allNames = selectors.length ? namesOf(block, refs) : ix.labelNames();
    w.line(`Label names: ${allNames.length}`);
    if (matchers) w.line(`Matched series: ${refs.length}`);

    const span = meta.maxTime - meta.minTime;
    const labelsUncovered = new Map<string, number>();
    const pairsUncovered = new Map<string, number>();
    const pairsCount = new Map<string, number>();
    const valuesByName = new Map<string, Set<string>>();
    let entries = 0;
    const progress = new Progress('analyzing series', refs.length);
    for (let i = 0; i < refs.length; i++) {
      const s = ix.series(refs[i]!);
      const chks = s.chunks;
      const uncovered = chks.length ? span - (chks[chks.length - 1]!.maxTime - chks[0]!.minTime) : span;
      for (const l of s.labels) {
        const key = `${l.name}=${l.value}`;
        labelsUncovered.set(l.name, (labelsUncovered.get(l.name) ?? 0) + uncovered);
        pairsUncovered.set(key, (pairsUncovered.get(key) ?? 0) + uncovered);
        pairsCount.set(key, (pairsCount.get(key) ?? 0) + 1);
        let vs = valuesByName.get(l.name);
        if (!vs) valuesByName.set(l.name, (vs = new Set()));
        vs.add(l.value);
        entries++;
      }
      if (i % 1000 === 999) progress.add(1000);
    }
    w.line(`Postings (unique label pairs): ${pairsUncovered.size}`);
    w.line(`Postings entries (total label pairs): ${entries}`);

    const top = (title: string, items: [string, number][]) => {
      w.line('');
      w.line(title);
      // Stable sort, biggest first, as Go's slices.SortFunc on the map order… we add the key as tiebreak for determinism.
      items.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const [k, v] of items.slice(0, limit)) w.line(`${v} ${k}`);
    };
    const perSpan = (m: Map<string, number>) => [...m].map(([k, v]) => [k, Math.floor(v / span)] as [string, number]);
    top('Label pairs most involved in churning:', perSpan(pairsUncovered));
    top('Label names most involved in churning:', perSpan(labelsUncovered));
    top('Most common label pairs:', [...pairsCount]);
    const valuesOf = (name: string): string[] => (selectors.length ? [...(valuesByName.get(name) ?? [])] : ix.labelValues(name));
    top('Label names with highest cumulative label value length:', allNames.map((n) => [n, valuesOf(n).reduce((a, v) => a + Buffer.byteLength(v), 0)]));
    top('Highest cardinality labels:', allNames.map((n) => [n, valuesOf(n).length]));
    const names = valuesOf(METRIC_NAME);
    const metricCounts: [string, number][] = names.map((n) => {
      if (!selectors.length) return [n, ix.postings(METRIC_NAME, [n]).length];
      return [n, pairsCount.get(`${METRIC_NAME}=${n}`) ?? 0];
    });
    top('Highest cardinality metric names:', metricCounts);
  } finally {
    w.flush();
    block.close();
  }
}

function namesOf(block: Block, refs: Uint32Array): string[] {
  const set = new Set<string>();
  for (const r of refs) for (const l of block.index.series(r).labels) set.add(l.name);
  return [...set].sort();
}
