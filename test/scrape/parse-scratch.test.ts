import { it } from 'vitest';
import * as src from '../../src/scrape/parse/index.js';
it('cmp', async () => {
  // @ts-ignore
  const compiled = await import('/tmp/h4bench/out/work/main/src/scrape/parse/index.js');
  const lines: string[] = [];
  for (let c = 0; c < 2000; c++) lines.push(`node_cpu_seconds_total{cpu="${c}",mode="idle",instance="localhost:9100"} ${c * 1.25e5 + 0.37}`);
  const text = Buffer.from(lines.join('\n') + '\n');
  for (const [name, mod] of [['src', src], ['compiled', compiled], ['src', src], ['compiled', compiled]] as const) {
    let best = Infinity;
    for (let rep = 0; rep < 5; rep++) {
      const t0 = process.cpuUsage();
      for (let r = 0; r < 20; r++) { const p = new mod.PromTextParser(text); for (let e = p.next(); e; e = p.next()) p.labels([]); }
      const t = process.cpuUsage(t0); best = Math.min(best, (t.user + t.system) / 1e6);
    }
    console.log(name, (lines.length * 20 / best / 1e6).toFixed(2), 'M lines/s');
  }
});
