// The API's JSON text, byte for byte as Prometheus writes it (values seen
// from a real Prometheus are pinned here).
import { describe, expect, it } from 'vitest';
import { envelopeJSON, goJSON, goJSONFloat, jsonString, JSONWriter, labelsJSON, labelString, queryValueJSON, writeQueryValue } from '../../src/api/index.js';
import { labelsFrom } from '../../src/model/labels.js';

describe('query results', () => {
  it('writes sample values as Go formats them', () => {
    const vals = [1, 0.1, 1e-7, 1e21, 123456789, NaN, Infinity, -Infinity, -0.5, 1e-6, 1e20, 0, 5e-324];
    const json = queryValueJSON({
      type: 'matrix',
      series: [{ labels: labelsFrom({ __name__: 'm' }), ts: Float64Array.from(vals, (_, i) => 1000 + i), vs: Float64Array.from(vals) }],
    });
    expect(json).toBe(
      '[{"metric":{"__name__":"m"},"values":[' +
        '[1,"1"],[1.001,"0.1"],[1.002,"1e-07"],[1.003,"1e+21"],[1.004,"123456789"],[1.005,"NaN"],[1.006,"+Inf"],[1.007,"-Inf"],' +
        '[1.008,"-0.5"],[1.009,"0.000001"],[1.010,"100000000000000000000"],[1.011,"0"],[1.012,"5e-324"]]}]',
    );
  });

  it('writes vector timestamps with exactly three fraction digits when not whole seconds', () => {
    const s = (t: number) => queryValueJSON({ type: 'vector', samples: [{ labels: [], t, v: 1 }] });
    expect(s(1000600)).toBe('[{"metric":{},"value":[1000.600,"1"]}]');
    expect(s(1500)).toBe('[{"metric":{},"value":[1.500,"1"]}]');
    expect(s(1005)).toBe('[{"metric":{},"value":[1.005,"1"]}]');
    expect(s(1000)).toBe('[{"metric":{},"value":[1,"1"]}]');
    expect(s(-1500)).toBe('[{"metric":{},"value":[-1.500,"1"]}]');
    expect(s(0)).toBe('[{"metric":{},"value":[0,"1"]}]');
  });

  it('writes scalars and strings through json.Marshal of [t/1000, v]', () => {
    // Seen from Prometheus: 1+1 at 4 → [4,"2"]; 1e-7 at 4.5 → [4.5,"0.0000001"]; "a<b" at 1.5 → [1.5,"a\u003cb"].
    expect(queryValueJSON({ type: 'scalar', t: 4000, v: 2 })).toBe('[4,"2"]');
    expect(queryValueJSON({ type: 'scalar', t: 4500, v: 1e-7 })).toBe('[4.5,"0.0000001"]');
    expect(queryValueJSON({ type: 'scalar', t: 1001, v: 1e21 })).toBe('[1.001,"1000000000000000000000"]');
    expect(queryValueJSON({ type: 'scalar', t: 1000, v: NaN })).toBe('[1,"NaN"]');
    expect(queryValueJSON({ type: 'scalar', t: 1000, v: -Infinity })).toBe('[1,"-Inf"]');
    expect(queryValueJSON({ type: 'string', t: 1500, v: 'a<b' })).toBe('[1.5,"a\\u003cb"]');
    expect(queryValueJSON({ type: 'string', t: 1500, v: '\b\f' })).toBe('[1.5,"\\b\\f"]');
  });

  it('omits "values" for a series without points', () => {
    expect(queryValueJSON({ type: 'matrix', series: [{ labels: [], ts: new Float64Array(0), vs: new Float64Array(0) }] })).toBe('[{"metric":{}}]');
    expect(queryValueJSON({ type: 'matrix', series: [] })).toBe('[]');
    expect(queryValueJSON({ type: 'vector', samples: [] })).toBe('[]');
  });
});

describe('JSONWriter', () => {
  it('writes the same bytes whatever its chunk size, UTF-8 labels included', () => {
    const series = [0, 1, 2].map((i) => ({
      labels: labelsFrom({ __name__: 'm', city: i === 1 ? 'Zürich 😀' : 'x'.repeat(100 * i), q: '"\\' }),
      ts: Float64Array.from({ length: 50 }, (_, j) => 1000 + j * 1500),
      vs: Float64Array.from({ length: 50 }, (_, j) => j / 7),
    }));
    const big = new JSONWriter();
    writeQueryValue(big, { type: 'matrix', series });
    const want = big.finish();
    for (const size of [1, 7, 64, 333]) {
      const w = new JSONWriter(size);
      writeQueryValue(w, { type: 'matrix', series });
      expect(w.length).toBe(want.length);
      expect(w.finish().equals(want)).toBe(true);
    }
    const parsed = JSON.parse(want.toString('utf8'));
    expect(parsed[1].metric.city).toBe('Zürich 😀');
    expect(parsed[0].metric.q).toBe('"\\');
    expect(parsed[2].values[1]).toEqual([2.5, String(1 / 7)]);
  });
});

describe('strings', () => {
  it('escapes like Go encoding/json (HTML-safe) for ordinary strings', () => {
    expect(jsonString('plain')).toBe('"plain"');
    expect(jsonString('<&>')).toBe('"\\u003c\\u0026\\u003e"');
    expect(jsonString('a"b\\c\n\r\t\x01\x7f')).toBe('"a\\"b\\\\c\\n\\r\\t\\u0001\x7f"');
    expect(jsonString('\b\f')).toBe('"\\u0008\\u000c"');
    expect(jsonString('\u2028\u2029')).toBe('"\\u2028\\u2029"');
    expect(jsonString('x\ud800y')).toBe('"x\\ufffdy"');
    expect(jsonString('😀é')).toBe('"😀é"');
  });

  it('escapes label names and values only minimally (jsoniter WriteString)', () => {
    expect(labelString('<&>')).toBe('"<&>"');
    expect(labelString('a"b\\c\n\x01')).toBe('"a\\"b\\\\c\\n\\u0001"');
    expect(labelsJSON(labelsFrom({ Z: '<&>', __name__: 'm', a: '2' }))).toBe('{"Z":"<&>","__name__":"m","a":"2"}');
  });
});

describe('numbers and generic values', () => {
  it('goJSONFloat follows encoding/json', () => {
    expect(goJSONFloat(1.5)).toBe('1.5');
    expect(goJSONFloat(1435781451.781)).toBe('1435781451.781');
    expect(goJSONFloat(1e-7)).toBe('1e-7');
    expect(goJSONFloat(1.5e-10)).toBe('1.5e-10');
    expect(goJSONFloat(1e21)).toBe('1e+21');
    expect(goJSONFloat(0.000001)).toBe('0.000001');
    expect(goJSONFloat(0)).toBe('0');
    expect(goJSONFloat(-0)).toBe('-0');
    expect(() => goJSONFloat(NaN)).toThrow('unsupported value');
  });

  it('goJSON sorts map keys by bytes and keeps struct order when asked', () => {
    expect(goJSON({ b: 1, a: [true, null, 'x'], C: { z: 1, y: 2 } })).toBe('{"C":{"y":2,"z":1},"a":[true,null,"x"],"b":1}');
    expect(goJSON({ b: 1, a: 2, skip: undefined }, true)).toBe('{"b":1,"a":2}');
  });

  it('envelope omits empty fields', () => {
    expect(envelopeJSON({ status: 'success', data: '[]' })).toBe('{"status":"success","data":[]}');
    expect(envelopeJSON({ status: 'success', data: '1', warnings: [], infos: ['i'] })).toBe('{"status":"success","data":1,"infos":["i"]}');
    expect(envelopeJSON({ status: 'error', errorType: 'bad_data', error: 'x "y"' })).toBe('{"status":"error","errorType":"bad_data","error":"x \\"y\\""}');
  });
});
