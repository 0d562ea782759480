// Cross-check with a WAL written by the real Prometheus (Debian's 2.42): it
// scrapes itself every second, is stopped (SIGKILL with the default snappy
// compression, SIGTERM without), and its wal/ is read with our reader and
// record decoders. Fails (never skips) when prometheus is not installed.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeer } from '../helpers/peers.js';
import {
  WAL, encodeSeries, encodeSamples, encodeTombstones,
  RecordType, recordType, readRecords, listSegments, segmentName, decodeSeries, decodeSamples, SampleBatch, SNAPPY_FLAG,
  type RefSeries,
} from '../../src/tsdb/wal/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs Prometheus until its WAL has grown `scrapes` times, then stops it with `signal`. */
async function runPrometheus(compress: boolean, signal: 'SIGKILL' | 'SIGTERM'): Promise<{ walDir: string; start: number; end: number }> {
  const bin = requirePeer('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'hyperion-prom-wal-'));
  dirs.push(dir);
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`,
  );
  const data = join(dir, 'data');
  const args = [
    `--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${data}`,
    compress ? '--storage.tsdb.wal-compression' : '--no-storage.tsdb.wal-compression',
  ];
  const start = Date.now();
  const p = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  p.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => p.on('exit', () => resolve()));
  const walDir = join(data, 'wal');
  try {
    // The scrape manager starts targets on its first 5 s reload tick; wait for 3 appends.
    const sizes = new Set<number>();
    const deadline = Date.now() + 60_000;
    while (sizes.size < 4) {
      if (Date.now() > deadline) throw new Error(`prometheus wrote no WAL in 60 s:\n${log}`);
      if (p.exitCode !== null) throw new Error(`prometheus exited (${p.exitCode}):\n${log}`);
      const f = segmentName(walDir, 0);
      if (existsSync(f)) sizes.add(statSync(f).size);
      await sleep(100);
    }
    // Stop between two scrapes rather than during one.
    await sleep(300);
  } finally {
    p.kill(signal);
    await exited;
  }
  return { walDir, start, end: Date.now() };
}

function readWAL(walDir: string) {
  const series = new Map<number, RefSeries>();
  const samples: { ref: number; t: number; v: number }[] = [];
  const types = new Set<number>();
  const b = new SampleBatch();
  for (const rec of readRecords(walDir)) {
    const t = recordType(rec);
    types.add(t);
    if (t === RecordType.Series) for (const s of decodeSeries(rec)) series.set(s.ref, s);
    else if (t === RecordType.Samples) {
      const n = decodeSamples(rec, b);
      for (let i = 0; i < n; i++) {
        // Prometheus logs a series record before any sample that references it.
        expect(series.has(b.refs[i]!)).toBe(true);
        samples.push({ ref: b.refs[i]!, t: b.ts[i]!, v: b.vs[i]! });
      }
    }
  }
  return { series, samples, types };
}

function findSeries(series: Map<number, RefSeries>, name: string): RefSeries {
  const s = [...series.values()].find((x) => x.labels.some((l) => l.name === '__name__' && l.value === name));
  if (!s) throw new Error(`no series ${name} among ${series.size}`);
  return s;
}

describe('reading a WAL written by Prometheus', () => {
  for (const [compress, signal] of [[true, 'SIGKILL'], [false, 'SIGTERM']] as const) {
    it(`wal-compression ${compress ? 'on' : 'off'}, stopped with ${signal}`, async () => {
      const { walDir, start, end } = await runPrometheus(compress, signal);
      // Fragment headers carry the snappy flag exactly when compression was on.
      const first = readFileSync(segmentName(walDir, listSegments(walDir)[0]!.index));
      expect((first[0]! & SNAPPY_FLAG) !== 0).toBe(compress);
      if (signal === 'SIGTERM') expect(first.length % 32768).toBe(0); // closed: last page padded

      const { series, samples, types } = readWAL(walDir);
      expect(types.has(RecordType.Series)).toBe(true);
      expect(types.has(RecordType.Samples)).toBe(true);

      const up = findSeries(series, 'up');
      expect(up.labels).toEqual([
        { name: '__name__', value: 'up' },
        { name: 'instance', value: up.labels.find((l) => l.name === 'instance')!.value },
        { name: 'job', value: 'self' },
      ]);
      const upSamples = samples.filter((s) => s.ref === up.ref);
      expect(upSamples.length).toBeGreaterThanOrEqual(3);
      for (const s of upSamples) {
        expect(s.v).toBe(1);
        expect(s.t).toBeGreaterThanOrEqual(start - 1000);
        expect(s.t).toBeLessThanOrEqual(end + 1000);
      }
      // Scrapes are 1 s apart.
      for (let i = 1; i < upSamples.length; i++) {
        expect(upSamples[i]!.t - upSamples[i - 1]!.t).toBeGreaterThan(500);
        expect(upSamples[i]!.t - upSamples[i - 1]!.t).toBeLessThan(1500);
      }

      const build = findSeries(series, 'prometheus_build_info');
      expect(build.labels.find((l) => l.name === 'version')!.value).toMatch(/^2\.\d+\.\d+/);
      expect(samples.filter((s) => s.ref === build.ref).every((s) => s.v === 1)).toBe(true);
      // Labels come sorted, as Prometheus writes them.
      for (const s of series.values()) {
        const names = s.labels.map((l) => l.name);
        expect(names).toEqual([...names].sort());
      }
      expect(series.size).toBeGreaterThan(100);
    });
  }
});

describe('Prometheus replays a WAL we wrote', () => {
  it('series, samples (stale marker included) and tombstones over several snappy segments', async () => {
    const bin = requirePeer('prometheus');
    const dir = mkdtempSync(join(tmpdir(), 'hyperion-prom-replay-'));
    dirs.push(dir);
    const data = join(dir, 'data');
    const now = Math.floor(Date.now() / 1000) * 1000;
    const t0 = now - 120_000;
    const w = WAL.open(join(data, 'wal'), { segmentSize: 32768 });
    const labels = (i: number) => [{ name: '__name__', value: 'hyperion_wal_test' }, { name: 'i', value: String(i) }];
    w.log(encodeSeries([0, 1, 2].map((i) => ({ ref: i + 1, labels: labels(i) }))));
    const refs = new Float64Array(3);
    const ts = new Float64Array(3);
    const vs = new Float64Array(3);
    const vbits = new Uint32Array(vs.buffer);
    for (let k = 0; k <= 12; k++) {
      for (let i = 0; i < 3; i++) {
        refs[i] = i + 1;
        ts[i] = t0 + k * 10_000;
        vs[i] = i * 100 + k;
        if (i === 2 && k === 12) {
          vbits[2 * i] = 2; // stale marker 0x7ff0000000000002
          vbits[2 * i + 1] = 0x7ff00000;
        }
      }
      w.log(encodeSamples(refs, ts, vs, 3));
      // Pad records so the WAL spans several segments.
      w.log(encodeSeries([{ ref: 100 + k, labels: [{ name: '__name__', value: 'filler' }, { name: 'k', value: randomBytes(4500).toString('hex') }] }]));
    }
    w.log(encodeTombstones([{ ref: 2, mint: t0, maxt: t0 + 60_000 }]));
    w.close();
    // The last samples sit several segments after the series record.
    expect(listSegments(join(data, 'wal')).length).toBeGreaterThanOrEqual(5);

    const port = await freePort();
    const config = join(dir, 'prometheus.yml');
    writeFileSync(config, 'scrape_configs: []\n');
    const p = spawn(bin, [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${data}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    p.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<void>((resolve) => p.on('exit', () => resolve()));
    const base = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (p.exitCode !== null) throw new Error(`prometheus exited:\n${log}`);
        if (Date.now() > deadline) throw new Error(`prometheus not ready:\n${log}`);
        const ok = await fetch(`${base}/-/ready`).then((r) => r.ok, () => false);
        if (ok) break;
        await sleep(100);
      }
      const query = async (q: string, t: number) => {
        const r = (await (await fetch(`${base}/api/v1/query?query=${encodeURIComponent(q)}&time=${t / 1000}`)).json()) as {
          data: { result: { metric: Record<string, string>; value: [number, string] }[] };
        };
        return r.data.result.map((x) => [x.metric.i, x.value[1]]).sort();
      };
      // Mid-range: all three, except series 1 whose first minute is deleted.
      expect(await query('hyperion_wal_test', t0 + 50_000)).toEqual([['0', '5'], ['2', '205']]);
      expect(await query('hyperion_wal_test', t0 + 70_000)).toEqual([['0', '7'], ['1', '107'], ['2', '207']]);
      // After the stale marker series 2 is gone; the others keep their last value.
      expect(await query('hyperion_wal_test', t0 + 120_000)).toEqual([['0', '12'], ['1', '112']]);
      expect(log).not.toMatch(/corrupt|repair/i);
    } finally {
      p.kill('SIGTERM');
      await exited;
    }
  });
});
