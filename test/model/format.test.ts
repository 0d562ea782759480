import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatGoFloat, formatGoPercentG, formatPromValue, formatTimestampSeconds, parseGoFloat, GoNumError,
  NORMAL_NAN_BITS, NORMAL_NAN_BITS_HI, NORMAL_NAN_BITS_LO,
} from '../../src/model/format.js';

const MAX = 1.7976931348623157e308;

/** Any finite double, from raw bits (fast-check's double() favours round numbers). */
const anyFinite = fc
  .tuple(fc.integer({ min: 0, max: 0x7fefffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.boolean())
  .map(([hi, lo, neg]) => {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setUint32(0, hi | (neg ? 0x80000000 : 0));
    dv.setUint32(4, lo);
    return dv.getFloat64(0);
  });
const doubles = fc.oneof(anyFinite, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer().map((i) => i / 1000));

/** JS exponent text → Go's: explicit sign and at least two digits. */
function goExp(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

describe('formatGoFloat shortest', () => {
  // Go 1.19 (promtool 2.42) output, confirmed with `promtool tsdb dump` (%g).
  it.each([
    [1e6, '1e+06'], [123456789, '1.23456789e+08'], [1e21, '1e+21'], [1e-5, '1e-05'], [0.0001, '0.0001'],
    [1.5e-7, '1.5e-07'], [100000, '100000'], [1234567.5, '1.2345675e+06'], [NaN, 'NaN'], [Infinity, '+Inf'],
    [-Infinity, '-Inf'], [-0, '-0'], [0, '0'], [0.1, '0.1'], [999999.5, '999999.5'], [1e20, '1e+20'],
    [5e-324, '5e-324'], [MAX, '1.7976931348623157e+308'], [12345678, '1.2345678e+07'], [-2.5e-5, '-2.5e-05'],
    [1e100, '1e+100'], [999999, '999999'], [0.00009999, '9.999e-05'],
  ])('g %s → %s', (v, want) => {
    expect(formatGoFloat(v, 'g')).toBe(want);
    expect(formatGoPercentG(v)).toBe(want);
  });

  it.each([
    [0, '0e+00'], [-0, '-0e+00'], [1, '1e+00'], [123.456, '1.23456e+02'], [1e100, '1e+100'], [5e-324, '5e-324'],
    [1.5e-7, '1.5e-07'], [-1e21, '-1e+21'], [Infinity, '+Inf'],
  ])('e %s → %s', (v, want) => expect(formatGoFloat(v, 'e')).toBe(want));

  it.each([
    [0, '0'], [-0, '-0'], [1e21, '1000000000000000000000'], [1.5e-7, '0.00000015'], [123.456, '123.456'],
    [1e-7, '0.0000001'], [2 ** 70, '1180591620717411300000'], [NaN, 'NaN'],
  ])('f %s → %s', (v, want) => expect(formatGoFloat(v, 'f')).toBe(want));

  it('f of the smallest subnormal has all 324 fraction digits', () => {
    expect(formatGoFloat(5e-324, 'f')).toBe('0.' + '0'.repeat(323) + '5');
  });

  it('g switches to the exponent form below 1e-4 and from 1e6 on, with JS-shortest digits', () => {
    fc.assert(
      fc.property(doubles, (v) => {
        const a = Math.abs(v);
        const want = v === 0 ? (Object.is(v, -0) ? '-0' : '0') : a >= 1e-4 && a < 1e6 ? String(v) : goExp(v.toExponential());
        expect(formatGoFloat(v, 'g')).toBe(want);
      }),
      { numRuns: 5000 },
    );
  });

  it('every shortest form parses back to the same double', () => {
    fc.assert(
      fc.property(doubles, (v) => {
        for (const f of ['g', 'e', 'f'] as const) expect(Object.is(parseGoFloat(formatGoFloat(v, f)), v)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatGoFloat fixed precision', () => {
  // Generated with Python's %-formatting, which like Go rounds the exact binary value half to even.
  const rows: [string, 'e' | 'f' | 'g', number, string][] = [
    ['0.0', 'e', 0, '0e+00'],
    ['0.0', 'e', 2, '0.00e+00'],
    ['0.0', 'e', 17, '0.00000000000000000e+00'],
    ['0.0', 'f', 0, '0'],
    ['0.0', 'f', 2, '0.00'],
    ['0.0', 'g', 0, '0'],
    ['0.0', 'g', 3, '0'],
    ['0.0', 'g', 17, '0'],
    ['-0.0', 'e', 0, '-0e+00'],
    ['-0.0', 'e', 2, '-0.00e+00'],
    ['-0.0', 'e', 17, '-0.00000000000000000e+00'],
    ['-0.0', 'f', 0, '-0'],
    ['-0.0', 'f', 2, '-0.00'],
    ['-0.0', 'g', 0, '-0'],
    ['-0.0', 'g', 3, '-0'],
    ['-0.0', 'g', 17, '-0'],
    ['2.5', 'e', 0, '2e+00'],
    ['2.5', 'e', 2, '2.50e+00'],
    ['2.5', 'e', 17, '2.50000000000000000e+00'],
    ['2.5', 'f', 0, '2'],
    ['2.5', 'f', 2, '2.50'],
    ['2.5', 'g', 0, '2'],
    ['2.5', 'g', 3, '2.5'],
    ['2.5', 'g', 17, '2.5'],
    ['0.125', 'e', 0, '1e-01'],
    ['0.125', 'e', 2, '1.25e-01'],
    ['0.125', 'e', 17, '1.25000000000000000e-01'],
    ['0.125', 'f', 0, '0'],
    ['0.125', 'f', 2, '0.12'],
    ['0.125', 'g', 0, '0.1'],
    ['0.125', 'g', 3, '0.125'],
    ['0.125', 'g', 17, '0.125'],
    ['1.005', 'e', 0, '1e+00'],
    ['1.005', 'e', 2, '1.00e+00'],
    ['1.005', 'e', 17, '1.00499999999999989e+00'],
    ['1.005', 'f', 0, '1'],
    ['1.005', 'f', 2, '1.00'],
    ['1.005', 'g', 0, '1'],
    ['1.005', 'g', 3, '1'],
    ['1.005', 'g', 17, '1.0049999999999999'],
    ['2.675', 'e', 0, '3e+00'],
    ['2.675', 'e', 2, '2.67e+00'],
    ['2.675', 'e', 17, '2.67499999999999982e+00'],
    ['2.675', 'f', 0, '3'],
    ['2.675', 'f', 2, '2.67'],
    ['2.675', 'g', 0, '3'],
    ['2.675', 'g', 3, '2.67'],
    ['2.675', 'g', 17, '2.6749999999999998'],
    ['1234.5678', 'e', 0, '1e+03'],
    ['1234.5678', 'e', 2, '1.23e+03'],
    ['1234.5678', 'e', 17, '1.23456780000000003e+03'],
    ['1234.5678', 'f', 0, '1235'],
    ['1234.5678', 'f', 2, '1234.57'],
    ['1234.5678', 'g', 0, '1e+03'],
    ['1234.5678', 'g', 3, '1.23e+03'],
    ['1234.5678', 'g', 17, '1234.5678'],
    ['0.0001234', 'e', 0, '1e-04'],
    ['0.0001234', 'e', 2, '1.23e-04'],
    ['0.0001234', 'e', 17, '1.23399999999999991e-04'],
    ['0.0001234', 'f', 0, '0'],
    ['0.0001234', 'f', 2, '0.00'],
    ['0.0001234', 'g', 0, '0.0001'],
    ['0.0001234', 'g', 3, '0.000123'],
    ['0.0001234', 'g', 17, '0.00012339999999999999'],
    ['123456789.0', 'e', 0, '1e+08'],
    ['123456789.0', 'e', 2, '1.23e+08'],
    ['123456789.0', 'e', 17, '1.23456789000000000e+08'],
    ['123456789.0', 'f', 0, '123456789'],
    ['123456789.0', 'f', 2, '123456789.00'],
    ['123456789.0', 'g', 0, '1e+08'],
    ['123456789.0', 'g', 3, '1.23e+08'],
    ['123456789.0', 'g', 17, '123456789'],
    ['1e+21', 'e', 0, '1e+21'],
    ['1e+21', 'e', 2, '1.00e+21'],
    ['1e+21', 'e', 17, '1.00000000000000000e+21'],
    ['1e+21', 'f', 0, '1000000000000000000000'],
    ['1e+21', 'f', 2, '1000000000000000000000.00'],
    ['1e+21', 'g', 0, '1e+21'],
    ['1e+21', 'g', 3, '1e+21'],
    ['1e+21', 'g', 17, '1e+21'],
    ['1.5e-07', 'e', 0, '1e-07'],
    ['1.5e-07', 'e', 2, '1.50e-07'],
    ['1.5e-07', 'e', 17, '1.49999999999999993e-07'],
    ['1.5e-07', 'f', 0, '0'],
    ['1.5e-07', 'f', 2, '0.00'],
    ['1.5e-07', 'g', 0, '1e-07'],
    ['1.5e-07', 'g', 3, '1.5e-07'],
    ['1.5e-07', 'g', 17, '1.4999999999999999e-07'],
    ['5e-324', 'e', 0, '5e-324'],
    ['5e-324', 'e', 2, '4.94e-324'],
    ['5e-324', 'e', 17, '4.94065645841246544e-324'],
    ['5e-324', 'f', 0, '0'],
    ['5e-324', 'f', 2, '0.00'],
    ['5e-324', 'g', 0, '5e-324'],
    ['5e-324', 'g', 3, '4.94e-324'],
    ['5e-324', 'g', 17, '4.9406564584124654e-324'],
    ['1.7976931348623157e+308', 'e', 0, '2e+308'],
    ['1.7976931348623157e+308', 'e', 2, '1.80e+308'],
    ['1.7976931348623157e+308', 'e', 17, '1.79769313486231571e+308'],
    ['1.7976931348623157e+308', 'g', 0, '2e+308'],
    ['1.7976931348623157e+308', 'g', 3, '1.8e+308'],
    ['1.7976931348623157e+308', 'g', 17, '1.7976931348623157e+308'],
    ['9.995', 'e', 0, '1e+01'],
    ['9.995', 'e', 2, '9.99e+00'],
    ['9.995', 'e', 17, '9.99499999999999922e+00'],
    ['9.995', 'f', 0, '10'],
    ['9.995', 'f', 2, '9.99'],
    ['9.995', 'g', 0, '1e+01'],
    ['9.995', 'g', 3, '9.99'],
    ['9.995', 'g', 17, '9.9949999999999992'],
    ['999999.5', 'e', 0, '1e+06'],
    ['999999.5', 'e', 2, '1.00e+06'],
    ['999999.5', 'e', 17, '9.99999500000000000e+05'],
    ['999999.5', 'f', 0, '1000000'],
    ['999999.5', 'f', 2, '999999.50'],
    ['999999.5', 'g', 0, '1e+06'],
    ['999999.5', 'g', 3, '1e+06'],
    ['999999.5', 'g', 17, '999999.5'],
    ['9007199254740992', 'e', 0, '9e+15'],
    ['9007199254740992', 'e', 2, '9.01e+15'],
    ['9007199254740992', 'e', 17, '9.00719925474099200e+15'],
    ['9007199254740992', 'f', 0, '9007199254740992'],
    ['9007199254740992', 'f', 2, '9007199254740992.00'],
    ['9007199254740992', 'g', 0, '9e+15'],
    ['9007199254740992', 'g', 3, '9.01e+15'],
    ['9007199254740992', 'g', 17, '9007199254740992'],
  ];
  it('matches the pinned table (exact ties round to even)', () => {
    for (const [v, f, p, want] of rows) expect(`${v} ${f} ${p} ${formatGoFloat(Number(v), f, p)}`).toBe(`${v} ${f} ${p} ${want}`);
  });

  /** Whether v's exact decimal expansion stops exactly one digit after where `keep` digits end, on a 5. */
  function isTie(v: number, fmt: 'e' | 'f', p: number): boolean {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, Math.abs(v));
    const e = (dv.getUint32(0) >>> 20) & 0x7ff;
    let m = (BigInt(dv.getUint32(0) & 0xfffff) << 32n) | BigInt(dv.getUint32(4));
    if (e !== 0) m |= 1n << 52n;
    const be = (e === 0 ? 1 : e) - 1075;
    let digits = be >= 0 ? (m << BigInt(be)).toString() : (m * 5n ** BigInt(-be)).toString();
    const fracDigits = be >= 0 ? 0 : -be;
    let intLen = digits.length - fracDigits;
    digits = digits.replace(/0+$/, '');
    if (!digits.endsWith('5')) return false;
    if (fmt === 'f') return digits.length - intLen === p + 1;
    const lead = digits.search(/[1-9]/);
    return digits.length - lead === p + 2;
  }

  it('e and f agree with toExponential/toFixed except on exact ties', () => {
    fc.assert(
      fc.property(anyFinite, fc.integer({ min: 0, max: 20 }), (v, p) => {
        if (!isTie(v, 'e', p)) expect(formatGoFloat(v, 'e', p)).toBe(goExp(v.toExponential(p)));
        if (Math.abs(v) < 1e21 && !isTie(v, 'f', p)) expect(formatGoFloat(v, 'f', p)).toBe(v.toFixed(p));
      }),
      { numRuns: 3000 },
    );
  });

  it('ties go to even where JS rounds half up', () => {
    expect(formatGoFloat(0.5, 'f', 0)).toBe('0');
    expect((0.5).toFixed(0)).toBe('1');
    expect(formatGoFloat(1.5, 'f', 0)).toBe('2');
    expect(formatGoFloat(2 ** 50 + 0.5, 'f', 0)).toBe('1125899906842624');
    expect(formatGoFloat(25, 'e', 0)).toBe('2e+01');
    expect(formatGoFloat(0.375, 'g', 2)).toBe('0.38');
    expect(formatGoFloat(1e6, 'g', 7)).toBe('1000000');
    expect(formatGoFloat(1e6, 'g', 6)).toBe('1e+06');
  });
});

describe('formatPromValue', () => {
  it.each([
    [1, '1'], [0, '0'], [-0, '-0'], [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'], [1e-7, '1e-07'],
    [1e-6, '0.000001'], [9.99e-7, '9.99e-07'], [1e21, '1e+21'], [1e20, '100000000000000000000'],
    [123456789.5, '123456789.5'], [-1.5e-300, '-1.5e-300'], [0.1, '0.1'], [1e6, '1000000'],
  ])('%s → %s', (v, want) => expect(formatPromValue(v)).toBe(want));

  it("is Go 'f' shortest inside [1e-6, 1e21) and 'e' outside", () => {
    fc.assert(
      fc.property(doubles, (v) => {
        const a = Math.abs(v);
        const want = a !== 0 && (a < 1e-6 || a >= 1e21) ? formatGoFloat(v, 'e') : formatGoFloat(v, 'f');
        expect(formatPromValue(v)).toBe(want);
        expect(Object.is(parseGoFloat(formatPromValue(v)), v)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('formatTimestampSeconds', () => {
  it.each([
    [0, '0'], [1000, '1'], [1500, '1.500'], [1, '0.001'], [10, '0.010'], [999, '0.999'], [-1500, '-1.500'],
    [-1, '-0.001'], [-1000, '-1'], [1234567890123, '1234567890.123'], [1700000000000, '1700000000'],
  ])('%s ms → %s', (ms, want) => expect(formatTimestampSeconds(ms)).toBe(want));

  it('round-trips through seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 45), max: 2 ** 45 }), (ms) => {
        const s = formatTimestampSeconds(ms);
        expect(s).toMatch(/^-?\d+(\.\d{3})?$/);
        expect(Math.round(Number(s) * 1000)).toBe(ms === 0 ? 0 : ms);
      }),
    );
  });
});

describe('parseGoFloat', () => {
  it.each([
    ['1', 1], ['-0', -0], ['+0', 0], ['.5', 0.5], ['5.', 5], ['1e+5', 1e5], ['1E5', 1e5], ['-1.5e-7', -1.5e-7],
    ['+Inf', Infinity], ['-Inf', -Infinity], ['Inf', Infinity], ['inf', Infinity], ['INFINITY', Infinity],
    ['-infinity', -Infinity], ['1e-400', 0], ['-1e-400', -0], ['4.9e-324', 5e-324], ['1.7976931348623157e308', MAX],
    ['1.7976931348623158e308', MAX], ['0x1p-2', 0.25], ['0x1.8p1', 3], ['0X1P+3', 8], ['0x.8p0', 0.5],
    ['-0x1p0', -1], ['1_000', 1000], ['1_000.5', 1000.5], ['0x_1p0', 1], ['1e1_0', 1e10], ['007', 7],
    ['0x1p-1074', 5e-324], ['0x1p-1075', 0], ['0x1.8p-1075', 5e-324], ['0x1.00000000000008p0', 1],
    ['0x1.00000000000018p0', 1 + 2 ** -51], ['0x1.fffffffffffffp1023', MAX],
    ['123456789012345678901234567890', 1.2345678901234568e29],
  ])('%s → %s', (s, want) => expect(Object.is(parseGoFloat(s), want)).toBe(true));

  it('reads NaN in any case but never signed', () => {
    for (const s of ['NaN', 'nan', 'nAn']) expect(parseGoFloat(s)).toBeNaN();
    expect(() => parseGoFloat('+NaN')).toThrow('strconv.ParseFloat: parsing "+NaN": invalid syntax');
  });

  it.each(['', ' 1', '1 ', '1e', 'e1', '1_', '_1', '1__0', '1_.5', '0x1', '0x', 'infx', 'infin', '1.2.3', '--1',
    '1e+-5', '1,5', '0b101', '0x1p', '.', '-', 'true', '1\t2', 'Ιnf'])('rejects %j', (s) => {
    let err: unknown;
    try {
      parseGoFloat(s);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GoNumError);
    expect((err as GoNumError).kind).toBe('syntax');
    expect((err as Error).message).toBe(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`);
  });

  it.each([['1e309', Infinity], ['-1e309', -Infinity], ['0x1p1024', Infinity], ['1.7976931348623159e308', Infinity],
    ['1e99999999999', Infinity]])('overflow %s is a range error', (s, inf) => {
    let err: GoNumError | undefined;
    try {
      parseGoFloat(s);
    } catch (e) {
      err = e as GoNumError;
    }
    expect(err?.message).toBe(`strconv.ParseFloat: parsing "${s}": value out of range`);
    expect(err?.value).toBe(inf);
  });

  it('reads hex floats built from the bits of any double', () => {
    fc.assert(
      fc.property(anyFinite, (v) => {
        const dv = new DataView(new ArrayBuffer(8));
        dv.setFloat64(0, v);
        const hi = dv.getUint32(0);
        const e = (hi >>> 20) & 0x7ff;
        const frac = (hi & 0xfffff).toString(16).padStart(5, '0') + dv.getUint32(4).toString(16).padStart(8, '0');
        const s = `${hi >>> 31 ? '-' : ''}0x${e === 0 ? 0 : 1}.${frac}p${e === 0 ? -1022 : e - 1023}`;
        expect(Object.is(parseGoFloat(s), v)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads every JS number text back', () => {
    fc.assert(
      fc.property(doubles, (v) => {
        expect(Object.is(parseGoFloat(String(v)), v === 0 ? 0 : v)).toBe(true); // String(-0) is '0'
      }),
      { numRuns: 2000 },
    );
  });
});

describe('NaN bits', () => {
  it('are Prometheus value.NormalNaN', () => {
    expect(NORMAL_NAN_BITS).toBe(0x7ff8000000000001n);
    expect((BigInt(NORMAL_NAN_BITS_HI) << 32n) | BigInt(NORMAL_NAN_BITS_LO)).toBe(NORMAL_NAN_BITS);
    const dv = new DataView(new ArrayBuffer(8));
    dv.setBigUint64(0, NORMAL_NAN_BITS);
    expect(dv.getFloat64(0)).toBeNaN();
  });
});
