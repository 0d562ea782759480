// Deterministic test and benchmark data: an OpenMetrics backfill file with
// counters (with resets), gauges, NaN/±Inf, gaps and jittered intervals.

export interface Sample {
  /** Labels as promtool prints them: {a="1", b="2"}. */
  labels: string;
  t: number;
  v: number;
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


function fmtOM(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** ≥100k samples over 7h: counters with resets, gauges, NaN/±Inf, gaps, jittered intervals. */
export function generateOpenMetrics(opts: { hours?: number; seriesPerFamily?: number; seed?: number } = {}): { text: string; samples: Sample[] } {
  const r = rng(opts.seed ?? 42);
  const perFamily = opts.seriesPerFamily ?? 30;
  const start = 1_700_000_000_000 + 1234; // not aligned to 2h on purpose
  const end = start + (opts.hours ?? 7) * 3600_000;
  const lines: string[] = [];
  const samples: Sample[] = [];
  const emit = (name: string, labels: Record<string, string>, t: number, v: number) => {
    const ls = Object.entries(labels).map(([k, x]) => `${k}="${x}"`).join(',');
    lines.push(`${name}{${ls}} ${fmtOM(v)} ${(t / 1000).toFixed(3)}`);
    const all = { __name__: name, ...labels };
    const key = '{' + Object.keys(all).sort().map((k) => `${k}="${(all as Record<string, string>)[k]}"`).join(', ') + '}';
    samples.push({ labels: key, t, v });
  };
  lines.push('# HELP http_requests Requests served.', '# TYPE http_requests counter');
  for (let s = 0; s < perFamily; s++) {
    let v = 0;
    const step = [15_000, 30_000, 10_000][s % 3]!;
    for (let t = start; t < end; t += step) {
      if (s % 7 === 3 && t > start + 2 * 3600_000 && t < start + 3 * 3600_000) continue; // a gap
      v += Math.floor(r() * 100);
      if (r() < 0.002) v = 0; // counter reset
      emit('http_requests_total', { code: String(200 + (s % 5)), instance: `host-${s}`, job: 'api' }, t, v);
    }
  }
  lines.push('# TYPE temperature gauge');
  for (let s = 0; s < perFamily; s++) {
    let v = 20 + r() * 10;
    for (let t = start; t < end; t += 15_000) {
      const jitter = Math.floor(r() * 2000) - 1000; // irregular scrape timing
      v += (r() - 0.5) * 0.37;
      let out = v;
      const x = r();
      if (x < 0.003) out = NaN;
      else if (x < 0.005) out = Infinity;
      else if (x < 0.007) out = -Infinity;
      else if (x < 0.01) out = -0.000001234 * r();
      else if (x < 0.013) out = 1e21 * r();
      emit('temperature', { room: `r${s}`, unit: 'celsius', site: `wert-${s % 4}-∑-ünï-😀` }, t + jitter, out);
    }
  }
  lines.push('# TYPE constant gauge');
  for (let t = start; t < end; t += 60_000) emit('constant', {}, t, 42);
  lines.push('# EOF');
  return { text: lines.join('\n') + '\n', samples };
}

