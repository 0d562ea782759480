// Expr.String() (printer_test.go), format_query's Pretty (prettier_test.go)
// and the parse_query tree (web/api/v1/translate_ast.go), ported from
// Prometheus 3.14's tests; the experimental-syntax cases are left out.
import { describe, expect, it } from 'vitest';
import type { VectorSelector } from '../../src/promql/ast.js';
import { astToJSON, exprToString, parseExpr, prettify } from '../../src/promql/parser/index.js';
import { Matcher } from '../../src/model/matchers.js';

describe('exprToString (printer_test.go)', () => {
  for (const [input, want] of PRINTER_CASES) {
    it(input, () => {
      expect(exprToString(parseExpr(input))).toBe(want);
    });
  }

  it('keeps an explicit empty ignoring() when group_left needs it', () => {
    expect(exprToString(parseExpr('a - ignoring() group_left(__metric__) c'))).toBe('a - ignoring () group_left (__metric__) c');
  });

  it('round-trips what it prints', () => {
    for (const [input] of PRINTER_CASES) {
      const once = exprToString(parseExpr(input));
      expect(exprToString(parseExpr(once))).toBe(once);
    }
  });

  const vs = (name: string, ms: Matcher[]): VectorSelector => ({ type: 'VectorSelector', name, matchers: ms, offset: 0, at: null, pos: { start: 0, end: 0 } });
  it.each<[string, VectorSelector, string]>([
    ['empty value', vs('', []), ''],
    ['no matchers with name', vs('foobar', []), 'foobar'],
    ['one matcher with name', vs('foobar', [new Matcher('=', 'a', 'x')]), 'foobar{a="x"}'],
    ['two matchers with name', vs('foobar', [new Matcher('=', 'a', 'x'), new Matcher('=', 'b', 'y')]), 'foobar{a="x",b="y"}'],
    ['two matchers without name', vs('', [new Matcher('=', 'a', 'x'), new Matcher('=', 'b', 'y')]), '{a="x",b="y"}'],
    ['name matcher and name', vs('foobar', [new Matcher('=', '__name__', 'foobar')]), 'foobar'],
    ['name matcher only', vs('', [new Matcher('=', '__name__', 'foobar')]), '{__name__="foobar"}'],
    ['empty name matcher', vs('', [new Matcher('=', '__name__', ''), new Matcher('=', 'a', 'x')]), '{__name__="",a="x"}'],
  ])('VectorSelector: %s', (_name, sel, want) => {
    expect(exprToString(sel)).toBe(want);
  });

  it('prints numbers, durations, strings and modifiers as Go does', () => {
    const cases: [string, string][] = [
      ['1e21', '1000000000000000000000'],
      ['1e-7', '0.0000001'],
      ['0x1f', '31'],
      ['NaN', 'NaN'],
      ['-Inf', '-Inf'],
      ['Inf', '+Inf'],
      ['5m', '5m'],
      ['-90m', '-1h30m'],
      ['1w', '1w'],
      ['8d', '8d'],
      ['365d', '1y'],
      ['foo[90s]', 'foo[1m30s]'],
      ['foo[1.5]', 'foo[1s500ms]'],
      ['foo offset 1.5', 'foo offset 1s500ms'],
      ['foo @ 1.5 offset 5m', 'foo @ 1.500 offset 5m'],
      ['foo offset 5m @ 1.5', 'foo @ 1.500 offset 5m'],
      ['foo @ -1', 'foo @ -1.000'],
      ['rate(foo[5m] @ end() offset 1m)', 'rate(foo[5m] @ end() offset 1m)'],
      ['foo[10m:] @ 100 offset 1m', 'foo[10m:] @ 100.000 offset 1m'],
      ['"a\\nb\\u00e4"', '"a\\nbä"'],
      ["'it\\'s'", '"it\'s"'],
      ['`raw\\n`', '"raw\\\\n"'],
      ['foo{b="1", a="2"}', 'foo{a="2",b="1"}'],
      ['{"foo.bar"}', '{__name__="foo.bar"}'],
      ['{"foo.bar", a="x"}', '{__name__="foo.bar",a="x"}'],
      ['sum by (foo:bar) (x)', 'sum by ("foo:bar") (x)'],
      ['-(1)', '-(1)'],
      ['- - 1', '1'],
      ['-foo', '-foo'],
      ['1 + 2 * 3', '1 + 2 * 3'],
      ['(1 + 2) * 3', '(1 + 2) * 3'],
      ['foo atan2 bar', 'foo atan2 bar'],
      ['foo AND bar', 'foo and bar'],
      ['SUM(foo)', 'sum(foo)'],
      ['quantile(0.9, foo)', 'quantile(0.9, foo)'],
      ['foo == bool 1', 'foo == bool 1'],
      ['a and on(b) c', 'a and on (b) c'],
      ['a or ignoring(b) c', 'a or ignoring (b) c'],
    ];
    for (const [input, want] of cases) expect(exprToString(parseExpr(input)), input).toBe(want);
  });
});

describe('prettify (prettier_test.go)', () => {
  for (const [max, input, want] of PRETTIER_CASES) {
    it(`${max}: ${input.replace(/\n/g, '⏎')}`, () => {
      expect(prettify(parseExpr(input), max)).toBe(want);
    });
  }

  it('uses 100 columns by default', () => {
    const short = 'sum by (job) (rate(http_requests_total{job="api"}[5m]))';
    expect(prettify(parseExpr(short))).toBe(short);
    const long = 'sum by (job, instance) (rate(http_requests_total{job="api-server", handler="/api/v1/query_range"}[5m]))';
    expect(prettify(parseExpr(long))).toBe(
      'sum by (job, instance) (\n  rate(http_requests_total{handler="/api/v1/query_range",job="api-server"}[5m])\n)',
    );
  });
});

describe('astToJSON (translate_ast.go)', () => {
  it('matrix selector', () => {
    expect(astToJSON(parseExpr('foo[5m] offset 1m'))).toEqual({
      anchored: false,
      matchers: [{ name: '__name__', type: '=', value: 'foo' }],
      name: 'foo',
      offset: 60000,
      offsetExpr: null,
      range: 300000,
      rangeExpr: null,
      smoothed: false,
      startOrEnd: null,
      timestamp: null,
      type: 'matrixSelector',
    });
  });

  it('subquery', () => {
    expect(astToJSON(parseExpr('foo[5m:1m] @ start()'))).toEqual({
      expr: {
        anchored: false,
        matchers: [{ name: '__name__', type: '=', value: 'foo' }],
        name: 'foo',
        offset: 0,
        offsetExpr: null,
        smoothed: false,
        startOrEnd: null,
        timestamp: null,
        type: 'vectorSelector',
      },
      offset: 0,
      offsetExpr: null,
      range: 300000,
      rangeExpr: null,
      startOrEnd: 'start',
      step: 60000,
      stepExpr: null,
      timestamp: null,
      type: 'subquery',
    });
  });

  it('vector selector with @ and offset, matchers in Prometheus order (name last)', () => {
    const j = astToJSON(parseExpr('foo{a=~"x.*"} @ 12.5 offset -5m')) as Record<string, unknown>;
    expect(j.matchers).toEqual([
      { name: 'a', type: '=~', value: 'x.*' },
      { name: '__name__', type: '=', value: 'foo' },
    ]);
    expect(j.timestamp).toBe(12500);
    expect(j.offset).toBe(-300000);
  });

  it('aggregation, binary expression, call, literals', () => {
    const j = astToJSON(parseExpr('sum by (job) (rate(foo[1m])) / on(job) group_left(x) -bar > bool 0.5'));
    expect(j).toEqual({
      bool: true,
      lhs: {
        bool: false,
        lhs: {
          expr: {
            args: [
              {
                anchored: false,
                matchers: [{ name: '__name__', type: '=', value: 'foo' }],
                name: 'foo',
                offset: 0,
                offsetExpr: null,
                range: 60000,
                rangeExpr: null,
                smoothed: false,
                startOrEnd: null,
                timestamp: null,
                type: 'matrixSelector',
              },
            ],
            func: { argTypes: ['matrix'], name: 'rate', returnType: 'vector', variadic: 0 },
            type: 'call',
          },
          grouping: ['job'],
          op: 'sum',
          param: null,
          type: 'aggregation',
          without: false,
        },
        matching: { card: 'many-to-one', fillValues: { lhs: null, rhs: null }, include: ['x'], labels: ['job'], on: true },
        op: '/',
        rhs: {
          expr: {
            anchored: false,
            matchers: [{ name: '__name__', type: '=', value: 'bar' }],
            name: 'bar',
            offset: 0,
            offsetExpr: null,
            smoothed: false,
            startOrEnd: null,
            timestamp: null,
            type: 'vectorSelector',
          },
          op: '-',
          type: 'unaryExpr',
        },
        type: 'binaryExpr',
      },
      matching: null,
      op: '>',
      rhs: { type: 'numberLiteral', val: '0.5' },
      type: 'binaryExpr',
    });
  });

  it('keys in sorted order, as Go marshals maps', () => {
    const s = JSON.stringify(astToJSON(parseExpr('topk(3, ("x" , foo))'.replace('("x" , foo)', 'foo'))));
    expect(s).toBe(
      '{"expr":{"anchored":false,"matchers":[{"name":"__name__","type":"=","value":"foo"}],"name":"foo","offset":0,"offsetExpr":null,"smoothed":false,"startOrEnd":null,"timestamp":null,"type":"vectorSelector"},"grouping":[],"op":"topk","param":{"type":"numberLiteral","val":"3"},"type":"aggregation","without":false}',
    );
    expect(JSON.stringify(astToJSON(parseExpr('("a")')))).toBe('{"expr":{"type":"stringLiteral","val":"a"},"type":"parenExpr"}');
    expect(JSON.stringify(astToJSON(parseExpr('-Inf')))).toBe('{"type":"numberLiteral","val":"-Inf"}');
  });
});

const PRINTER_CASES: [string, string][] = [
  ["sum by() (task:errors:rate10s{job=\"s\"})", "sum(task:errors:rate10s{job=\"s\"})"],
  ["sum by(code) (task:errors:rate10s{job=\"s\"})", "sum by (code) (task:errors:rate10s{job=\"s\"})"],
  ["sum without() (task:errors:rate10s{job=\"s\"})", "sum without () (task:errors:rate10s{job=\"s\"})"],
  ["sum without(instance) (task:errors:rate10s{job=\"s\"})", "sum without (instance) (task:errors:rate10s{job=\"s\"})"],
  ["sum by(\"foo.bar\") (task:errors:rate10s{job=\"s\"})", "sum by (\"foo.bar\") (task:errors:rate10s{job=\"s\"})"],
  ["sum without(\"foo.bar\") (task:errors:rate10s{job=\"s\"})", "sum without (\"foo.bar\") (task:errors:rate10s{job=\"s\"})"],
  ["topk(5, task:errors:rate10s{job=\"s\"})", "topk(5, task:errors:rate10s{job=\"s\"})"],
  ["count_values(\"value\", task:errors:rate10s{job=\"s\"})", "count_values(\"value\", task:errors:rate10s{job=\"s\"})"],
  ["a - on() c", "a - on () c"],
  ["a - on(b) c", "a - on (b) c"],
  ["a - on(b) group_left(x) c", "a - on (b) group_left (x) c"],
  ["a - on(b) group_left(x, y) c", "a - on (b) group_left (x, y) c"],
  ["a - on(b) group_left c", "a - on (b) group_left () c"],
  ["a - on(b) group_left() (c)", "a - on (b) group_left () (c)"],
  ["a - ignoring(b) c", "a - ignoring (b) c"],
  ["a - ignoring() c", "a - c"],
  ["a - ignoring() group_left c", "a - ignoring () group_left () c"],
  ["up > bool 0", "up > bool 0"],
  ["a offset 1m", "a offset 1m"],
  ["a offset -7m", "a offset -7m"],
  ["a{c=\"d\"}[5m] offset 1m", "a{c=\"d\"}[5m] offset 1m"],
  ["a[5m] offset 1m", "a[5m] offset 1m"],
  ["a[12m] offset -3m", "a[12m] offset -3m"],
  ["a[1h:5m] offset 1m", "a[1h:5m] offset 1m"],
  ["{__name__=\"a\"}", "{__name__=\"a\"}"],
  ["a{b!=\"c\"}[1m]", "a{b!=\"c\"}[1m]"],
  ["a{b=~\"c\"}[1m]", "a{b=~\"c\"}[1m]"],
  ["a{b!~\"c\"}[1m]", "a{b!~\"c\"}[1m]"],
  ["a @ 10", "a @ 10.000"],
  ["a[1m] @ 10", "a[1m] @ 10.000"],
  ["a @ start()", "a @ start()"],
  ["a @ end()", "a @ end()"],
  ["a[1m] @ start()", "a[1m] @ start()"],
  ["a[1m] @ end()", "a[1m] @ end()"],
  ["{__name__=\"\",a=\"x\"}", "{__name__=\"\",a=\"x\"}"],
  ["{\"a.b\"=\"c\"}", "{\"a.b\"=\"c\"}"],
  ["{\"0\"=\"1\"}", "{\"0\"=\"1\"}"],
  ["{\"_0\"=\"1\"}", "{_0=\"1\"}"],
  ["{\"\"=\"0\"}", "{\"\"=\"0\"}"],
  ["{``=\"0\"}", "{\"\"=\"0\"}"],
  ["1048576", "1048576"],
  ["predict_linear(foo[1h], 3000)", "predict_linear(foo[1h], 3000)"],
  ["sum by(\"üüü\") (foo)", "sum by (\"üüü\") (foo)"],
  ["sum without(\"äää\") (foo)", "sum without (\"äää\") (foo)"],
  ["count by(\"ööö\", job) (foo)", "count by (\"ööö\", job) (foo)"],
  ["foo / on(\"äää\") bar", "foo / on (\"äää\") bar"],
  ["foo / ignoring(\"üüü\") bar", "foo / ignoring (\"üüü\") bar"],
  ["foo / on(\"äää\") group_left(\"ööö\") bar", "foo / on (\"äää\") group_left (\"ööö\") bar"],
  ["foo / on(\"äää\") group_right(\"ööö\") bar", "foo / on (\"äää\") group_right (\"ööö\") bar"],
  ["foo / on(legacy, \"üüü\") bar", "foo / on (legacy, \"üüü\") bar"],
  ["foo / on(job, instance) bar", "foo / on (job, instance) bar"],
];

/** [max line length, input, Pretty(0) output]. */
const PRETTIER_CASES: [number, string, string][] = [
  [10, "sum(foo)", "sum(foo)"],
  [10, "sum by() (task:errors:rate10s{job=\"s\"})", "sum(\n  task:errors:rate10s{job=\"s\"}\n)"],
  [10, "sum without(job,foo) (task:errors:rate10s{job=\"s\"})", "sum without (job, foo) (\n  task:errors:rate10s{job=\"s\"}\n)"],
  [10, "sum(task:errors:rate10s{job=\"s\"}) without(job,foo)", "sum without (job, foo) (\n  task:errors:rate10s{job=\"s\"}\n)"],
  [10, "sum by(job,foo) (task:errors:rate10s{job=\"s\"})", "sum by (job, foo) (\n  task:errors:rate10s{job=\"s\"}\n)"],
  [10, "sum (task:errors:rate10s{job=\"s\"}) by(job,foo)", "sum by (job, foo) (\n  task:errors:rate10s{job=\"s\"}\n)"],
  [10, "topk(10, ask:errors:rate10s{job=\"s\"})", "topk(\n  10,\n  ask:errors:rate10s{job=\"s\"}\n)"],
  [10, "sum by(job,foo) (sum by(job,foo) (task:errors:rate10s{job=\"s\"}))", "sum by (job, foo) (\n  sum by (job, foo) (\n    task:errors:rate10s{job=\"s\"}\n  )\n)"],
  [10, "sum by(job,foo) (sum by(job,foo) (sum by(job,foo) (task:errors:rate10s{job=\"s\"})))", "sum by (job, foo) (\n  sum by (job, foo) (\n    sum by (job, foo) (\n      task:errors:rate10s{job=\"s\"}\n    )\n  )\n)"],
  [10, "sum by(job,foo)\n(sum by(job,foo) (task:errors:rate10s{job=\"s\"}))", "sum by (job, foo) (\n  sum by (job, foo) (\n    task:errors:rate10s{job=\"s\"}\n  )\n)"],
  [10, "sum by(job,foo)\n(sum(task:errors:rate10s{job=\"s\"}) without(job,foo))", "sum by (job, foo) (\n  sum without (job, foo) (\n    task:errors:rate10s{job=\"s\"}\n  )\n)"],
  [10, "sum by(job,foo) # Comment 1.\n(sum by(job,foo) ( # Comment 2.\ntask:errors:rate10s{job=\"s\"}))", "sum by (job, foo) (\n  sum by (job, foo) (\n    task:errors:rate10s{job=\"s\"}\n  )\n)"],
  [10, "a+b", "a + b"],
  [10, "a == bool 1", "  a\n== bool\n  1"],
  [10, "a + ignoring(job) b", "  a\n+ ignoring (job)\n  b"],
  [10, "foo_1 + foo_2", "  foo_1\n+\n  foo_2"],
  [10, "foo_1 + foo_2 + foo_3", "    foo_1\n  +\n    foo_2\n+\n  foo_3"],
  [10, "foo + baar + foo_3", "  foo + baar\n+\n  foo_3"],
  [10, "foo_1 + foo_2 + foo_3 + foo_4", "      foo_1\n    +\n      foo_2\n  +\n    foo_3\n+\n  foo_4"],
  [10, "foo_1 + ignoring(foo) foo_2 + ignoring(job) group_left foo_3 + on(instance) group_right foo_4", "      foo_1\n    + ignoring (foo)\n      foo_2\n  + ignoring (job) group_left ()\n    foo_3\n+ on (instance) group_right ()\n  foo_4"],
  [10, "sum_over_time(foo[1m])", "sum_over_time(\n  foo[1m]\n)"],
  [10, "rate(long_vector_selector[10m:1m] @ start() offset 1m)", "rate(\n  long_vector_selector[10m:1m] @ start() offset 1m\n)"],
  [10, "histogram_quantile(0.9, rate(foo[1m]))", "histogram_quantile(\n  0.9,\n  rate(\n    foo[1m]\n  )\n)"],
  [10, "max_over_time(rate(demo_api_request_duration_seconds_count[1m])[1m:] @ start() offset 1m)", "max_over_time(\n  rate(\n    demo_api_request_duration_seconds_count[1m]\n  )[1m:] @ start() offset 1m\n)"],
  [10, "label_replace(up{job=\"api-server\",service=\"a:c\"}, \"foo\", \"$1\", \"service\", \"(.*):.*\")", "label_replace(\n  up{job=\"api-server\",service=\"a:c\"},\n  \"foo\",\n  \"$1\",\n  \"service\",\n  \"(.*):.*\"\n)"],
  [10, "label_replace(label_replace(up{job=\"api-server\",service=\"a:c\"}, \"foo\", \"$1\", \"service\", \"(.*):.*\"), \"foo\", \"$1\", \"service\", \"(.*):.*\")", "label_replace(\n  label_replace(\n    up{job=\"api-server\",service=\"a:c\"},\n    \"foo\",\n    \"$1\",\n    \"service\",\n    \"(.*):.*\"\n  ),\n  \"foo\",\n  \"$1\",\n  \"service\",\n  \"(.*):.*\"\n)"],
  [10, "(foo)", "(foo)"],
  [10, "(_foo_long_)", "(\n  _foo_long_\n)"],
  [10, "((foo_long))", "(\n  (foo_long)\n)"],
  [10, "((_foo_long_))", "(\n  (\n    _foo_long_\n  )\n)"],
  [10, "(((foo_long)))", "(\n  (\n    (foo_long)\n  )\n)"],
  [10, "a @ 1", "a @ 1.000"],
  [10, "a @ start()", "a @ start()"],
  [10, "vector_selector @ start()", "vector_selector @ start()"],
  [10, "(1 + 2)", "(1 + 2)"],
  [10, "(foo + bar)", "(\n  foo + bar\n)"],
  [10, "(foo_long + bar_long)", "(\n    foo_long\n  +\n    bar_long\n)"],
  [10, "(foo_long + bar_long + bar_2_long)", "(\n      foo_long\n    +\n      bar_long\n  +\n    bar_2_long\n)"],
  [10, "((foo_long + bar_long) + bar_2_long)", "(\n    (\n        foo_long\n      +\n        bar_long\n    )\n  +\n    bar_2_long\n)"],
  [10, "(1111 + 2222)", "(\n    1111\n  +\n    2222\n)"],
  [10, "(sum_over_time(foo[1m]))", "(\n  sum_over_time(\n    foo[1m]\n  )\n)"],
  [10, "histogram_quantile(0.9, rate(foo[1m] @ start()))", "histogram_quantile(\n  0.9,\n  rate(\n    foo[1m] @ start()\n  )\n)"],
  [10, "(label_replace(up{job=\"api-server\",service=\"a:c\"}, \"foo\", \"$1\", \"service\", \"(.*):.*\"))", "(\n  label_replace(\n    up{job=\"api-server\",service=\"a:c\"},\n    \"foo\",\n    \"$1\",\n    \"service\",\n    \"(.*):.*\"\n  )\n)"],
  [10, "(label_replace(label_replace(up{job=\"api-server\",service=\"a:c\"}, \"foo\", \"$1\", \"service\", \"(.*):.*\"), \"foo\", \"$1\", \"service\", \"(.*):.*\"))", "(\n  label_replace(\n    label_replace(\n      up{job=\"api-server\",service=\"a:c\"},\n      \"foo\",\n      \"$1\",\n      \"service\",\n      \"(.*):.*\"\n    ),\n    \"foo\",\n    \"$1\",\n    \"service\",\n    \"(.*):.*\"\n  )\n)"],
  [10, "(label_replace(label_replace((up{job=\"api-server\",service=\"a:c\"}), \"foo\", \"$1\", \"service\", \"(.*):.*\"), \"foo\", \"$1\", \"service\", \"(.*):.*\"))", "(\n  label_replace(\n    label_replace(\n      (\n        up{job=\"api-server\",service=\"a:c\"}\n      ),\n      \"foo\",\n      \"$1\",\n      \"service\",\n      \"(.*):.*\"\n    ),\n    \"foo\",\n    \"$1\",\n    \"service\",\n    \"(.*):.*\"\n  )\n)"],
  [10, "(node_filesystem_avail_bytes{job=\"node\",fstype!=\"\"} / node_filesystem_size_bytes{job=\"node\",fstype!=\"\"} * 100 < 40 and predict_linear(node_filesystem_avail_bytes{job=\"node\",fstype!=\"\"}[6h], 24*60*60) < 0 and node_filesystem_readonly{job=\"node\",fstype!=\"\"} == 0)", "(\n            node_filesystem_avail_bytes{fstype!=\"\",job=\"node\"}\n          /\n            node_filesystem_size_bytes{fstype!=\"\",job=\"node\"}\n        *\n          100\n      <\n        40\n    and\n        predict_linear(\n          node_filesystem_avail_bytes{fstype!=\"\",job=\"node\"}[6h],\n            24 * 60\n          *\n            60\n        )\n      <\n        0\n  and\n      node_filesystem_readonly{fstype!=\"\",job=\"node\"}\n    ==\n      0\n)"],
  [10, "(node_filesystem_avail_bytes{job=\"node\",fstype!=\"\"} / node_filesystem_size_bytes{job=\"node\",fstype!=\"\"} * 100 < 20 and predict_linear(node_filesystem_avail_bytes{job=\"node\",fstype!=\"\"}[6h], 4*60*60) < 0 and node_filesystem_readonly{job=\"node\",fstype!=\"\"} == 0)", "(\n            node_filesystem_avail_bytes{fstype!=\"\",job=\"node\"}\n          /\n            node_filesystem_size_bytes{fstype!=\"\",job=\"node\"}\n        *\n          100\n      <\n        20\n    and\n        predict_linear(\n          node_filesystem_avail_bytes{fstype!=\"\",job=\"node\"}[6h],\n            4 * 60\n          *\n            60\n        )\n      <\n        0\n  and\n      node_filesystem_readonly{fstype!=\"\",job=\"node\"}\n    ==\n      0\n)"],
  [10, "(node_timex_offset_seconds > 0.05 and deriv(node_timex_offset_seconds[5m]) >= 0) or (node_timex_offset_seconds < -0.05 and deriv(node_timex_offset_seconds[5m]) <= 0)", "  (\n        node_timex_offset_seconds\n      >\n        0.05\n    and\n        deriv(\n          node_timex_offset_seconds[5m]\n        )\n      >=\n        0\n  )\nor\n  (\n        node_timex_offset_seconds\n      <\n        -0.05\n    and\n        deriv(\n          node_timex_offset_seconds[5m]\n        )\n      <=\n        0\n  )"],
  [10, "1 - ((node_memory_MemAvailable_bytes{job=\"node\"} or (node_memory_Buffers_bytes{job=\"node\"} + node_memory_Cached_bytes{job=\"node\"} + node_memory_MemFree_bytes{job=\"node\"} + node_memory_Slab_bytes{job=\"node\"}) ) / node_memory_MemTotal_bytes{job=\"node\"})", "  1\n-\n  (\n      (\n          node_memory_MemAvailable_bytes{job=\"node\"}\n        or\n          (\n                  node_memory_Buffers_bytes{job=\"node\"}\n                +\n                  node_memory_Cached_bytes{job=\"node\"}\n              +\n                node_memory_MemFree_bytes{job=\"node\"}\n            +\n              node_memory_Slab_bytes{job=\"node\"}\n          )\n      )\n    /\n      node_memory_MemTotal_bytes{job=\"node\"}\n  )"],
  [10, "min by (job, integration) (rate(alertmanager_notifications_failed_total{job=\"alertmanager\", integration=~\".*\"}[5m]) / rate(alertmanager_notifications_total{job=\"alertmanager\", integration=\"~.*\"}[5m])) > 0.01", "  min by (job, integration) (\n      rate(\n        alertmanager_notifications_failed_total{integration=~\".*\",job=\"alertmanager\"}[5m]\n      )\n    /\n      rate(\n        alertmanager_notifications_total{integration=\"~.*\",job=\"alertmanager\"}[5m]\n      )\n  )\n>\n  0.01"],
  [10, "(count by (job) (changes(process_start_time_seconds{job=\"alertmanager\"}[10m]) > 4) / count by (job) (up{job=\"alertmanager\"})) >= 0.5", "  (\n      count by (job) (\n          changes(\n            process_start_time_seconds{job=\"alertmanager\"}[10m]\n          )\n        >\n          4\n      )\n    /\n      count by (job) (\n        up{job=\"alertmanager\"}\n      )\n  )\n>=\n  0.5"],
  [10, "-1", "-1"],
  [10, "-vector_selector", "-vector_selector"],
  [10, "(-vector_selector)", "(\n  -vector_selector\n)"],
  [10, "-histogram_quantile(0.9,rate(foo[1m]))", "-histogram_quantile(\n  0.9,\n  rate(\n    foo[1m]\n  )\n)"],
  [10, "-histogram_quantile(0.99, sum by (le) (rate(foo[1m])))", "-histogram_quantile(\n  0.99,\n  sum by (le) (\n    rate(\n      foo[1m]\n    )\n  )\n)"],
  [10, "-histogram_quantile(0.9, -rate(foo[1m] @ start()))", "-histogram_quantile(\n  0.9,\n  -rate(\n    foo[1m] @ start()\n  )\n)"],
  [10, "(-histogram_quantile(0.9, -rate(foo[1m] @ start())))", "(\n  -histogram_quantile(\n    0.9,\n    -rate(\n      foo[1m] @ start()\n    )\n  )\n)"],
];
