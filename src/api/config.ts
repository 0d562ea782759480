// prometheus.yml as `hyperion core` reads it today: the `global` section is
// validated and defaulted as Prometheus does (config.GlobalConfig); the other
// top-level sections (scrape_configs, rule_files, alerting, …) are kept as
// given for the parts that arrive later, and echoed by /api/v1/status/config.
import YAML from 'yaml';
import { ConfigError, parseConfig, parseDuration, readYamlFile, z } from '../util/config.js';

export interface GlobalConfig {
  /** ms */
  scrapeInterval: number;
  scrapeTimeout: number;
  evaluationInterval: number;
  externalLabels: Record<string, string>;
}

export interface PrometheusConfig {
  global: GlobalConfig;
  /** Every other key of the file, untouched (global's other keys included). */
  rest: Record<string, unknown>;
  globalRest: Record<string, unknown>;
  /** Where it came from (file path) or undefined for the built-in default. */
  source?: string;
}

export const DEFAULT_GLOBAL: GlobalConfig = {
  scrapeInterval: 60_000,
  scrapeTimeout: 10_000,
  evaluationInterval: 60_000,
  externalLabels: {},
};

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = String(v);
  try {
    return parseDuration(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

const globalSchema = z
  .object({
    scrape_interval: duration.optional(),
    scrape_timeout: duration.optional(),
    evaluation_interval: duration.optional(),
    external_labels: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v))).nullish(),
  })
  .passthrough();

const fileSchema = z
  .object({
    global: globalSchema.nullish(),
  })
  .passthrough();

/** Validates a parsed prometheus.yml document; throws ConfigError naming the field. */
export function parsePrometheusConfig(doc: unknown, source = 'configuration'): PrometheusConfig {
  const parsed = parseConfig(fileSchema, doc ?? {}, source);
  const g = parsed.global ?? {};
  const { scrape_interval, scrape_timeout, evaluation_interval, external_labels, ...globalRest } = g;
  const scrapeInterval = scrape_interval || DEFAULT_GLOBAL.scrapeInterval;
  const explicitTimeout = scrape_timeout ?? 0;
  if (explicitTimeout > scrapeInterval) throw new ConfigError(`invalid configuration in ${source}: global scrape timeout greater than scrape interval`);
  const externalLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(external_labels ?? {})) {
    if (k === '' || hasLoneSurrogate(k)) throw new ConfigError(`invalid configuration in ${source}: global.external_labels: ${JSON.stringify(k)} is not a valid label name`);
    if (hasLoneSurrogate(v)) throw new ConfigError(`invalid configuration in ${source}: global.external_labels: ${JSON.stringify(v)} is not a valid label value`);
    // An empty value means "no such label", as for any label set.
    if (v !== '') externalLabels[k] = v;
  }
  const { global: _global, ...rest } = parsed;
  void _global;
  return {
    global: {
      scrapeInterval,
      scrapeTimeout: explicitTimeout || Math.min(DEFAULT_GLOBAL.scrapeTimeout, scrapeInterval),
      evaluationInterval: evaluation_interval || DEFAULT_GLOBAL.evaluationInterval,
      externalLabels,
    },
    rest,
    globalRest,
    source,
  };
}

function hasLoneSurrogate(s: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** Reads and validates a prometheus.yml; ConfigError on any problem. */
export function loadPrometheusConfig(path: string): PrometheusConfig {
  return parsePrometheusConfig(readYamlFile(path), path);
}

export function defaultPrometheusConfig(): PrometheusConfig {
  return { ...parsePrometheusConfig({}), source: undefined };
}

/**
 * The effective configuration as YAML (what /api/v1/status/config shows):
 * global with its defaults filled in, then the other sections as given.
 */
export function prometheusConfigYAML(c: PrometheusConfig): string {
  const global: Record<string, unknown> = {
    scrape_interval: formatPromDuration(c.global.scrapeInterval),
    scrape_timeout: formatPromDuration(c.global.scrapeTimeout),
    evaluation_interval: formatPromDuration(c.global.evaluationInterval),
  };
  if (Object.keys(c.global.externalLabels).length > 0) global.external_labels = c.global.externalLabels;
  Object.assign(global, c.globalRest);
  return YAML.stringify({ global, ...c.rest }, { lineWidth: 0 });
}

/**
 * model.Duration.String(): largest units first, but years and weeks only
 * when they divide the duration exactly (90d, not 12w6d).
 */
export function formatPromDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.trunc(ms);
  let out = '';
  if (rest < 0) {
    out = '-';
    rest = -rest;
  }
  const units: [string, number, boolean][] = [['y', 365 * 86400e3, true], ['w', 7 * 86400e3, true], ['d', 86400e3, false], ['h', 3600e3, false], ['m', 60e3, false], ['s', 1e3, false], ['ms', 1, false]];
  for (const [u, n, exact] of units) {
    if (exact && rest % n !== 0) continue;
    const v = Math.floor(rest / n);
    if (v > 0) {
      out += v + u;
      rest -= v * n;
    }
  }
  return out;
}

/** units.Base2Bytes.String(): every non-zero base-1024 digit with its unit, largest first (1GiB512MiB, 0B). */
export function formatBase2Bytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let n = Math.trunc(bytes);
  const out: string[] = [];
  for (let i = 0; i < units.length; i++) {
    const r = n % 1024;
    if (r !== 0 || (i === 0 && n === 0)) out.unshift(`${r}${units[i]}`);
    n = Math.floor(n / 1024);
    if (n === 0) break;
  }
  return out.join('');
}
