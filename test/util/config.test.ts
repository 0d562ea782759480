import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, formatDuration, parseConfig, parseDuration, readYamlFile, z } from '../../src/util/config.js';
import { parseListenAddress } from '../../src/util/http.js';

describe('durations (Prometheus syntax)', () => {
  it.each([
    ['0', 0], ['5m', 300_000], ['1h30m', 5_400_000], ['15d', 15 * 86_400_000], ['2w', 14 * 86_400_000],
    ['1y', 365 * 86_400_000], ['100ms', 100], ['1m30s500ms', 90_500],
  ])('%s = %d ms', (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });
  it.each(['', '5', '1.5h', '5m1h', 'h', '-5m', '5 m'])('rejects %j', (s) => {
    expect(() => parseDuration(s)).toThrow(ConfigError);
  });
  it('formats like Prometheus', () => {
    expect(formatDuration(15 * 86_400_000)).toBe('2w1d');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
  });
});

describe('config validation convention', () => {
  const schema = z.object({ retention: z.string(), replicas: z.number().int().min(1) }).strict();
  it('names the source and the field', () => {
    expect(() => parseConfig(schema, { retention: '1d', replicas: 0 }, 'core.yml')).toThrow(
      /^invalid configuration in core\.yml: replicas: .*>=1/,
    );
    expect(() => parseConfig(schema, { retention: '1d', replicas: 1, extra: true }, 'core.yml')).toThrow(/extra/);
    expect(parseConfig(schema, { retention: '1d', replicas: 2 }, 'x')).toEqual({ retention: '1d', replicas: 2 });
  });
  it('reports YAML syntax errors with file, line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperion-cfg-'));
    try {
      const p = join(dir, 'bad.yml');
      writeFileSync(p, 'a: 1\nb: [1, 2\nc: 3\n');
      expect(() => readYamlFile(p)).toThrow(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: `));
      writeFileSync(p, 'a: 1\na: 2\n');
      expect(() => readYamlFile(p)).toThrow(/:2:1: .*unique/i);
      expect(() => readYamlFile(join(dir, 'missing.yml'))).toThrow(/cannot read .*missing\.yml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('listen addresses', () => {
  it('accepts Prometheus/Thanos forms', () => {
    expect(parseListenAddress(':9090')).toEqual({ host: '0.0.0.0', port: 9090 });
    expect(parseListenAddress('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseListenAddress('[::1]:10902')).toEqual({ host: '::1', port: 10902 });
    expect(() => parseListenAddress('9090')).toThrow(/want host:port/);
    expect(() => parseListenAddress('a:70000')).toThrow(/out of range/);
  });
});
