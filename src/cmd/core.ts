// `hyperion core`: the Prometheus-compatible core. It runs the TSDB (WAL
// replay, head, block cutting, compaction, retention), serves the Prometheus
// HTTP API over it, and records its own metrics through the exposition
// parser, as a Prometheus scraping itself does.
import { availableParallelism, hostname } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { durationArg } from './flags.js';
import { createLogger } from '../util/log.js';
import { createRegistry, VERSION } from '../util/metrics.js';
import { startOpsServer } from '../util/http.js';
import { Lifecycle } from '../util/lifecycle.js';
import { labelsFrom } from '../model/labels.js';
import { DB, AppendError } from '../tsdb/index.js';
import { dbQuerier } from '../tsdb/querier.js';
import { PromTextParser } from '../scrape/parse/index.js';
import { Engine } from '../promql/engine/index.js';
import { astToJSON, parseExpr, parseMetricSelector, prettify } from '../promql/parser/index.js';
import {
  registerApiV1, headTSDBStatus, loadPrometheusConfig, defaultPrometheusConfig, prometheusConfigYAML,
  type PrometheusConfig, type RuntimeInfo,
} from '../api/index.js';
import { formatBase2Bytes, formatPromDuration } from '../api/config.js';

interface CoreFlags {
  configFile?: string;
  storageTsdbPath: string;
  webListenAddress: string;
  retentionTime: number;
  retentionSize: number;
  minBlockDuration: number;
  maxBlockDuration?: number;
  walCompression: boolean;
  selfScrapeInterval: number;
  logLevel: string;
  lookbackDelta: number;
  queryTimeout: number;
  maxSamples: number;
  maxConcurrency: number;
  corsOrigin: string;
}

function positiveIntArg(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`not a positive integer: ${v}`);
  return Number(v);
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
    .description('Prometheus-compatible core: TSDB (WAL, head, blocks, compaction, retention) and the Prometheus HTTP API')
    .option('--config.file <file>', 'Prometheus configuration file (default: built-in defaults)')
    .option('--storage.tsdb.path <dir>', 'Base path for metrics storage', 'data/')
    .option('--web.listen-address <addr>', 'Address to listen on for HTTP', '0.0.0.0:9090')
    .option('--storage.tsdb.retention.time <duration>', 'How long to retain samples (0 = forever)', durationArg, 15 * 24 * 3600_000)
    .option('--storage.tsdb.retention.size <bytes>', 'Maximum bytes of blocks to keep (0 = off)', parseBytes, 0)
    .option('--storage.tsdb.min-block-duration <duration>', 'Block duration cut from the head', durationArg, 2 * 3600_000)
    .option('--storage.tsdb.max-block-duration <duration>', 'Largest block compaction produces (default 10% of retention, max 31d)', durationArg)
    .option('--no-storage.tsdb.wal-compression', 'Do not compress WAL records with snappy')
    .option('--self-scrape-interval <duration>', 'How often the core records its own metrics', durationArg, 15_000)
    .option('--query.lookback-delta <duration>', 'How far back to look for the last sample of a series', durationArg, 300_000)
    .option('--query.timeout <duration>', 'Maximum time a query may take before it is aborted', durationArg, 120_000)
    .option('--query.max-samples <n>', 'Maximum samples one query may load into memory', positiveIntArg, 50_000_000)
    .option('--query.max-concurrency <n>', 'Maximum queries evaluated at once; the rest wait', positiveIntArg, 20)
    .option('--web.cors.origin <regex>', 'Regex for CORS origins (anchored)', '.*')
    .option('--log.level <level>', 'debug, info, warn or error', 'info')
    .action(async (raw: Record<string, unknown>) => {
      const f: CoreFlags = {
        configFile: raw['config.file'] as string | undefined,
        storageTsdbPath: raw['storage.tsdb.path'] as string,
        webListenAddress: raw['web.listenAddress'] as string,
        retentionTime: raw['storage.tsdb.retention.time'] as number,
        retentionSize: raw['storage.tsdb.retention.size'] as number,
        minBlockDuration: raw['storage.tsdb.minBlockDuration'] as number,
        maxBlockDuration: raw['storage.tsdb.maxBlockDuration'] as number | undefined,
        walCompression: raw['storage.tsdb.walCompression'] as boolean,
        selfScrapeInterval: raw['selfScrapeInterval'] as number,
        logLevel: raw['log.level'] as string,
        lookbackDelta: raw['query.lookbackDelta'] as number,
        queryTimeout: raw['query.timeout'] as number,
        maxSamples: raw['query.maxSamples'] as number,
        maxConcurrency: raw['query.maxConcurrency'] as number,
        corsOrigin: raw['web.cors.origin'] as string,
      };
      await runCore(f);
    });
}

/** The flags as /api/v1/status/flags shows them (Prometheus's names, values as text). */
function flagsMap(f: CoreFlags): Record<string, string> {
  return {
    'config.file': f.configFile ?? '',
    'storage.tsdb.path': f.storageTsdbPath,
    'web.listen-address': f.webListenAddress,
    'storage.tsdb.retention.time': formatPromDuration(f.retentionTime),
    'storage.tsdb.retention.size': formatBase2Bytes(f.retentionSize),
    'storage.tsdb.min-block-duration': formatPromDuration(f.minBlockDuration),
    'storage.tsdb.max-block-duration': f.maxBlockDuration === undefined ? '' : formatPromDuration(f.maxBlockDuration),
    'storage.tsdb.wal-compression': String(f.walCompression),
    'self-scrape-interval': formatPromDuration(f.selfScrapeInterval),
    'log.level': f.logLevel,
    'query.lookback-delta': formatPromDuration(f.lookbackDelta),
    'query.timeout': formatPromDuration(f.queryTimeout),
    'query.max-samples': String(f.maxSamples),
    'query.max-concurrency': String(f.maxConcurrency),
    'web.cors.origin': f.corsOrigin,
  };
}

/** runtimeinfo's storageRetention: "15d", "10GiB" or "15d or 10GiB". */
function storageRetention(f: CoreFlags): string {
  const parts: string[] = [];
  if (f.retentionTime !== 0) parts.push(formatPromDuration(f.retentionTime));
  if (f.retentionSize !== 0) parts.push(formatBase2Bytes(f.retentionSize));
  return parts.join(' or ');
}

async function runCore(f: CoreFlags): Promise<void> {
  // A bad configuration stops the start before anything listens (exit 1 with the reason).
  const config: PrometheusConfig = f.configFile ? loadPrometheusConfig(f.configFile) : defaultPrometheusConfig();
  let cors: RegExp;
  try {
    cors = new RegExp(`^(?:${f.corsOrigin})$`);
  } catch (e) {
    throw new Error(`invalid --web.cors.origin: ${(e as Error).message}`);
  }
  const configLoaded = Math.floor(Date.now() / 1000) * 1000;
  const startTime = Date.now();
  const logger = createLogger({ level: f.logLevel }).child({ component: 'core' });
  const registry = createRegistry('core');
  const life = new Lifecycle(logger);
  const stopped = life.handleSignals();
  let db: DB | undefined;
  const ready = () => db !== undefined && !life.isStopping;

  const engine = new Engine({
    lookbackDelta: f.lookbackDelta,
    timeout: f.queryTimeout,
    maxSamples: f.maxSamples,
    // Subqueries without a step use the global evaluation interval, as in Prometheus.
    noStepSubqueryInterval: config.global.evaluationInterval,
    // Off like a Prometheus server without --enable-feature=promql-delayed-name-removal
    // (the promqltest harness turns it on; the server default is off).
    enableDelayedNameRemoval: false,
  });
  const runtimeInfo = async (): Promise<RuntimeInfo> => ({
    startTime,
    CWD: process.cwd(),
    hostname: hostname(),
    serverTime: Date.now(),
    reloadConfigSuccess: true,
    lastConfigTime: configLoaded,
    corruptionCount: db ? ((await db.head.metrics.walCorruptions.get()).values[0]?.value ?? 0) : 0,
    // Node's nearest equivalents of the Go runtime's numbers.
    goroutineCount: process.getActiveResourcesInfo().length,
    GOMAXPROCS: availableParallelism(),
    GOMEMLIMIT: getHeapStatistics().heap_size_limit,
    GOGC: process.env.GOGC ?? '',
    GODEBUG: process.env.GODEBUG ?? '',
    storageRetention: storageRetention(f),
  });

  const server = await startOpsServer({
    address: f.webListenAddress,
    registry,
    logger,
    ready,
    configure: (app) =>
      registerApiV1(app, {
        engine,
        parser: { parseExpr, parseMetricSelector, prettify, astToJSON },
        querier: () => dbQuerier(db!),
        ready,
        buildInfo: { version: VERSION, revision: '', branch: '', buildUser: '', buildDate: '', goVersion: `node${process.versions.node}` },
        flags: () => flagsMap(f),
        configYAML: () => prometheusConfigYAML(config),
        runtimeInfo,
        tsdbStatus: (limit) => headTSDBStatus(db!.head, limit),
        maxConcurrency: f.maxConcurrency,
        corsOrigin: cors,
        logger: logger.child({ component: 'api' }),
      }),
  });
  life.onStop('http', () => server.close());

  logger.info({ path: f.storageTsdbPath, retention: formatPromDuration(f.retentionTime), config: f.configFile ?? '(defaults)' }, 'opening TSDB; replaying WAL');
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
