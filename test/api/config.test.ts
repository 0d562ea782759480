// prometheus.yml for `hyperion core`: global validated and defaulted as
// Prometheus does, other sections kept, clear errors.
import { describe, expect, it, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPrometheusConfig, loadPrometheusConfig, parsePrometheusConfig, prometheusConfigYAML } from '../../src/api/index.js';
import { formatBase2Bytes, formatPromDuration } from '../../src/api/config.js';

const tmp = mkdtempSync(join(tmpdir(), 'hyperion-promcfg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe('prometheus.yml', () => {
  it('defaults as Prometheus: 1m interval, 10s timeout, 1m evaluation', () => {
    const c = defaultPrometheusConfig();
    expect(c.global).toEqual({ scrapeInterval: 60000, scrapeTimeout: 10000, evaluationInterval: 60000, externalLabels: {} });
    expect(prometheusConfigYAML(c)).toBe('global:\n  scrape_interval: 1m\n  scrape_timeout: 10s\n  evaluation_interval: 1m\n');
    // An empty file is the defaults too.
    expect(loadPrometheusConfig(file('empty.yml', '')).global).toEqual(c.global);
  });

  it('reads global, keeps the other sections, shows the effective config', () => {
    const p = file(
      'p.yml',
      [
        'global:',
        '  scrape_interval: 15s',
        '  evaluation_interval: 30s',
        '  external_labels:',
        '    cluster: eu-1',
        '    replica: "0"',
        '    empty: ""',
        '  query_log_file: q.log',
        'rule_files: [rules/*.yml]',
        'scrape_configs:',
        '  - job_name: node',
        '    static_configs:',
        '      - targets: ["localhost:9100"]',
        '',
      ].join('\n'),
    );
    const c = loadPrometheusConfig(p);
    expect(c.global).toEqual({ scrapeInterval: 15000, scrapeTimeout: 10000, evaluationInterval: 30000, externalLabels: { cluster: 'eu-1', replica: '0' } });
    expect(c.rest.scrape_configs).toEqual([{ job_name: 'node', static_configs: [{ targets: ['localhost:9100'] }] }]);
    expect(c.rest.rule_files).toEqual(['rules/*.yml']);
    expect(prometheusConfigYAML(c)).toBe(
      [
        'global:',
        '  scrape_interval: 15s',
        '  scrape_timeout: 10s',
        '  evaluation_interval: 30s',
        '  external_labels:',
        '    cluster: eu-1',
        '    replica: "0"',
        '  query_log_file: q.log',
        'rule_files:',
        '  - rules/*.yml',
        'scrape_configs:',
        '  - job_name: node',
        '    static_configs:',
        '      - targets:',
        '          - localhost:9100',
        '',
      ].join('\n'),
    );
  });

  it('a scrape interval below 10s is also the default timeout', () => {
    expect(parsePrometheusConfig({ global: { scrape_interval: '5s' } }).global.scrapeTimeout).toBe(5000);
  });

  it('reports invalid global values with the file and field', () => {
    expect(() => loadPrometheusConfig(file('bad1.yml', 'global:\n  scrape_interval: 1x\n'))).toThrow(/bad1\.yml: global\.scrape_interval: not a valid duration string: "1x"/);
    expect(() => loadPrometheusConfig(file('bad2.yml', 'global:\n  scrape_interval: 10s\n  scrape_timeout: 20s\n'))).toThrow(/bad2\.yml: global scrape timeout greater than scrape interval/);
    expect(() => loadPrometheusConfig(file('bad3.yml', 'global:\n  external_labels: [a, b]\n'))).toThrow(/bad3\.yml: global\.external_labels/);
    expect(() => loadPrometheusConfig(file('bad4.yml', 'global: [1]\n'))).toThrow(/bad4\.yml: global/);
    expect(() => loadPrometheusConfig(file('bad5.yml', 'global:\n  scrape_interval: [\n'))).toThrow(/bad5\.yml:\d+:\d+/);
    expect(() => loadPrometheusConfig(join(tmp, 'missing.yml'))).toThrow(/cannot read .*missing\.yml/);
  });

  it('formats durations and sizes as Prometheus prints them', () => {
    expect(formatPromDuration(15 * 86400e3)).toBe('15d');
    expect(formatPromDuration(14 * 86400e3)).toBe('2w');
    expect(formatPromDuration(365 * 86400e3)).toBe('1y');
    expect(formatPromDuration(90 * 60e3 + 500)).toBe('1h30m500ms');
    expect(formatPromDuration(0)).toBe('0s');
    expect(formatBase2Bytes(0)).toBe('0B');
    expect(formatBase2Bytes(10 * 1024 ** 3)).toBe('10GiB');
    expect(formatBase2Bytes(1.5 * 1024 ** 3)).toBe('1GiB512MiB');
    expect(formatBase2Bytes(1025)).toBe('1KiB1B');
  });
});
