// `hyperion core`: the Prometheus-compatible core. Today it runs the TSDB
// (WAL replay, head, block cutting, compaction, retention) and records its own
// metrics through the exposition parser, as a Prometheus scraping itself does.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { durationArg } from './flags.js';
import { createLogger } from '../util/log.js';
import { createRegistry } from '../util/metrics.js';
import { startOpsServer } from '../util/http.js';
import { Lifecycle } from '../util/lifecycle.js';
import { formatDuration } from '../util/config.js';
import { labelsFrom } from '../model/labels.js';
import { DB, AppendError } from '../tsdb/index.js';
import { PromTextParser } from '../scrape/parse/index.js';

interface CoreFlags {
  storageTsdbPath: string;
  webListenAddress: string;
  retentionTime: number;
  retentionSize: number;
  minBlockDuration: number;
  maxBlockDuration?: number;
  walCompression: boolean;
  selfScrapeInterval: number;
  logLevel: string;
}

/** Prometheus size strings: 512MB, 10GB, 1TB (base 1024, as Prometheus's units). */
export function parseBytes(v: string): number {
  const m = /^(\d+)(B|KB|MB|GB|TB|PB|EB)?$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError(`invalid size ${JSON.stringify(v)}: want e.g. 512MB`);
  const pow = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'].indexOf(m[2] ?? 'B');
  return Number(m[1]) * 1024 ** pow;
}

export function registerCore(program: Command): void {
  program
    .command('core')
    .description('Prometheus-compatible core: TSDB (WAL, head, blocks, compaction, retention)')
    .option('--storage.tsdb.path <dir>', 'Base path for metrics storage', 'data/')
    .option('--web.listen-address <addr>', 'Address to listen on for HTTP', '0.0.0.0:9090')
    .option('--storage.tsdb.retention.time <duration>', 'How long to retain samples (0 = forever)', durationArg, 15 * 24 * 3600_000)
    .option('--storage.tsdb.retention.size <bytes>', 'Maximum bytes of blocks to keep (0 = off)', parseBytes, 0)
    .option('--storage.tsdb.min-block-duration <duration>', 'Block duration cut from the head', durationArg, 2 * 3600_000)
    .option('--storage.tsdb.max-block-duration <duration>', 'Largest block compaction produces (default 10% of retention, max 31d)', durationArg)
    .option('--no-storage.tsdb.wal-compression', 'Do not compress WAL records with snappy')
    .option('--self-scrape-interval <duration>', 'How often the core records its own metrics', durationArg, 15_000)
    .option('--log.level <level>', 'debug, info, warn or error', 'info')
    .action(async (raw: Record<string, unknown>) => {
      const f: CoreFlags = {
        storageTsdbPath: raw['storage.tsdb.path'] as string,
        webListenAddress: raw['web.listenAddress'] as string,
        retentionTime: raw['storage.tsdb.retention.time'] as number,
        retentionSize: raw['storage.tsdb.retention.size'] as number,
        minBlockDuration: raw['storage.tsdb.minBlockDuration'] as number,
        maxBlockDuration: raw['storage.tsdb.maxBlockDuration'] as number | undefined,
        walCompression: raw['storage.tsdb.walCompression'] as boolean,
        selfScrapeInterval: raw['selfScrapeInterval'] as number,
        logLevel: raw['log.level'] as string,
      };
      await runCore(f);
    });
}

async function runCore(f: CoreFlags): Promise<void> {
  const logger = createLogger({ level: f.logLevel }).child({ component: 'core' });
  const registry = createRegistry('core');
  const life = new Lifecycle(logger);
  const stopped = life.handleSignals();
  let db: DB | undefined;

  const server = await startOpsServer({ address: f.webListenAddress, registry, logger, ready: () => db !== undefined && !life.isStopping });
  life.onStop('http', () => server.close());

  logger.info({ path: f.storageTsdbPath, retention: formatDuration(f.retentionTime) }, 'opening TSDB; replaying WAL');
  db = DB.open(f.storageTsdbPath, {
    retention: f.retentionTime,
    retentionBytes: f.retentionSize,
    minBlockDuration: f.minBlockDuration,
    maxBlockDuration: f.maxBlockDuration,
    walCompression: f.walCompression,
    logger,
    registry,
  });
  const opened = db;
  life.onStop('tsdb', () => opened.close());
  logger.info({ blocks: opened.blocks.length, headSeries: opened.head.numSeries }, 'TSDB started; server is ready');

  const instance = `${f.webListenAddress}`;
  const selfScrape = async () => {
    const start = Date.now();
    const text = await registry.metrics();
    const app = opened.appender();
    const p = new PromTextParser(Buffer.from(text));
    let n = 0;
    for (let e = p.next(); e !== null; e = p.next()) {
      if (e !== 'series') continue;
      const ls = p.labels();
      const labels = labelsFrom([...ls.map((l) => [l.name, l.value] as const), ['job', 'hyperion'], ['instance', instance]]);
      try {
        app.add(labels, p.timestamp ?? start, p.value);
        n++;
      } catch (err) {
        if (!(err instanceof AppendError)) throw err;
      }
    }
    app.add(labelsFrom({ __name__: 'up', job: 'hyperion', instance }), start, 1);
    app.add(labelsFrom({ __name__: 'scrape_samples_scraped', job: 'hyperion', instance }), start, n);
    app.add(labelsFrom({ __name__: 'scrape_duration_seconds', job: 'hyperion', instance }), start, (Date.now() - start) / 1000);
    app.commit();
  };
  const scrapeTimer = setInterval(() => {
    selfScrape().catch((e) => logger.error({ err: (e as Error).message }, 'self-scrape failed'));
  }, f.selfScrapeInterval);
  life.onStop('self-scrape', () => clearInterval(scrapeTimer));

  // Prometheus checks for compactable data every minute.
  const compactTimer = setInterval(() => {
    try {
      opened.compact();
    } catch (e) {
      logger.error({ err: (e as Error).message }, 'compaction failed');
    }
  }, 60_000);
  life.onStop('compaction', () => clearInterval(compactTimer));
  await stopped;
}
