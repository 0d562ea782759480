// Exposition parsers. The cases follow the ground Prometheus's own tests
// cover (model/textparse/promparse_test.go and openmetricsparse_test.go at
// v2.42, the version promtool ships): what is accepted, what each entry
// yields, and which error each malformed input gives.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Label } from '../../src/model/labels.js';
import { formatGoFloat } from '../../src/model/format.js';
import {
  OpenMetricsParser, ParseError, PromTextParser, contentTypeToParser, parseMediaType, type ExpositionParser,
} from '../../src/scrape/parse/index.js';

type Entry =
  | { series: string; labels: Record<string, string>; v: number; t?: number; ex?: { labels: Record<string, string>; v: number; t?: number } }
  | { help: string; text: string }
  | { type: string; mtype: string }
  | { unit: string; text: string }
  | { comment: string };

function obj(ls: Label[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (const l of ls) o[l.name] = l.value;
  return o;
}

function entries(p: ExpositionParser): Entry[] {
  const out: Entry[] = [];
  for (let e = p.next(); e !== null; e = p.next()) {
    switch (e) {
      case 'series': {
        const ls = p.labels();
        // Sorted by name, __name__ included.
        expect(ls.map((l) => l.name)).toEqual(ls.map((l) => l.name).sort());
        expect(p.metricName()).toBe(ls.find((l) => l.name === '__name__')!.value);
        const s: Entry = { series: p.series(), labels: obj(ls), v: p.value };
        if (p.timestamp !== undefined) s.t = p.timestamp;
        const ex = p.exemplar();
        if (ex) {
          s.ex = { labels: obj(ex.labels), v: ex.value };
          if (ex.timestamp !== undefined) s.ex.t = ex.timestamp;
        }
        out.push(s);
        break;
      }
      case 'help':
        out.push({ help: p.family(), text: p.help() });
        break;
      case 'type':
        out.push({ type: p.family(), mtype: p.type() });
        break;
      case 'unit':
        out.push({ unit: p.family(), text: p.unit() });
        break;
      case 'comment':
        out.push({ comment: p.comment() });
        break;
    }
  }
  return out;
}

function prom(text: string): Entry[] {
  return entries(new PromTextParser(Buffer.from(text, 'latin1')));
}

function om(text: string, opts = {}): Entry[] {
  return entries(new OpenMetricsParser(Buffer.from(text, 'latin1'), opts));
}

function errorOf(f: () => unknown): ParseError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('no error');
}

describe('PromTextParser', () => {
  it('parses the text format like promparse', () => {
    const input =
      '# HELP go_gc_duration_seconds A summary of the GC invocation durations.\n' +
      '# \tTYPE go_gc_duration_seconds summary\n' +
      'go_gc_duration_seconds{quantile="0"} 4.9351e-05\n' +
      'go_gc_duration_seconds{quantile="0.25",} 7.424100000000001e-05\n' +
      'go_gc_duration_seconds{quantile="0.5",a="b"} 8.3835e-05\n' +
      'go_gc_duration_seconds{ quantile="0.9", a="b"} 8.3835e-05\n' +
      '# Hrandom comment starting with prefix of HELP\n' +
      '#\n' +
      'wind_speed{A="2",c="3"} 12345\n' +
      '# comment with escaped \\n newline\n' +
      '# HELP nohelp1\n' +
      '# HELP nohelp2 \n' +
      'go_gc_duration_seconds { quantile = "1.0", a = "b" , } 8.3835e-05\n' +
      '\n' +
      '   \n' +
      'some:aggregate:rate5m{a_b="c"}\t1\n' +
      '# HELP go_goroutines Number of goroutines \\\\ that \\n currently \\" exist.\n' +
      '# TYPE go_goroutines gauge\n' +
      'go_goroutines 33  \t123123\n' +
      '_metric_starting_with_underscore 1\n' +
      'testmetric{_label_starting_with_underscore="foo"} 1\n' +
      'testmetric{label="\\"bar\\" \\\\ \\n \\t"} 1\n' +
      '# TYPE untyped_thing untyped\n' +
      '# HELP metric foo\x00bar\n' +
      'null_byte_metric{a="abc\x00"} 1';
    expect(prom(input)).toEqual<Entry[]>([
      { help: 'go_gc_duration_seconds', text: 'A summary of the GC invocation durations.' },
      { type: 'go_gc_duration_seconds', mtype: 'summary' },
      { series: 'go_gc_duration_seconds{quantile="0"}', labels: { __name__: 'go_gc_duration_seconds', quantile: '0' }, v: 4.9351e-5 },
      {
        series: 'go_gc_duration_seconds{quantile="0.25",}',
        labels: { __name__: 'go_gc_duration_seconds', quantile: '0.25' },
        v: 7.424100000000001e-5,
      },
      {
        series: 'go_gc_duration_seconds{quantile="0.5",a="b"}',
        labels: { __name__: 'go_gc_duration_seconds', quantile: '0.5', a: 'b' },
        v: 8.3835e-5,
      },
      {
        series: 'go_gc_duration_seconds{ quantile="0.9", a="b"}',
        labels: { __name__: 'go_gc_duration_seconds', quantile: '0.9', a: 'b' },
        v: 8.3835e-5,
      },
      { comment: '# Hrandom comment starting with prefix of HELP' },
      { comment: '#' },
      { series: 'wind_speed{A="2",c="3"}', labels: { A: '2', __name__: 'wind_speed', c: '3' }, v: 12345 },
      { comment: '# comment with escaped \\n newline' },
      { help: 'nohelp1', text: '' },
      { help: 'nohelp2', text: '' },
      {
        series: 'go_gc_duration_seconds { quantile = "1.0", a = "b" , }',
        labels: { __name__: 'go_gc_duration_seconds', quantile: '1.0', a: 'b' },
        v: 8.3835e-5,
      },
      { series: 'some:aggregate:rate5m{a_b="c"}', labels: { __name__: 'some:aggregate:rate5m', a_b: 'c' }, v: 1 },
      // The text format's HELP knows only \\ and \n.
      { help: 'go_goroutines', text: 'Number of goroutines \\ that \n currently \\" exist.' },
      { type: 'go_goroutines', mtype: 'gauge' },
      { series: 'go_goroutines', labels: { __name__: 'go_goroutines' }, v: 33, t: 123123 },
      { series: '_metric_starting_with_underscore', labels: { __name__: '_metric_starting_with_underscore' }, v: 1 },
      {
        series: 'testmetric{_label_starting_with_underscore="foo"}',
        labels: { __name__: 'testmetric', _label_starting_with_underscore: 'foo' },
        v: 1,
      },
      // Unknown escapes stay as written.
      { series: 'testmetric{label="\\"bar\\" \\\\ \\n \\t"}', labels: { __name__: 'testmetric', label: '"bar" \\ \n \\t' }, v: 1 },
      { type: 'untyped_thing', mtype: 'unknown' },
      { help: 'metric', text: 'foo\x00bar' },
      { series: 'null_byte_metric{a="abc\x00"}', labels: { __name__: 'null_byte_metric', a: 'abc\x00' }, v: 1 },
    ]);
  });

  it('takes the lexer at its word on odd but valid lines', () => {
    // No comma between pairs, a raw newline inside quotes, a value glued to the name.
    expect(prom('m{a="1" b="2"} 1\nm{a="x\ny"} 2\nm-1 5\n')).toEqual<Entry[]>([
      { series: 'm{a="1" b="2"}', labels: { __name__: 'm', a: '1', b: '2' }, v: 1 },
      { series: 'm{a="x\ny"}', labels: { __name__: 'm', a: 'x\ny' }, v: 2 },
      { series: 'm', labels: { __name__: 'm' }, v: -1, t: 5 },
    ]);
    // HELP text is the rest of the line minus its first byte.
    expect(prom('# HELP m   two spaces\n# HELP m{x\n')).toEqual<Entry[]>([
      { help: 'm', text: '  two spaces' },
      { help: 'm', text: 'x' },
    ]);
  });

  it('reads special and extreme values', () => {
    const text = ['NaN', 'nan', '+Inf', '-Inf', 'Inf', '-inf', '+infinity', '-0', '1e308', '1e-400', '0.1', '.5', '5.', '1E3', '00012', '123456789012345678'].map((v, i) => `m{i="${i}"} ${v}`).join('\n');
    const vs = (prom(text) as { v: number }[]).map((e) => e.v);
    expect(vs[0]).toBeNaN();
    expect(vs[1]).toBeNaN();
    expect(vs.slice(2)).toEqual([Infinity, -Infinity, Infinity, -Infinity, Infinity, -0, 1e308, 0, 0.1, 0.5, 5, 1000, 12, 123456789012345680]);
    expect(Object.is(vs[7], -0)).toBe(true);
  });

  it('reads integer millisecond timestamps up to int64', () => {
    expect(prom('a 1 0\nb 1 0000123\nc 1 9007199254740993\nd 1 9223372036854775807\n').map((e) => (e as { t: number }).t)).toEqual([
      0, 123, 9007199254740992, 9223372036854775807,
    ]);
    expect(errorOf(() => prom('a 1 9223372036854775808\n')).message).toBe(
      'strconv.ParseInt: parsing "9223372036854775808": value out of range (line 1)',
    );
  });

  it.each([
    ['a', 'expected value after metric, got "\\n" (line 1)'],
    ["a{b='c'} 1\n", 'expected label value, got "\'" (line 1)'],
    ['a{b=\n', 'expected label value, got "\\n" (line 1)'],
    ['a{\xff="foo"} 1\n', 'expected label name, got "\\xff" (line 1)'],
    ['a{b="\xff"} 1\n', 'invalid UTF-8 label value (line 1)'],
    ['a{b="\xc0\x80"} 1\n', 'invalid UTF-8 label value (line 1)'],
    ['a true\n', 'strconv.ParseFloat: parsing "true": invalid syntax (line 1)'],
    ['a 1e400\n', 'strconv.ParseFloat: parsing "1e400": value out of range (line 1)'],
    ['a 1\r\n', 'strconv.ParseFloat: parsing "1\\r": invalid syntax (line 1)'],
    ['something_weird{problem="', 'expected label value, got "\\"\\n" (line 1)'],
    ['ok 1\nok 2\nempty_label_name{="x"} 0', 'expected label name, got "=" (line 3)'],
    ['a{b="c",,d="e"} 1\n', 'expected label name, got "," (line 1)'],
    ['a{b} 1\n', 'expected equal, got "}" (line 1)'],
    ['a{b="c"}\n', 'expected value after metric, got "\\n" (line 1)'],
    ['a{b="c"} {\n', 'expected value after metric, got "{" (line 1)'],
    ['foo 1_2\n', 'unsupported character in float (line 1)'],
    ['foo 0x1p-3\n', 'unsupported character in float (line 1)'],
    ['foo 0x10\n', 'strconv.ParseFloat: parsing "0x10": invalid syntax (line 1)'],
    ['foo 0 1_2\n', 'expected next entry after timestamp, got "_2" (line 1)'],
    ['foo 0 1 2\n', 'expected next entry after timestamp, got "2" (line 1)'],
    ['foo 0 -1\n', 'expected timestamp or new record, got "-" (line 1)'],
    ['foo 0 1.5\n', 'expected next entry after timestamp, got "." (line 1)'],
    ['{a="ok"} 1', 'expected a valid start token, got "{" (line 1)'],
    ['\n\n9 1\n', 'expected a valid start token, got "9" (line 3)'],
    ['# TYPE #\n', 'expected metric name after TYPE, got "#" (line 1)'],
    ['# HELP #\n', 'expected metric name after HELP, got "#" (line 1)'],
    ['# HELP \n', 'expected metric name after HELP, got "\\n" (line 1)'],
    ['# TYPE m counter \n', 'invalid metric type "counter " (line 1)'],
    ['# TYPE m info\n', 'invalid metric type "info" (line 1)'],
    ['# HELP m bad \xff help\n', 'help text is not a valid utf8 string (line 1)'],
    ['a{b=\x00"ssss"} 1\n', 'expected label value, got "\\x00" (line 1)'],
    ['a{b\x00="hiih"}\t1', 'expected equal, got "\\x00" (line 1)'],
    ['a\x00{b="ddd"} 1', 'expected value after metric, got "\\x00" (line 1)'],
    ['a 0 1\x00', 'expected next entry after timestamp, got "\\x00" (line 1)'],
  ])('rejects %j', (input, message) => {
    const err = errorOf(() => prom(input));
    expect(err.message).toBe(message);
    expect(err.line).toBe(Number(/line (\d+)/.exec(message)![1]));
  });

  it('treats NUL bytes as Prometheus does', () => {
    for (const input of ['null_byte_metric{a="abc\x00"} 1', 'a{b="\x00ss"} 1\n', 'a{b="\x00"} 1\n']) expect(prom(input)).toHaveLength(1);
    // A NUL where a line starts ends the input.
    expect(prom('a 1\n\x00b 2\n')).toHaveLength(1);
  });

  it('needs no final newline, and a comment can be the last line', () => {
    expect(prom('a 1')).toEqual<Entry[]>([{ series: 'a', labels: { __name__: 'a' }, v: 1 }]);
    expect(prom('# the end')).toEqual<Entry[]>([{ comment: '# the end' }]);
    expect(prom('')).toEqual([]);
  });
});

describe('OpenMetricsParser', () => {
  it('parses OpenMetrics like openmetricsparse', () => {
    const input =
      '# HELP go_gc_duration_seconds A summary of the GC invocation durations.\n' +
      '# TYPE go_gc_duration_seconds summary\n' +
      '# UNIT go_gc_duration_seconds seconds\n' +
      'go_gc_duration_seconds{quantile="0"} 4.9351e-05\n' +
      'go_gc_duration_seconds{quantile="0.5",a="b"} 8.3835e-05\n' +
      '# HELP nohelp1 \n' +
      '# HELP help2 escape \\ \\n \\\\ \\" \\x chars\n' +
      '# UNIT nounit \n' +
      'go_gc_duration_seconds_count 99\n' +
      '# TYPE go_goroutines gauge\n' +
      'go_goroutines 33 123.123\n' +
      '# TYPE hh histogram\n' +
      'hh_bucket{le="+Inf"} 1\n' +
      '# TYPE hhh histogram\n' +
      'hhh_bucket{le="+Inf"} 1 # {aa="bb"} 4\n' +
      '# TYPE ggh gaugehistogram\n' +
      'ggh_bucket{le="+Inf"} 1 # {xx="yy",cc="d\\"d"} 4 123.123\n' +
      '# TYPE ii info\n' +
      'ii{foo="bar"} 1\n' +
      '# TYPE ss stateset\n' +
      'ss{ss="foo"} 1\n' +
      'ss{A="a"} 0\n' +
      '# TYPE un unknown\n' +
      'testmetric{label="\\"bar\\""} 1\n' +
      '# TYPE foo counter\n' +
      'foo_total 17.0 1520879607.789 # {xx="yy"} 5\n' +
      'foo_created 1520430000.123\n' +
      'foo_total{a="b"} 18 -1.5\n' +
      '# HELP metric foo\x00bar\n' +
      'null_byte_metric{a="abc\x00"} 1\n' +
      '# EOF\n';
    expect(om(input)).toEqual<Entry[]>([
      { help: 'go_gc_duration_seconds', text: 'A summary of the GC invocation durations.' },
      { type: 'go_gc_duration_seconds', mtype: 'summary' },
      { unit: 'go_gc_duration_seconds', text: 'seconds' },
      { series: 'go_gc_duration_seconds{quantile="0"}', labels: { __name__: 'go_gc_duration_seconds', quantile: '0' }, v: 4.9351e-5 },
      {
        series: 'go_gc_duration_seconds{quantile="0.5",a="b"}',
        labels: { __name__: 'go_gc_duration_seconds', quantile: '0.5', a: 'b' },
        v: 8.3835e-5,
      },
      { help: 'nohelp1', text: '' },
      // OpenMetrics HELP also unescapes \".
      { help: 'help2', text: 'escape \\ \n \\ " \\x chars' },
      { unit: 'nounit', text: '' },
      { series: 'go_gc_duration_seconds_count', labels: { __name__: 'go_gc_duration_seconds_count' }, v: 99 },
      { type: 'go_goroutines', mtype: 'gauge' },
      { series: 'go_goroutines', labels: { __name__: 'go_goroutines' }, v: 33, t: 123123 },
      { type: 'hh', mtype: 'histogram' },
      { series: 'hh_bucket{le="+Inf"}', labels: { __name__: 'hh_bucket', le: '+Inf' }, v: 1 },
      { type: 'hhh', mtype: 'histogram' },
      { series: 'hhh_bucket{le="+Inf"}', labels: { __name__: 'hhh_bucket', le: '+Inf' }, v: 1, ex: { labels: { aa: 'bb' }, v: 4 } },
      { type: 'ggh', mtype: 'gaugehistogram' },
      {
        series: 'ggh_bucket{le="+Inf"}',
        labels: { __name__: 'ggh_bucket', le: '+Inf' },
        v: 1,
        // Exemplar label values are kept as written, as Prometheus keeps them.
        ex: { labels: { cc: 'd\\"d', xx: 'yy' }, v: 4, t: 123123 },
      },
      { type: 'ii', mtype: 'info' },
      { series: 'ii{foo="bar"}', labels: { __name__: 'ii', foo: 'bar' }, v: 1 },
      { type: 'ss', mtype: 'stateset' },
      { series: 'ss{ss="foo"}', labels: { __name__: 'ss', ss: 'foo' }, v: 1 },
      { series: 'ss{A="a"}', labels: { A: 'a', __name__: 'ss' }, v: 0 },
      { type: 'un', mtype: 'unknown' },
      { series: 'testmetric{label="\\"bar\\""}', labels: { __name__: 'testmetric', label: '"bar"' }, v: 1 },
      { type: 'foo', mtype: 'counter' },
      { series: 'foo_total', labels: { __name__: 'foo_total' }, v: 17, t: 1520879607789, ex: { labels: { xx: 'yy' }, v: 5 } },
      // _created samples stay ordinary series by default, as in Prometheus and promtool.
      { series: 'foo_created', labels: { __name__: 'foo_created' }, v: 1520430000.123 },
      { series: 'foo_total{a="b"}', labels: { __name__: 'foo_total', a: 'b' }, v: 18, t: -1500 },
      { help: 'metric', text: 'foo\x00bar' },
      { series: 'null_byte_metric{a="abc\x00"}', labels: { __name__: 'null_byte_metric', a: 'abc\x00' }, v: 1 },
    ]);
  });

  it('drops _created samples of counters, summaries and histograms when asked', () => {
    const input =
      '# TYPE c counter\nc_total 1\nc_created 10\n# TYPE g gauge\ng_created 5\n# TYPE s summary\ns_count 1\ns_created 3\n# EOF\n';
    const names = (opts: object) => (om(input, opts) as { series?: string }[]).filter((e) => e.series).map((e) => e.series);
    expect(names({})).toEqual(['c_total', 'c_created', 'g_created', 's_count', 's_created']);
    expect(names({ skipCreatedSeries: true })).toEqual(['c_total', 'g_created', 's_count']);
  });

  it('turns float seconds into milliseconds by truncation, as int64(ts*1000)', () => {
    const ts = (s: string) => (om(`m 1 ${s}\n# EOF\n`)[0] as { t: number }).t;
    expect(ts('1.0019')).toBe(1001);
    expect(ts('1.0005')).toBe(1000); // 1.0005*1000 = 1000.4999999999999
    expect(ts('1.001')).toBe(1000); // 1000.9999999999999
    expect(ts('0.0001')).toBe(0);
    expect(Object.is(ts('-0.0001'), 0)).toBe(true);
    expect(ts('-1.5')).toBe(-1500);
    expect(ts('1e3')).toBe(1_000_000);
    expect(ts('1520879607.789')).toBe(1520879607789);
    expect(ts('1e300')).toBe(-(2 ** 63)); // out of int64: Go on amd64 gives MinInt64
  });

  it('ends at # EOF and nowhere else', () => {
    expect(om('# EOF')).toEqual([]);
    expect(om('a 1\n# EOF')).toHaveLength(1);
    const p = new OpenMetricsParser(Buffer.from('a 1\n# EOF\n'));
    expect(p.next()).toBe('series');
    expect(p.next()).toBeNull();
    expect(p.next()).toBeNull();
  });

  it.each([
    ['', 'data does not end with # EOF (line 1)'],
    ['metric 1', 'data does not end with # EOF (line 1)'],
    ['a 1\nmetric 1\n', 'data does not end with # EOF (line 3)'],
    ['metric_total 1 # {aa="bb"} 4', 'data does not end with # EOF (line 1)'],
    ['\n', 'expected a valid start token, got "\\n" (line 1)'],
    ['a 1\n\n# EOF\n', 'expected a valid start token, got "\\n" (line 2)'],
    ['metric', 'expected value after metric, got EOF (line 1)'],
    ['a\n# EOF\n', 'expected value after metric, got "\\n" (line 1)'],
    [' a 1\n# EOF\n', 'expected a valid start token, got " " (line 1)'],
    ['9\n# EOF\n', 'expected a valid start token, got "9" (line 1)'],
    ['# comment\n# EOF\n', 'expected a valid start token, got "#" (line 1)'],
    ['#  TYPE c counter\n# EOF\n', 'expected a valid start token, got "#" (line 1)'],
    ['#\tTYPE c counter\n', 'expected a valid start token, got "#" (line 1)'],
    ['# TYPE u untyped\n# EOF\n', 'invalid metric type "untyped" (line 1)'],
    ['# TYPE c counter \n# EOF\n', 'invalid metric type "counter " (line 1)'],
    ['# TYPE c  counter\n', 'invalid metric type " counter" (line 1)'],
    ['# TYPE \n# EOF\n', 'expected metric name after TYPE, got "\\n" (line 1)'],
    ['# TYPE m\n# EOF\n', 'expected text in TYPE (line 1)'],
    ['# HELP m\n# EOF\n', 'expected text in HELP (line 1)'],
    ['# UNIT m\n# EOF\n', 'expected text in UNIT (line 1)'],
    ['# HELP m x', 'expected text in HELP (line 1)'],
    ['# UNIT metric suffix\n# EOF\n', 'unit not a suffix of metric "metric" (line 1)'],
    ['# UNIT metricsuffix suffix\n# EOF\n', 'unit not a suffix of metric "metricsuffix" (line 1)'],
    ['# UNIT m suffix\n# EOF\n', 'unit not a suffix of metric "m" (line 1)'],
    ['# UNIT \n# EOF\n', 'expected metric name after UNIT, got "\\n" (line 1)'],
    ['a\t1\n# EOF\n', 'expected value after metric, got "\\t" (line 1)'],
    ['a  1\n# EOF\n', 'expected value after metric, got " " (line 1)'],
    ['a 1\t2\n# EOF\n', 'strconv.ParseFloat: parsing "1\\t2": invalid syntax (line 1)'],
    ['a 1 2 \n# EOF\n', 'expected next entry after timestamp, got " " (line 1)'],
    ['a 1 2 #\n# EOF\n', 'expected next entry after timestamp, got " #" (line 1)'],
    ['a 1 1 1\n# EOF\n', 'expected next entry after timestamp, got " 1" (line 1)'],
    ['a 1 2', 'expected next entry after timestamp, got EOF (line 1)'],
    ['a 1 1z\n# EOF\n', 'strconv.ParseFloat: parsing "1z": invalid syntax (line 1)'],
    [' # EOF\n', 'expected a valid start token, got " " (line 1)'],
    ['# EOF\na 1', 'unexpected data after # EOF (line 2)'],
    ['# EOF\n\n', 'unexpected data after # EOF (line 2)'],
    ['# EOFa 1', 'unexpected data after # EOF (line 1)'],
    ["a{b='c'} 1\n# EOF\n", 'expected label value, got "\'" (line 1)'],
    ['a{b="c",} 1\n# EOF\n', 'expected label name, got "}" (line 1)'],
    ['a{,b="c"} 1\n# EOF\n', 'expected label name or left brace, got "," (line 1)'],
    ['a{b="c"d="e"} 1\n# EOF\n', 'expected comma, got "d" (line 1)'],
    ['a{b="c" d="e"} 1\n# EOF\n', 'expected comma or left brace, got " " (line 1)'],
    ['a{b="c",,d="e"} 1\n# EOF\n', 'expected label name, got "," (line 1)'],
    ['a{b=\n# EOF\n', 'expected label value, got "\\n" (line 1)'],
    ['a{b="x\ny"} 1\n# EOF\n', 'expected label value, got "\\"x\\n" (line 1)'],
    ['a{\xff="foo"} 1\n# EOF\n', 'expected label name or left brace, got "\\xff" (line 1)'],
    ['a{b="\xff"} 1\n# EOF\n', 'invalid UTF-8 label value (line 1)'],
    ['empty_label_name{="x"} 0\n# EOF\n', 'expected label name or left brace, got "=" (line 1)'],
    ['foo 1_2\n# EOF\n', 'unsupported character in float (line 1)'],
    ['foo 0x1p-3\n# EOF\n', 'unsupported character in float (line 1)'],
    ['foo 0 1_2\n# EOF\n', 'unsupported character in float (line 1)'],
    ['custom_metric_total 1 # {aa=bb}\n# EOF\n', 'expected label value, got "bb" (line 1)'],
    ['custom_metric_total 1 # {aa="bb"}\n# EOF\n', 'expected value after exemplar labels, got "\\n" (line 1)'],
    ['custom_metric_total 1 # {aa="bb"}', 'expected value after exemplar labels, got EOF (line 1)'],
    ['custom_metric 1 # {aa="bb"}', 'metric name custom_metric does not support exemplars (line 1)'],
    ['custom_metric_total 1 # {aa="bb",,cc="dd"} 1', 'expected label name, got "," (line 1)'],
    ['custom_metric_total 1 # {aa="bb"} 1_2', 'unsupported character in float (line 1)'],
    ['custom_metric_total 1 # {aa="bb"} true', 'strconv.ParseFloat: parsing "true": invalid syntax (line 1)'],
    ['custom_metric_total 1 # {aa="bb",cc=}', 'expected label value, got "}" (line 1)'],
    ['custom_metric_total 1 # {aa="bb"} 1 2 3\n# EOF\n', 'expected next entry after exemplar timestamp, got " 3" (line 1)'],
    ['custom_metric_total 1 # {aa="bb"} 1  2\n# EOF\n', 'expected timestamp or comment, got " " (line 1)'],
    ['custom_metric_total 1 # {b="\x00ss"} 1\n', 'expected label value, got "\\"\\x00ss\\"" (line 1)'],
    ['{b="c",} 1', 'expected a valid start token, got "{" (line 1)'],
    ['a 1 NaN', 'invalid timestamp (line 1)'],
    ['a 1 -Inf', 'invalid timestamp (line 1)'],
    ['a 1 Inf', 'invalid timestamp (line 1)'],
    ['# TYPE hhh histogram\nhhh_bucket{le="+Inf"} 1 # {aa="bb"} 4 NaN', 'invalid exemplar timestamp (line 2)'],
    ['# TYPE hhh histogram\nhhh_bucket{le="+Inf"} 1 # {aa="bb"} 4 -Inf', 'invalid exemplar timestamp (line 2)'],
    ['#', 'expected a valid start token, got "#" (line 1)'],
    ['# H', 'expected a valid start token, got "#" (line 1)'],
    ['a{b=\x00"ssss"} 1\n# EOF\n', 'expected label value, got "\\x00" (line 1)'],
    ['a\x00{b="ddd"} 1', 'expected value after metric, got "\\x00" (line 1)'],
  ])('rejects %j', (input, message) => {
    const err = errorOf(() => om(input));
    expect(err.message).toBe(message);
    expect(err.line).toBe(Number(/line (\d+)/.exec(message)![1]));
  });

  it('accepts NUL bytes inside sample label values only', () => {
    expect(om('a{b="\x00ss"} 1\n# EOF\n')).toEqual<Entry[]>([{ series: 'a{b="\x00ss"}', labels: { __name__: 'a', b: '\x00ss' }, v: 1 }]);
  });
});

describe('labels()', () => {
  it('fills and returns the array it is given, sorted, duplicates kept', () => {
    const p = new PromTextParser(Buffer.from('m{z="1",b="2",a="3",b="4"} 1\nm{Z="x"} 2\n'));
    const out: Label[] = [{ name: 'stale', value: 'x' }, { name: 'stale2', value: 'y' }, { name: 'stale3', value: 'z' }, { name: 'stale4', value: 'w' }, { name: 'stale5', value: 'v' }, { name: 'stale6', value: 'u' }];
    p.next();
    expect(p.labels(out)).toBe(out);
    // Prometheus's parser leaves duplicate names for the appender to reject.
    expect(out).toEqual([
      { name: '__name__', value: 'm' }, { name: 'a', value: '3' }, { name: 'b', value: '2' }, { name: 'b', value: '4' }, { name: 'z', value: '1' },
    ]);
    p.next();
    expect(p.labels(out)).toEqual([{ name: 'Z', value: 'x' }, { name: '__name__', value: 'm' }]);
    expect(out).toHaveLength(2);
  });

  it('decodes UTF-8 and escapes, and is stable across repeats and interning', () => {
    const v = 'grüße \u{1F600} "q" \\ \n end';
    const esc = v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    const long = 'x'.repeat(200);
    const text = `m{v="${esc}",l="${long}"} 1\nm{v="${esc}",l="${long}"} 2\nm{v="${esc}",l="${long}y"} 3\n`;
    const p = new PromTextParser(Buffer.from(text, 'utf8'));
    const seen: Record<string, string>[] = [];
    while (p.next()) seen.push(obj(p.labels()));
    expect(seen).toEqual([
      { __name__: 'm', l: long, v },
      { __name__: 'm', l: long, v },
      { __name__: 'm', l: long + 'y', v },
    ]);
  });

  it('never confuses series that collide in the intern tables', () => {
    // Many distinct short names and values: any slot reuse must still compare bytes.
    const lines: string[] = [];
    for (let i = 0; i < 40000; i++) lines.push(`n${i % 997}{k${i % 13}="v${i}"} ${i}`);
    const p = new PromTextParser(Buffer.from(lines.join('\n')));
    let i = 0;
    const out: Label[] = [];
    while (p.next()) {
      const ls = p.labels(out);
      expect(ls[0]!.value).toBe(`n${i % 997}`);
      expect(ls[1]).toEqual({ name: `k${i % 13}`, value: `v${i}` });
      expect(p.value).toBe(i);
      i++;
    }
    expect(i).toBe(40000);
  });
});

describe('round trip', () => {
  const name = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,20}$/);
  const lname = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/).filter((n) => n !== '__name__');
  const lvalue = fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('\\', '"', '\n', 'a')), maxLength: 30 });
  const value = fc.oneof(fc.double(), fc.integer().map((i) => i / 100), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 5e-324));
  const sample = fc.record({
    name,
    labels: fc.uniqueArray(fc.tuple(lname, lvalue), { selector: (t) => t[0], maxLength: 6 }),
    value,
    ts: fc.option(fc.integer({ min: 0, max: 2 ** 45 }), { nil: undefined }),
    help: fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('\\', '\n')), maxLength: 20 }),
  });
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

  type Sample = { name: string; labels: [string, string][]; value: number; ts: number | undefined; help: string };

  function check(p: ExpositionParser, samples: Sample[], om: boolean): void {
    for (const s of samples) {
      expect(p.next()).toBe('help');
      expect(p.family()).toBe(s.name);
      expect(p.help()).toBe(s.help);
      expect(p.next()).toBe('series');
      const want = [{ name: '__name__', value: s.name }, ...s.labels.map(([n, v]) => ({ name: n, value: v }))];
      want.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      expect(p.labels()).toEqual(want);
      expect(Object.is(p.value, s.value) || (Number.isNaN(p.value) && Number.isNaN(s.value))).toBe(true);
      expect(p.timestamp).toBe(s.ts === undefined ? undefined : om ? s.ts * 1000 : s.ts);
    }
    expect(p.next()).toBeNull();
  }

  it('text format: what we write is what we read', () => {
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 8 }), (samples) => {
        const text = samples
          .map((s) => {
            const ls = s.labels.map(([n, v]) => `${n}="${esc(v)}"`).join(',');
            const help = s.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
            return `# HELP ${s.name} ${help}\n${s.name}{${ls}} ${formatGoFloat(s.value, 'g')}${s.ts === undefined ? '' : ' ' + s.ts}\n`;
          })
          .join('');
        // As Prometheus's lexer does, a HELP text of only blanks reads as empty.
        const expected = samples.map((s) => (/^[ \t]*$/.test(s.help) ? { ...s, help: '' } : s));
        check(new PromTextParser(Buffer.from(text)), expected, false);
      }),
      { numRuns: 300 },
    );
  });

  it('OpenMetrics: what we write is what we read', () => {
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 8 }), (samples) => {
        const text =
          samples
            .map((s) => {
              const ls = s.labels.map(([n, v]) => `${n}="${esc(v)}"`).join(',');
              // Seconds here are whole, so ts*1000 is exact.
              return `# HELP ${s.name} ${esc(s.help)}\n${s.name}{${ls}} ${formatGoFloat(s.value, 'g')}${s.ts === undefined ? '' : ' ' + s.ts}\n`;
            })
            .join('') + '# EOF\n';
        check(new OpenMetricsParser(Buffer.from(text)), samples, true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('content type', () => {
  it.each([
    ['application/openmetrics-text; version=1.0.0; charset=utf-8', 'application/openmetrics-text'],
    ['Application/OpenMetrics-Text', 'application/openmetrics-text'],
    ['text/plain; version=0.0.4', 'text/plain'],
    ['text/plain;version=0.0.4;', 'text/plain'],
    ['application/openmetrics-text; version="1.0.0"', 'application/openmetrics-text'],
    ['application/openmetrics-text; version', null],
    ['application/openmetrics-text; a=1; a=2', null],
    ['/plain', null],
    ['text/', null],
    ['text/plain extra', null],
    ['', null],
  ])('%j → %j', (ct, want) => expect(parseMediaType(ct)).toBe(want));

  it('chooses the OpenMetrics parser only for application/openmetrics-text', () => {
    const body = Buffer.from('a 1\n# EOF\n');
    expect(contentTypeToParser('application/openmetrics-text; version=1.0.0', body)).toBeInstanceOf(OpenMetricsParser);
    expect(contentTypeToParser('text/plain; version=0.0.4', body)).toBeInstanceOf(PromTextParser);
    expect(contentTypeToParser(undefined, body)).toBeInstanceOf(PromTextParser);
    expect(contentTypeToParser('application/openmetrics-text; version', body)).toBeInstanceOf(PromTextParser);
    expect(contentTypeToParser('application/vnd.google.protobuf', body)).toBeInstanceOf(PromTextParser);
    const p = contentTypeToParser('application/openmetrics-text', Buffer.from('c_total 1\n# TYPE c counter\nc_created 1\n# EOF\n'), { skipCreatedSeries: true });
    expect(entries(p)).toHaveLength(2);
  });
});

describe('speed (sanity only)', () => {
  it('parses a typical exposition and prints lines/s', () => {
    const lines: string[] = [];
    const les = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];
    for (let h = 0; h < 40; h++) {
      lines.push(`# HELP http_request_duration_seconds_${h} Request duration.`, `# TYPE http_request_duration_seconds_${h} histogram`);
      for (const code of ['200', '404', '500']) {
        for (const le of les) lines.push(`http_request_duration_seconds_${h}_bucket{handler="/api/v1/query",method="GET",code="${code}",le="${le}"} ${h * 1000 + code.length}`);
      }
      lines.push(`http_request_duration_seconds_${h}_sum{handler="/api/v1/query"} ${h * 12.5}`);
    }
    for (let c = 0; c < 32; c++) for (const mode of ['idle', 'user', 'system', 'iowait']) lines.push(`node_cpu_seconds_total{cpu="${c}",mode="${mode}"} ${c * 1.25e5 + 0.37}`);
    const text = Buffer.from(lines.join('\n') + '\n');
    const om = Buffer.from(lines.join('\n') + '\n# EOF\n');
    const out: Label[] = [];
    for (const [kind, make] of [['text', () => new PromTextParser(text)], ['openmetrics', () => new OpenMetricsParser(om)]] as const) {
      let series = 0;
      let best = Infinity;
      for (let rep = 0; rep < 5; rep++) {
        const t0 = process.cpuUsage();
        for (let r = 0; r < 20; r++) {
          const p = make();
          for (let e = p.next(); e !== null; e = p.next()) {
            if (e === 'series') {
              p.labels(out);
              series++;
            }
          }
        }
        const t = process.cpuUsage(t0);
        best = Math.min(best, (t.user + t.system) / 1e6);
      }
      console.log(`${kind}: ${((lines.length * 20) / best / 1e6).toFixed(2)}M lines/s (next + labels, best CPU time of 5)`);
      expect(series).toBe(5 * 20 * (lines.length - 80));
    }
  });
});
