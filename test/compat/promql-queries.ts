// The queries of the PromQL differential test (promql-diff.test.ts), run against
// real Prometheus 2.42 and `hyperion core` over copies of one TSDB directory made
// from bench/promql-data.ts's 'diff' data set. Generated from templates over the
// data set's metrics:
//   counters   http_requests_total{code,instance,job,method}, app_cpu_seconds_total
//   histograms http_request_duration_seconds_{bucket,sum,count}{handler,...}, rpc_payload_bytes_*
//   gauges     node_temperature_celsius{sensor}, node_memory_bytes{type}, weird_gauge (NaN, ±Inf,
//              1e21, -1e-7, 0, -0), target_up, process_start_time_seconds, build_info{version},
//              unicode_gauge (escapes and UTF-8 in label values)
// Jobs api (15s), web (10s), batch (30s); a late start, an early end, a 25m outage,
// dropped scrapes, restarts with counter resets.
//
// Every range, offset, step and subquery step is whole seconds, every evaluation and @
// time ends in .123/.457/.900 s, samples end in .400–.799 s and subquery steps in .000 s,
// and a subquery inside a subquery has a range that is no multiple of its step: no
// window bound sits on a point, so 2.42's left-closed windows select what 3.x's
// left-open ones do (see bench/promql-data.ts).
//
// EXCLUDED, because Prometheus 2.42 (the reference here) and 3.x (our target) differ
// or 2.42 lacks the feature:
// - limitk, limit_ratio, mad_over_time, first_over_time, ts_of_*_over_time,
//   sort_by_label(_desc), info, min_of/max_of, step()/start()/end()/range() functions,
//   histogram_quantiles: 3.x only (most experimental);
//   holt_winters (2.42) ↔ double_exponential_smoothing (3.x, experimental): renamed.
// - Native histograms and the histogram_* functions of them (histogram_count/sum/avg/
//   fraction/stddev/stdvar): float samples only in this issue.
// - Quoted metric names and UTF-8 label names ({"a.b"="x"}), duration expressions
//   ([5m+1m]), anchored/smoothed modifiers: 3.x syntax only; likewise label_replace/
//   label_join/count_values with a label name that is not a legacy name (an error in
//   2.42, valid under 3.x's UTF-8 names).
// - Anything where 3.x's delayed name removal would show (Prometheus 3.x enables it only
//   behind a flag): label_replace/label_join or `by (__name__)` over results whose name
//   a function or operator already dropped, and name-dropping functions over several
//   metric names whose other labels coincide.
// - rate/increase/irate of gauges (3.x adds an info annotation, and the 2.42 vs 3.x order
//   of the extrapolate-to-zero step differs when a "counter" is small; the data keeps
//   real counters clear of that case, see bench/promql-data.ts).
// - histogram_quantile over non-monotonic buckets (3.x ignores deltas below 1e-12 and
//   annotates; 2.42 does not): bucket rates of one histogram share timestamps here.
// - topk/bottomk where values can tie (which tied series is kept is unspecified): only
//   over continuous values; never over weird_gauge (±Inf ties) or integer-valued rates.
// - stddev/stdvar aggregations and deriv/predict_linear over weird_gauge (±Inf meets
//   2.42's unguarded Kahan compensation, which turns into NaN where 3.x's stays 0), and
//   expressions whose result is a cancellation of differently-summed terms (2.42 sums
//   naively, 3.x with Kahan: equal to ~1e-15 relative, unbounded relative error near 0).
// - Time functions (hour(), day_of_week(), ...) over NaN/±Inf values: Go's int64(NaN)
//   is platform behaviour, not PromQL semantics.
// - Regexes whose `.` would meet a newline (3.x makes `.` match \n): no label value has one.
// - Parse error messages: only the error type is compared (texts changed across versions).

export type Mode = 'both' | 'instant' | 'range';

export interface DiffQuery {
  q: string;
  /** Evaluations to run: instant queries, range queries or both (default). */
  mode?: Mode;
  /**
   * What Prometheus must answer for the list itself to be sound (checked on Prometheus
   * alone): 'data' (default) a non-empty result in at least one evaluation, 'empty'
   * never any series, 'error' an error in every evaluation, 'any' no check.
   */
  expect?: 'data' | 'empty' | 'error' | 'any';
  /** Top-level sort/sort_desc: the order of values must match too. */
  ordered?: boolean;
}

export interface ApiCase {
  name: string;
  path: '/api/v1/query' | '/api/v1/query_range';
  method: 'GET' | 'POST';
  params: Record<string, string>;
  expect: 'error' | 'data';
}

export interface EvalPlan {
  /** Instant query times (ms). */
  instants: number[];
  ranges: { start: number; end: number; step: number }[];
}

const secs = (ms: number) => (ms / 1000).toFixed(3);
const M = 60_000;
const H = 3600_000;

/** Evaluation times for a data set covering [startMs, endMs) (see the file comment). */
export function evalPlan(startMs: number, endMs: number): EvalPlan {
  return {
    instants: [
      startMs + 2 * M + 10_000 + 123, // windows reach back before the first sample
      startMs + 2 * H + 12 * M + 457, // inside api-2's outage
      startMs + 4 * H + 41 * M + 900, // after web-1 ended and after restarts
      endMs + 3 * M + 123, // after the data: lookback still finds the last samples
    ],
    ranges: [
      { start: startMs - 10 * M + 123, end: endMs + 10 * M + 123, step: 180_000 },
      { start: startMs + H + 900, end: startMs + H + 45 * M + 900, step: 15_000 }, // web-0's restart, api-3's start
      { start: startMs + 123, end: endMs + 457, step: 433_000 }, // @ end() is .457
    ],
  };
}

/** The query list for a data set starting at startMs. */
export function diffQueries(startMs: number, endMs: number): DiffQuery[] {
  const T = secs(startMs + 3 * H + 7 * M + 123); // an @ time inside the data
  const T2 = secs(endMs - 90 * M + 900); // another, after the restarts
  const out: DiffQuery[] = [];
  const add = (q: string, o: Omit<DiffQuery, 'q'> = {}) => out.push({ q, ...o });

  // --- selectors, offset, @ ------------------------------------------------------
  for (const q of [
    'http_requests_total',
    'http_requests_total{job="api"}',
    'http_requests_total{job="api",code="500"}',
    'http_requests_total{code!="200"}',
    'http_requests_total{code=~"4..|5.."}',
    'http_requests_total{method!~"G.*",job=~"web|batch"}',
    'http_requests_total{job=~"(?i)API",code="200"}',
    '{__name__="node_temperature_celsius"}',
    '{__name__=~"node_(temperature_celsius|memory_bytes)",instance="api-0"}',
    '{__name__=~"node_.+",job="batch"}',
    'node_temperature_celsius{nonexistent=""}',
    'node_temperature_celsius{job=~"api|web",sensor!="gpu"}',
    'node_temperature_celsius{instance=~"api-[0-2]"}',
    'node_temperature_celsius{instance!~".*-[13]"}',
    'weird_gauge',
    'unicode_gauge',
    'unicode_gauge{path="/ü/😀"}',
    'unicode_gauge{note=~".*\\".*"}',
    'build_info',
    'process_start_time_seconds',
    'target_up',
    'http_request_duration_seconds_bucket{instance="web-0",handler="/metrics"}',
    'rpc_payload_bytes_count',
    'node_temperature_celsius offset 5m',
    'node_temperature_celsius offset -7m',
    'node_temperature_celsius offset 1h30m',
    `node_temperature_celsius @ ${T}`,
    'node_temperature_celsius @ start()',
    'node_temperature_celsius @ end()',
    `node_temperature_celsius @ ${T} offset 10m`,
    `node_temperature_celsius offset -10m @ ${T2}`,
    `http_requests_total{job="web"} @ ${T2}`,
  ]) add(q);
  add('nonexistent_metric', { expect: 'empty' });
  add('node_temperature_celsius{sensor=""}', { expect: 'empty' });
  add('http_requests_total{job="API"}', { expect: 'empty' });
  // Range selectors: instant queries only.
  for (const q of [
    'node_temperature_celsius{instance="api-0"}[2m]',
    'http_requests_total{instance="web-0",code="200"}[1m] offset 30s',
    'weird_gauge{instance="api-1"}[5m]',
    `node_memory_bytes[45s] @ ${T}`,
    'target_up[3m] offset -1m',
    'process_start_time_seconds{job="batch"}[10m]',
  ]) add(q, { mode: 'instant' });

  // --- literals ----------------------------------------------------------------
  for (const q of ['1', '-2.5', '1e3', '0x1F', '.5', '5.', 'Inf', '-Inf', 'NaN', '1 + 2 * 3', '2 ^ 3 ^ 2', '-2 ^ 2', '(1 + 2) * 3 - 4 / 5 % 3', '10 % 3 ^ 2', '2 * -3', '1 / 0', '-1 / 0', '0 / 0', '5 % 0', '7 atan2 2', '-(-(3))', '1 < bool 2', '2 == bool 2', '3 != bool 3', 'NaN != bool NaN', 'NaN == bool NaN', '1 >= bool Inf', 'vector(1)', 'vector(-Inf)', '-vector(2)', 'vector(1) + vector(2)', 'pi()', 'time()', 'vector(time())', 'time() - 60']) add(q);
  for (const q of ['"a string"', "'single quotes'", '`raw \\n string`', '"esc\\u00e9\\n"']) add(q, { mode: 'instant' });

  // --- range-vector functions ----------------------------------------------------
  const counters = ['http_requests_total', 'app_cpu_seconds_total', 'http_request_duration_seconds_count', 'http_request_duration_seconds_sum', 'rpc_payload_bytes_sum'];
  for (const f of ['rate', 'increase', 'irate']) {
    for (const c of counters) for (const r of ['1m', '5m', '20m']) add(`${f}(${c}[${r}])`);
  }
  add('rate(http_requests_total{job="batch"}[45s])'); // often a single sample: no output
  add('rate(http_requests_total[5m] offset 3m)');
  add('increase(http_requests_total{code="500"}[1h])');
  add('rate(http_requests_total{instance="api-2"}[10m])'); // across the outage
  add('irate(app_cpu_seconds_total[31s])');
  const gauges = ['node_temperature_celsius', 'node_memory_bytes', 'target_up', 'process_start_time_seconds'];
  for (const f of ['delta', 'idelta', 'deriv']) {
    for (const g of gauges.slice(0, 2)) for (const r of ['2m', '10m']) add(`${f}(${g}[${r}])`);
  }
  add('delta(http_requests_total{code="200"}[5m])');
  add('deriv(app_cpu_seconds_total[15m])');
  add('predict_linear(node_memory_bytes[10m], 3600)');
  add('predict_linear(node_temperature_celsius[30m], -600)');
  add('predict_linear(app_cpu_seconds_total[1h], 86400)');
  add('changes(process_start_time_seconds[1h])');
  add('changes(target_up[10m])');
  add('changes(weird_gauge[5m])');
  add('changes(node_temperature_celsius[1m])');
  add('resets(http_requests_total[30m])');
  add('resets(app_cpu_seconds_total[2h])');
  add('resets(http_request_duration_seconds_bucket{le="+Inf"}[6h])');
  const overTime = ['avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'last_over_time', 'present_over_time', 'stddev_over_time', 'stdvar_over_time'];
  for (const f of overTime) {
    for (const g of gauges.slice(0, 3)) add(`${f}(${g}[10m])`);
    add(`${f}(weird_gauge[5m])`);
    add(`${f}(node_temperature_celsius{sensor="gpu"}[1m])`);
  }
  for (const q of [0, 0.5, 0.9, 1, -0.5, 1.5]) add(`quantile_over_time(${q}, node_temperature_celsius[10m])`);
  add('quantile_over_time(0.75, weird_gauge[5m])');
  add('quantile_over_time(NaN, node_memory_bytes[2m])');
  add('avg_over_time(http_requests_total{job="api"}[1h] offset 30m)');
  add(`max_over_time(node_temperature_celsius[15m] @ ${T})`);
  add('absent_over_time(nonexistent_metric[5m])');
  add('absent_over_time(nonexistent_metric{job="api",instance=~"x.*"}[5m])');
  add('absent_over_time(node_temperature_celsius[5m])', { expect: 'any' });
  add('absent_over_time(node_temperature_celsius{instance="api-2"}[5m])', { expect: 'any' }); // the outage
  add('present_over_time(node_temperature_celsius{instance="web-1"}[20m])');

  // --- instant-vector functions ---------------------------------------------------
  for (const q of [
    'abs(weird_gauge)', 'abs(-node_temperature_celsius)', 'ceil(node_temperature_celsius)', 'floor(weird_gauge)', 'round(node_temperature_celsius)',
    'round(node_temperature_celsius, 0.5)', 'round(weird_gauge, 10)', 'round(node_memory_bytes, 1e6)', 'round(-node_temperature_celsius, 3)',
    'exp(node_temperature_celsius / 100)', 'exp(weird_gauge)', 'sqrt(node_memory_bytes)', 'sqrt(weird_gauge)', 'ln(weird_gauge)', 'ln(node_memory_bytes)',
    'log2(node_memory_bytes)', 'log10(weird_gauge)', 'sgn(weird_gauge)', 'sgn(node_temperature_celsius - 50)',
    'clamp(node_temperature_celsius, 40, 60)', 'clamp(weird_gauge, -1, 1)', 'clamp_min(weird_gauge, 0)', 'clamp_max(weird_gauge, 100)', 'clamp_max(node_memory_bytes, 3e9)',
    'sin(weird_gauge)', 'cos(node_temperature_celsius)', 'tan(node_temperature_celsius / 10)', 'asin(node_temperature_celsius / 100)', 'acos(node_temperature_celsius / 100)',
    'atan(weird_gauge)', 'sinh(node_temperature_celsius / 10)', 'cosh(weird_gauge)', 'tanh(weird_gauge)', 'asinh(weird_gauge)', 'acosh(node_temperature_celsius)',
    'atanh(node_temperature_celsius / 100)', 'atanh(weird_gauge)', 'deg(weird_gauge)', 'rad(node_temperature_celsius)', 'asin(weird_gauge)',
    'timestamp(node_temperature_celsius)', 'timestamp(node_temperature_celsius offset 5m)', `timestamp(weird_gauge @ ${T})`, 'timestamp(vector(1))',
    'time() - process_start_time_seconds', 'scalar(sum(target_up))', 'scalar(node_temperature_celsius)', 'scalar(nonexistent_metric)',
    'vector(scalar(build_info{instance="api-0"}))', 'node_temperature_celsius * scalar(target_up{instance="api-1"})',
    'day_of_month()', 'day_of_week()', 'day_of_year()', 'days_in_month()', 'hour()', 'minute()', 'month()', 'year()',
    'hour(process_start_time_seconds)', 'minute(timestamp(node_temperature_celsius))', 'day_of_week(process_start_time_seconds)',
    'days_in_month(process_start_time_seconds)', 'day_of_year(process_start_time_seconds)', 'month(vector(0))', 'year(vector(1e9))',
    'days_in_month(vector(1709251200))', 'day_of_month(timestamp(target_up))',
    'absent(nonexistent_metric{job="api"})', 'absent(nonexistent_metric{job="api",instance=~"x"})', 'absent(sum(nonexistent_metric))',
    'absent(nonexistent_metric{job="a",job="b"})',
    'label_replace(node_temperature_celsius, "host", "$1", "instance", "(.*)-(\\\\d+)")',
    'label_replace(node_temperature_celsius, "host", "${2}x$1", "instance", "(.*)-(.*)")',
    'label_replace(node_temperature_celsius, "host", "$0", "instance", "nomatch(.*)")',
    'label_replace(node_temperature_celsius, "sensor", "", "sensor", "gpu")',
    'label_replace(node_temperature_celsius, "new", "x", "nonexistent", "")',
    'label_replace(build_info, "major", "$1", "version", "(\\\\d+)\\\\..*")',
    'label_join(node_temperature_celsius, "id", ":", "job", "instance", "sensor")',
    'label_join(node_temperature_celsius, "id", "", "nonexistent")',
    'label_join(node_temperature_celsius, "job", "-", "job", "sensor")',
    'label_join(unicode_gauge, "both", "|", "path", "note")',
  ]) add(q);
  add('absent(node_temperature_celsius)', { expect: 'any' }); // 1 before the data starts
  add('label_replace(node_temperature_celsius, "instance", "", "instance", ".*")', { expect: 'error' }); // duplicate labelsets
  add('label_replace(weird_gauge, "x", "$1", "job", "(")', { expect: 'error', mode: 'instant' }); // invalid regex
  for (const [q, o] of [
    ['sort(node_temperature_celsius)', { ordered: true }],
    ['sort_desc(node_memory_bytes)', { ordered: true }],
    ['sort(weird_gauge)', { ordered: true }],
    ['sort_desc(weird_gauge)', { ordered: true }],
    ['sort_desc(sum by (job) (rate(app_cpu_seconds_total[5m])))', { ordered: true }],
  ] as [string, Omit<DiffQuery, 'q'>][]) add(q, o);

  // --- histogram_quantile ----------------------------------------------------------
  for (const q of [
    'histogram_quantile(0.5, rate(http_request_duration_seconds_bucket[5m]))',
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
    'histogram_quantile(0.9, sum by (job, le) (rate(http_request_duration_seconds_bucket[10m])))',
    'histogram_quantile(0.75, sum without (instance) (rate(rpc_payload_bytes_bucket[5m])))',
    'histogram_quantile(0, rate(http_request_duration_seconds_bucket[5m]))',
    'histogram_quantile(1, rate(http_request_duration_seconds_bucket[5m]))',
    'histogram_quantile(-1, rate(http_request_duration_seconds_bucket[5m]))',
    'histogram_quantile(2, rate(http_request_duration_seconds_bucket[5m]))',
    'histogram_quantile(NaN, rate(rpc_payload_bytes_bucket[5m]))',
    'histogram_quantile(0.5, http_request_duration_seconds_bucket)',
    'histogram_quantile(0.999, sum by (le) (http_request_duration_seconds_bucket{handler="/metrics"}))',
    'histogram_quantile(0.9, rate(http_request_duration_seconds_bucket{le!="+Inf"}[5m]))',
    'histogram_quantile(0.9, rate(http_request_duration_seconds_bucket{le=~"0.1|\\\\+Inf"}[5m]))',
    'histogram_quantile(0.5, rate(http_request_duration_seconds_bucket{le="+Inf"}[5m]))',
    'histogram_quantile(0.95, sum by (le, handler) (increase(http_request_duration_seconds_bucket[1h])))',
    'histogram_quantile(scalar(vector(0.25)), sum by (le) (rate(rpc_payload_bytes_bucket[20m])))',
    'histogram_quantile(0.5, rate(node_temperature_celsius[5m]))',
    'rate(http_request_duration_seconds_sum[5m]) / rate(http_request_duration_seconds_count[5m])',
  ]) add(q, { expect: q.includes('node_temperature_celsius') ? 'empty' : 'data' });

  // --- aggregations -------------------------------------------------------------
  for (const op of ['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar']) {
    add(`${op}(node_temperature_celsius)`);
    add(`${op} by (job) (node_temperature_celsius)`);
    add(`${op} without (instance, sensor) (node_temperature_celsius)`);
    add(`${op}(rate(http_requests_total[5m])) by (job, code)`);
  }
  for (const op of ['min', 'max', 'count', 'group']) add(`${op} by (job) (weird_gauge)`);
  add('sum(weird_gauge)'); // not by (job): batch's one series may be -0, which 3.x's Kahan sum turns into 0
  add('avg(node_memory_bytes) by (type)');
  add('sum without () (node_temperature_celsius)');
  add('sum by () (node_temperature_celsius)');
  add('sum by (nonexistent) (node_temperature_celsius)');
  add('count by (__name__) ({__name__=~"node_.+"})');
  add('count(build_info) by (version)');
  add('sum(nonexistent_metric)', { expect: 'empty' });
  add('count(nonexistent_metric)', { expect: 'empty' });
  add('sum(http_requests_total) by (job) / count(http_requests_total) by (job)');
  add('max by (job) (max_over_time(node_temperature_celsius[10m]))');
  add('topk(3, node_temperature_celsius)');
  add('topk(1, node_temperature_celsius) by (job)');
  add('topk by (job, sensor) (2, node_memory_bytes)');
  add('bottomk(2, node_temperature_celsius)');
  add('bottomk(1, rate(app_cpu_seconds_total[5m])) by (job)');
  add('topk(2, rate(app_cpu_seconds_total[10m]))');
  add('topk(100, node_temperature_celsius)');
  add('topk(0, node_temperature_celsius)', { expect: 'empty' });
  add('bottomk(-1, node_temperature_celsius)', { expect: 'empty' });
  add('topk(scalar(count(build_info) or vector(7)) - 4, node_memory_bytes)'); // k varies with the targets present
  add('sum(topk(3, node_temperature_celsius))');
  for (const q of [0, 0.25, 0.5, 0.9, 1, 1.5, -0.5]) add(`quantile(${q}, node_temperature_celsius)`);
  add('quantile by (job) (0.9, rate(app_cpu_seconds_total[5m]))');
  add('quantile without (instance) (0.5, node_memory_bytes)');
  add('quantile(NaN, node_temperature_celsius)');
  add('quantile(0.5, weird_gauge)');
  add('count_values("value", target_up)');
  add('count_values by (job) ("bucket", ceil(node_temperature_celsius / 10))');
  add('count_values without (instance) ("v", floor(rate(app_cpu_seconds_total[5m]) * 100))');
  add('count_values("job", target_up)');
  add('count_values("x", weird_gauge)');
  add('group by (job) (build_info)');
  add('stddev by (job) (rate(app_cpu_seconds_total[5m]))');
  add('avg(weird_gauge)', { expect: 'data' });

  // --- binary operators -------------------------------------------------------------
  for (const op of ['+', '-', '*', '/', '%', '^']) {
    add(`node_temperature_celsius ${op} 3`);
    add(`3 ${op} node_temperature_celsius`);
    add(`weird_gauge ${op} 2`);
    add(`node_memory_bytes{type="used"} ${op} ignoring(type) node_memory_bytes{type="free"}`);
  }
  // atan2 on a selector: 2.42 keeps the metric name, 3.x drops it as for the other arithmetic
  // operators; so atan2 only meets operands that have no name left (atan2 binds like / here).
  add('sum(node_temperature_celsius) atan2 sum(node_memory_bytes) / 1e8');
  add('node_temperature_celsius / 1 atan2 3');
  for (const op of ['==', '!=', '>', '<', '>=', '<=']) {
    const eq = op === '==' ? { expect: 'any' as const } : {}; // random floats are never equal
    add(`node_temperature_celsius ${op} 50`, eq);
    add(`node_temperature_celsius ${op} bool 50`);
    add(`50 ${op} bool node_temperature_celsius`);
    add(`weird_gauge ${op} 0`);
    add(`weird_gauge ${op} bool Inf`);
    add(`node_temperature_celsius{sensor="cpu"} ${op} ignoring(sensor) node_temperature_celsius{sensor="gpu"}`, eq);
    add(`node_temperature_celsius{sensor="cpu"} ${op} bool on(job, instance) node_temperature_celsius{sensor="gpu"}`);
  }
  for (const q of [
    '-node_temperature_celsius',
    '+node_temperature_celsius',
    'node_temperature_celsius / 0',
    'weird_gauge / 0',
    '0 * weird_gauge',
    'weird_gauge != weird_gauge',
    'weird_gauge == bool weird_gauge',
    'node_temperature_celsius + node_temperature_celsius',
    'node_temperature_celsius - node_temperature_celsius offset 5m',
    'node_temperature_celsius > node_temperature_celsius offset 5m',
    `node_temperature_celsius - node_temperature_celsius @ ${T}`,
    'node_memory_bytes{type="used"} / on(job, instance) node_memory_bytes{type="free"}',
    'rate(http_requests_total{code="500"}[5m]) / ignoring(code) rate(http_requests_total{code="200"}[5m])',
    'sum by (job, instance, code) (rate(http_requests_total[5m])) / on(job, instance) group_left sum by (job, instance) (rate(http_requests_total[5m]))',
    'sum by (job, instance) (rate(http_requests_total[5m])) / on(job, instance) group_right sum by (job, instance, code) (rate(http_requests_total[5m]))',
    'node_temperature_celsius * on(job, instance) group_left(version) build_info',
    'build_info * on(job, instance) group_right(version) node_temperature_celsius',
    'node_temperature_celsius * on(job, instance) group_left target_up',
    'node_temperature_celsius > on(job, instance) group_left target_up + 40',
    'node_temperature_celsius + on(job, instance) group_left node_memory_bytes{type="used"} / ignoring(type) node_memory_bytes{type="free"}',
    'target_up == 0',
    'target_up * 100 > bool 50',
    '(node_temperature_celsius > 45) < 60',
    'node_temperature_celsius > 45 < 60',
    'node_temperature_celsius and on(job, instance) target_up == 1',
    'node_temperature_celsius{sensor="cpu"} or node_temperature_celsius{job="web"}',
    'node_temperature_celsius unless on(job) target_up{job="api"}',
    'node_temperature_celsius unless ignoring(sensor) node_temperature_celsius{sensor="gpu"}',
    'node_temperature_celsius and node_temperature_celsius offset 1h',
    'node_temperature_celsius or on(instance) node_memory_bytes',
    'node_temperature_celsius unless node_temperature_celsius{job="api"}',
    'sum by (job) (rate(http_requests_total[5m])) or on() vector(0)',
    'rate(http_requests_total{code="500"}[5m]) > 0.1 or vector(0)',
    '(node_temperature_celsius > 60) and (node_temperature_celsius < 70)',
    'node_temperature_celsius and ignoring(sensor, job) target_up',
    'target_up or node_temperature_celsius and node_memory_bytes',
    'vector(1) and on() target_up{instance="api-3"}',
    'vector(1) + on() group_left target_up{instance="batch-0"}',
    'node_memory_bytes / 1024 / 1024 > bool 3000',
    // The name dropped by `*` stays dropped through the comparison: Prometheus 3.x's
    // default (delayed name removal off); with it on, 3.x would keep __name__ here.
    '2 * node_temperature_celsius - 1 > node_temperature_celsius + 40',
    '-node_temperature_celsius < -50',
  ]) add(q);
  add('node_temperature_celsius and nonexistent_metric', { expect: 'empty' });
  add('node_temperature_celsius - ignoring(sensor) node_temperature_celsius', { expect: 'error' }); // many-to-many
  add('node_temperature_celsius * on(job, instance) target_up', { expect: 'error' }); // many-to-one without group_left
  add('target_up * on(job, instance) node_temperature_celsius', { expect: 'error' }); // duplicates on the right
  add('target_up * on(job, instance) group_left node_temperature_celsius', { expect: 'error' });

  // --- subqueries --------------------------------------------------------------------
  for (const q of [
    'max_over_time(rate(http_requests_total{code="200"}[5m])[30m:1m])',
    'avg_over_time(node_temperature_celsius[10m:30s])',
    'min_over_time(sum by (job) (rate(app_cpu_seconds_total[2m]))[1h:5m])',
    'max_over_time(deriv(node_memory_bytes[5m])[20m:])',
    'sum_over_time(target_up[15m:15s] offset 5m)',
    `quantile_over_time(0.9, node_temperature_celsius[30m:2m] @ ${T})`,
    'avg_over_time((node_temperature_celsius > 50)[10m:1m])',
    'count_over_time(weird_gauge[10m:10s])',
    'rate(app_cpu_seconds_total[5m:30s])',
    'increase(sum by (job) (app_cpu_seconds_total)[10m:1m])',
    'max_over_time(max_over_time(node_temperature_celsius[5m30s:1m])[20m:2m])', // inner range no multiple of its step
    'sum_over_time(vector(1)[10m:1m])',
    `min_over_time(rate(http_requests_total[5m])[1h:] @ end())`,
    'stddev_over_time(node_memory_bytes[30m:45s])',
    'last_over_time(histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))[15m:1m])',
    'changes(target_up[1h:30s])',
    'deriv(avg_over_time(node_temperature_celsius[5m])[15m:1m] offset -2m)',
    'present_over_time(nonexistent_metric[5m:1m])',
  ]) add(q, { expect: q.includes('nonexistent') ? 'empty' : 'data' });
  add('node_temperature_celsius[10m:1m]', { mode: 'instant' });
  add('rate(http_requests_total{job="batch"}[5m])[30m:5m]', { mode: 'instant' });
  add(`sum(node_memory_bytes)[1h:7m] @ ${T}`, { mode: 'instant' });

  // --- malformed and invalid: the error type must match -----------------------------------
  for (const q of [
    '', '   ', 'sum(', 'rate(http_requests_total)', 'rate(http_requests_total[5m]', 'http_requests_total{', 'http_requests_total{job=}',
    '{}', '{job=~""}', '{code!~"2.."}', '1 +', '1 + * 2', 'foo(bar)', 'node_temperature_celsius[5m] + 1', '1 > 2', 'sum by (job) ()',
    'topk(node_temperature_celsius, 3)', 'histogram_quantile(0.5)', 'label_replace(node_temperature_celsius, "a", "b", "c")',
    'node_temperature_celsius offset', 'node_temperature_celsius @ foo', 'node_temperature_celsius[5x]', '"unterminated',
    'node_temperature_celsius{job="api"', 'rate(node_temperature_celsius[5m:1m:1m])', 'avg_over_time(node_temperature_celsius)',
    'node_temperature_celsius and 1', '1 and 1', 'count_values(1, node_temperature_celsius)', 'quantile("a", node_temperature_celsius)',
    'time()[5m:1m]', 'abs()', 'abs(1, 2)', 'sort(1)', 'vector(node_temperature_celsius)', 'scalar(1)', '-"str"',
    'node_temperature_celsius{__name__="x"}', 'node_temperature_celsius offset 5m offset 5m', 'node_temperature_celsius @ 1 @ 2',
    '1 + bool 2', 'node_temperature_celsius and on(job) group_left target_up', 'holt_winters(node_temperature_celsius[5m], 0.5, 0.5)x',
    'node_temperature_celsius[5m][5m]', 'sum(node_temperature_celsius) by (job) by (instance)', 'rate(1)', 'node_temperature_celsius{job!}',
    'nonexistent_function(node_temperature_celsius)', 'node_temperature_celsius[1m:0s]', '(1', ')', 'node_temperature_celsius @ start',
    'label_join(node_temperature_celsius, "a", ",", 1)', 'http_requests_total{job="api"} offset -', 'sum without(job) by(instance) (x)',
  ]) add(q, { expect: 'error' });
  // A string or range vector cannot be the result of a range query.
  for (const q of ['"a string"', 'node_temperature_celsius[5m]', 'node_temperature_celsius[10m:1m]']) add(q, { mode: 'range', expect: 'error' });
  return out;
}

/** Requests that test the API's parameter handling rather than PromQL. */
export function apiCases(startMs: number, endMs: number): ApiCase[] {
  const mid = startMs + 3 * H + 123;
  const iso = new Date(mid).toISOString(); // RFC3339 with milliseconds
  const q = 'sum by (job) (rate(http_requests_total[5m]))';
  return [
    { name: 'RFC3339 time', path: '/api/v1/query', method: 'GET', params: { query: q, time: iso }, expect: 'data' },
    { name: 'POST instant', path: '/api/v1/query', method: 'POST', params: { query: q, time: secs(mid) }, expect: 'data' },
    { name: 'GET range, RFC3339 bounds, duration step', path: '/api/v1/query_range', method: 'GET', params: { query: q, start: iso, end: new Date(mid + H).toISOString(), step: '1m' }, expect: 'data' },
    { name: 'range, step 2m30s', path: '/api/v1/query_range', method: 'POST', params: { query: q, start: secs(mid), end: secs(mid + 2 * H), step: '2m30s' }, expect: 'data' },
    { name: 'bad time', path: '/api/v1/query', method: 'GET', params: { query: '1', time: 'abc' }, expect: 'error' },
    { name: 'missing query', path: '/api/v1/query', method: 'GET', params: { time: secs(mid) }, expect: 'error' },
    { name: 'end before start', path: '/api/v1/query_range', method: 'POST', params: { query: '1', start: secs(mid), end: secs(mid - 60_000), step: '15' }, expect: 'error' },
    { name: 'zero step', path: '/api/v1/query_range', method: 'POST', params: { query: '1', start: secs(mid), end: secs(mid + H), step: '0' }, expect: 'error' },
    { name: 'negative step', path: '/api/v1/query_range', method: 'POST', params: { query: '1', start: secs(mid), end: secs(mid + H), step: '-15s' }, expect: 'error' },
    { name: 'missing step', path: '/api/v1/query_range', method: 'POST', params: { query: '1', start: secs(mid), end: secs(mid + H) }, expect: 'error' },
    { name: 'more than 11,000 points', path: '/api/v1/query_range', method: 'POST', params: { query: '1', start: secs(startMs), end: secs(endMs), step: '1' }, expect: 'error' },
    { name: 'bad start', path: '/api/v1/query_range', method: 'POST', params: { query: '1', start: 'yesterday', end: secs(mid), step: '15' }, expect: 'error' },
    { name: 'parse error via POST', path: '/api/v1/query', method: 'POST', params: { query: 'sum(', time: secs(mid) }, expect: 'error' },
  ];
}
