// Request parameter parsing as api.go does it: times, durations, limits,
// forms (Go's url.ParseQuery) and U__ label name unescaping.
import { describe, expect, it } from 'vitest';
import {
  Form, parseTime, parseDurationNs, parseLimitParam, unescapeName, isValidLabelName,
  MIN_TIME_FORMATTED, MAX_TIME_FORMATTED, MIN_TIME_MS, MAX_TIME_MS,
} from '../../src/api/index.js';

describe('parseTime', () => {
  const ok: [string, number][] = [
    ['0', 0],
    ['1', 1000],
    ['1.5', 1500],
    ['1435781451.781', 1435781451781],
    ['1435781451.7815', 1435781451782], // rounded to ms, half away from zero
    ['1435781451.7814', 1435781451781],
    ['1000.0005', 1000000], // 1000.0005 - 1000 is just below 0.0005 in binary (seen from Prometheus)
    ['999.9995', 1000000],
    ['-1.5', -1500],
    ['-0.0005', -1],
    ['1e3', 1000000],
    ['+5', 5000],
    ['1_000', 1000000], // strconv.ParseFloat takes Go literal underscores
    ['2015-07-01T20:10:51.781Z', 1435781451781],
    ['2015-07-01T20:10:51Z', 1435781451000],
    ['2015-07-01T20:10:51.781999999Z', 1435781451781], // truncated to ms
    ['2015-07-01T20:10:51.7819999999999Z', 1435781451781], // more than ns digits
    ['2015-07-01T22:10:51.781+02:00', 1435781451781],
    ['2015-07-01T18:10:51-02:00', 1435781451000],
    ['2016-02-29T00:00:00Z', 1456704000000],
    ['1969-12-31T23:59:59.999Z', -1],
    ['0001-01-01T00:00:00Z', -62135596800000],
    [MIN_TIME_FORMATTED, MIN_TIME_MS],
    [MAX_TIME_FORMATTED, MAX_TIME_MS],
  ];
  it.each(ok)('%s → %d ms', (s, want) => {
    expect(parseTime(s)).toBe(want);
  });

  const bad = ['', 'x', 'now', '2015-07-01', '2015-07-01 20:10:51Z', '2015-02-29T00:00:00Z', '2015-07-01T24:00:00Z', '2015-13-01T00:00:00Z', '2015-07-01T20:10:51.Z', '2015-07-01t20:10:51Z', 'Inf', 'NaN', '1__0'];
  it.each(bad)('%j is rejected with Prometheus\'s message', (s) => {
    expect(() => parseTime(s)).toThrow(`cannot parse ${JSON.stringify(s)} to a valid timestamp`);
  });
});

describe('parseDurationNs', () => {
  const ok: [string, number][] = [
    ['15', 15e9],
    ['0.5', 5e8],
    ['1e-3', 1e6],
    ['0.0001', 1e5],
    ['15s', 15e9],
    ['1m30s', 90e9],
    ['5m', 300e9],
    ['1h', 3600e9],
    ['100ms', 1e8],
    ['0', 0],
    ['0s', 0],
    ['-1', -1e9],
  ];
  it.each(ok)('%s → %d ns', (s, want) => {
    expect(parseDurationNs(s)).toBe(want);
  });
  it('rejects junk and overflow with api.go texts', () => {
    expect(() => parseDurationNs('')).toThrow('cannot parse "" to a valid duration');
    expect(() => parseDurationNs('x')).toThrow('cannot parse "x" to a valid duration');
    expect(() => parseDurationNs('1m1h')).toThrow('cannot parse "1m1h" to a valid duration');
    expect(() => parseDurationNs('1e20')).toThrow('cannot parse "1e20" to a valid duration. It overflows int64');
    expect(() => parseDurationNs('Inf')).toThrow('It overflows int64');
  });
});

describe('parseLimitParam', () => {
  it('follows strconv.Atoi and rejects negatives', () => {
    expect(parseLimitParam('')).toBe(0);
    expect(parseLimitParam('0')).toBe(0);
    expect(parseLimitParam('+7')).toBe(7);
    expect(() => parseLimitParam('x')).toThrow('strconv.Atoi: parsing "x": invalid syntax');
    expect(() => parseLimitParam('1.5')).toThrow('strconv.Atoi: parsing "1.5": invalid syntax');
    expect(() => parseLimitParam('-1')).toThrow('limit must be non-negative');
    expect(() => parseLimitParam('99999999999999999999')).toThrow('value out of range');
  });
});

describe('Form', () => {
  it('decodes like url.ParseQuery and puts body values before URL values', () => {
    const f = Form.fromRequest('/api/v1/series?match[]=up&start=1', 'match%5B%5D=m%7Ba%3D%22x+y%22%7D&start=2&q=a%2Bb');
    expect(f.all('match[]')).toEqual(['m{a="x y"}', 'up']);
    expect(f.get('start')).toBe('2');
    expect(f.get('q')).toBe('a+b');
    expect(f.get('missing')).toBe('');
    expect(f.parseError).toBeNull();
  });
  it('drops pairs with semicolons or bad escapes and remembers the error', () => {
    const f = Form.fromRequest('/x?a=1;b=2&c=%zz&d=4');
    expect(f.get('a')).toBe('');
    expect(f.get('c')).toBe('');
    expect(f.get('d')).toBe('4');
    expect(f.parseError).toBe('invalid semicolon separator in query');
    expect(Form.fromRequest('/x?c=%zz').parseError).toBe('invalid URL escape "%zz"');
  });
  it('decodes UTF-8 escapes', () => {
    expect(Form.fromRequest('/x?n=%E2%82%AC&m=%F0%9F%98%80').get('n')).toBe('€');
    expect(Form.fromRequest('/x?m=%F0%9F%98%80').get('m')).toBe('😀');
  });
});

describe('unescapeName (U__ value encoding)', () => {
  const cases: [string, string][] = [
    ['foo', 'foo'],
    ['U__foo', 'foo'],
    ['U__foo__bar', 'foo_bar'],
    ['U__foo_2e_bar', 'foo.bar'],
    ['U___1f600_', '😀'],
    ['U__a_20_b', 'a b'],
    ['U__foo_', 'U__foo_'], // dangling underscore: unchanged
    ['U__foo_2e', 'U__foo_2e'], // unclosed code: unchanged
    ['U__foo_zz_', 'U__foo_zz_'], // not hex
    ['U__foo_1234567_', 'U__foo_1234567_'], // too many digits
    ['U___d800_', 'U___d800_'], // a surrogate is not a valid rune
    ['U__', ''],
  ];
  it.each(cases)('%s → %s', (input, want) => {
    expect(unescapeName(input)).toBe(want);
  });
  it('validates UTF-8 label names', () => {
    expect(isValidLabelName('a.b/c')).toBe(true);
    expect(isValidLabelName('')).toBe(false);
    expect(isValidLabelName('\ud800')).toBe(false);
  });
});
