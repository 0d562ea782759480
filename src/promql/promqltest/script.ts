// The promqltest script language (Prometheus promql/promqltest/test.go):
// `load`, `load_with_nhcb`, `clear`, `eval instant|range` with the legacy
// eval_fail/eval_warn/eval_info/eval_ordered forms, `expect …` lines,
// expected_fail_message/regexp and expected series/scalar lines. Parsing
// follows test.go line by line; a malformed command becomes an `error`
// command so one bad block does not hide the rest of a file.
import { labelsKey, type Labels } from '../../model/labels.js';
import { re2ToJs } from '../../model/regex.js';
import { parseDuration } from '../../util/config.js';
import { parseGoNumber, parseSeriesDesc, type SeqValue } from './series.js';

export interface LoadSeries {
  labels: Labels;
  values: SeqValue[];
  line: number;
}

export interface LoadCmd {
  kind: 'load';
  line: number;
  /** ms between points; point i is at i*interval. */
  interval: number;
  withNHCB: boolean;
  /** One entry per distinct label set; a later line for the same series replaces an earlier one (as test.go's map does). */
  series: LoadSeries[];
}

export interface ClearCmd {
  kind: 'clear';
  line: number;
}

export interface ErrorCmd {
  kind: 'error';
  line: number;
  message: string;
}

/** `expect <type> [msg: …|regex: …]`; without a matcher it matches anything. */
export interface ExpectLine {
  message: string | null;
  regex: RegExp | null;
  source: string;
}

export type ExpectType = 'ordered' | 'fail' | 'warn' | 'no_warn' | 'info' | 'no_info';

export interface ExpectedEntry {
  labels: Labels;
  /** 1-based position among the result lines (for ordered vectors). */
  pos: number;
  vals: SeqValue[];
}

/** Key of the scalar expectation in EvalCmd.expected (test.go uses hash 0). */
export const SCALAR_KEY = '\u0000scalar';

export interface EvalCmd {
  kind: 'eval';
  /** 1-based line of the eval command. */
  line: number;
  expr: string;
  isRange: boolean;
  /** ms. For instant evals `evalTime` is the query time; `start/end/step` describe the expected points of a matrix. */
  start: number;
  end: number;
  step: number;
  evalTime: number;
  /** Legacy eval_fail / eval_warn / eval_info / eval_ordered. */
  fail: boolean;
  warn: boolean;
  info: boolean;
  ordered: boolean;
  expectedFailMessage: string;
  expectedFailRegexp: RegExp | null;
  expects: Record<ExpectType, ExpectLine[]>;
  /** The expected result is a scalar line rather than series lines. */
  expectScalar: boolean;
  expected: Map<string, ExpectedEntry>;
  expectedString: string;
  excludeFromRangeQuery: boolean;
  /** Some expected value is a native histogram (`{{…}}`). */
  expectsHistogram: boolean;
}

export type ScriptCommand = LoadCmd | ClearCmd | EvalCmd | ErrorCmd;

export function isOrdered(ev: EvalCmd): boolean {
  return ev.ordered || ev.expects.ordered.length > 0;
}

export function isFail(ev: EvalCmd): boolean {
  return ev.fail || ev.expects.fail.length > 0;
}

const patSpace = /[\t ]+/;
const patLoad = /^load(?:_(with_nhcb))?\s+(.+?)$/;
const patEvalInstant = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const patEvalRange = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const patExpect = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const rangeVectorPrefix = 'expect range vector';
const patExpectRange = /^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$/;
const expectStringPrefix = 'expect string';

class ScriptError extends Error {}

/** Go regexp (RE2) semantics, unanchored, as regexp.MatchString. */
export function compileGoRegexp(pattern: string): RegExp {
  return new RegExp(re2ToJs(pattern), 'sv');
}

function duration(s: string, what: string): number {
  try {
    return parseDuration(s);
  } catch (e) {
    throw new ScriptError(`invalid ${what} definition ${JSON.stringify(s)}: ${(e as Error).message}`);
  }
}

/** Trimmed lines with comment lines blanked (a comment ends a block, as in test.go). */
function getLines(input: string): string[] {
  return input.split('\n').map((l) => {
    const t = l.trim();
    return t.startsWith('#') ? '' : t;
  });
}

/** Go strconv.Unquote for the `expect string` literal. */
function goUnquote(s: string): string {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) throw new ScriptError('bad quoting');
  if (q === '`') {
    const body = s.slice(1, -1);
    if (body.includes('`')) throw new ScriptError('bad quoting');
    return body.replace(/\r/g, '');
  }
  if (q !== '"' && q !== "'") throw new ScriptError('bad quoting');
  const body = s.slice(1, -1);
  if (body.includes('\n')) throw new ScriptError('bad quoting');
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === q) throw new ScriptError('bad quoting');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': case "'":
        if (e !== q) throw new ScriptError('bad quoting');
        out += e;
        break;
      case 'x': case 'u': case 'U': {
        const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new ScriptError('bad quoting');
        out += e === 'x' ? String.fromCharCode(parseInt(hex, 16)) : String.fromCodePoint(parseInt(hex, 16));
        i += n;
        break;
      }
      default: {
        const oct = body.slice(i, i + 3);
        if (!/^[0-7]{3}$/.test(oct)) throw new ScriptError('bad quoting');
        out += String.fromCharCode(parseInt(oct, 8));
        i += 2;
      }
    }
  }
  if (q === "'" && [...out].length !== 1) throw new ScriptError('bad quoting');
  return out;
}

function parseAsStringLiteral(line: string): string {
  if (line === expectStringPrefix) throw new ScriptError('expected string literal not valid - a quoted string literal is required');
  const str = line.startsWith(expectStringPrefix + ' ') ? line.slice(expectStringPrefix.length + 1) : line;
  if (str === '') throw new ScriptError('expected string literal not valid - a quoted string literal is required');
  try {
    return goUnquote(str);
  } catch {
    throw new ScriptError('expected string literal not valid - check that the string is correctly quoted');
  }
}

function parseExpect(defLine: string): { type: ExpectType; cmd: ExpectLine } {
  const m = patExpect.exec(defLine.trim());
  if (!m) throw new ScriptError('invalid expect statement, must match `expect <type> <match_type>: <string>` format');
  const type = m[1] as ExpectType;
  if (m[2] === undefined) return { type, cmd: { message: null, regex: /^/, source: '^.*$' } };
  const text = m[3]!.trim();
  if (m[2] === 'msg') return { type, cmd: { message: text, regex: null, source: text } };
  try {
    return { type, cmd: { message: null, regex: compileGoRegexp(text), source: text } };
  } catch {
    throw new ScriptError(`invalid regex ${text} for ${type}`);
  }
}

function validateExpects(ev: EvalCmd): void {
  if (ev.expects.info.length > 0 && ev.expects.no_info.length > 0) throw new ScriptError('invalid expect lines, info and no_info cannot be used together');
  if (ev.expects.warn.length > 0 && ev.expects.no_warn.length > 0) throw new ScriptError('invalid expect lines, warn and no_warn cannot be used together');
  if (ev.expects.fail.length > 1) throw new ScriptError('invalid expect lines, multiple expect fail lines are not allowed');
}

function parseDurations(from: string, to: string, step: string): [number, number, number] {
  const f = duration(from, 'start timestamp');
  const t = duration(to, 'end timestamp');
  if (t < f) throw new ScriptError(`invalid test definition, end timestamp (${to}) is before start timestamp (${from})`);
  return [f, t, duration(step, 'step')];
}

function newEval(expr: string, line: number, isRange: boolean): EvalCmd {
  return {
    kind: 'eval', line, expr, isRange,
    start: 0, end: -Infinity, step: 0, evalTime: 0,
    fail: false, warn: false, info: false, ordered: false,
    expectedFailMessage: '', expectedFailRegexp: null,
    expects: { ordered: [], fail: [], warn: [], no_warn: [], info: [], no_info: [] },
    expectScalar: false, expected: new Map(), expectedString: '',
    excludeFromRangeQuery: false, expectsHistogram: false,
  };
}

/** Skips to the end of the current block (the next blank line). */
function blockEnd(lines: string[], i: number): number {
  while (i + 1 < lines.length && lines[i + 1] !== '') i++;
  return i;
}

function parseLoad(lines: string[], i: number): [number, LoadCmd] {
  const m = patLoad.exec(lines[i]!);
  if (!m) throw new ScriptError('invalid load command. (load[_with_nhcb] <step:duration>)');
  const cmd: LoadCmd = { kind: 'load', line: i + 1, interval: duration(m[2]!, 'step'), withNHCB: m[1] === 'with_nhcb', series: [] };
  const byKey = new Map<string, number>();
  while (i + 1 < lines.length) {
    i++;
    const defLine = lines[i]!;
    if (defLine === '') {
      i--;
      break;
    }
    const sp = defLine.search(/[ \t]/);
    // `metric{…}@st <offsets>`: start timestamps are not stored by this runner; the line is accepted and ignored.
    if (sp > 0 && defLine.slice(0, sp).endsWith('@st')) continue;
    let desc;
    try {
      desc = parseSeriesDesc(defLine);
    } catch (e) {
      throw new ScriptError(`line ${i + 1}: ${(e as Error).message}`);
    }
    const key = labelsKey(desc.labels);
    const entry: LoadSeries = { labels: desc.labels, values: desc.values, line: i + 1 };
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, cmd.series.length);
      cmd.series.push(entry);
    } else cmd.series[at] = entry;
  }
  return [i, cmd];
}

function parseEval(lines: string[], i: number): [number, EvalCmd] {
  const header = lines[i]!;
  const inst = patEvalInstant.exec(header);
  const rng = patEvalRange.exec(header);
  if (!inst && !rng) {
    throw new ScriptError("invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at <offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> <query>'");
  }
  const isInstant = inst !== null;
  const mod = isInstant ? inst[1] : rng![1];
  const expr = isInstant ? inst[3]! : rng![5]!;
  const line = i + 1;
  const formatErr = (msg: string) => new ScriptError(`error in eval ${expr} (line ${line}): ${msg}`);
  let cmd: EvalCmd;
  try {
    if (isInstant) {
      cmd = newEval(expr, line, false);
      cmd.evalTime = cmd.start = duration(inst[2] ?? '', 'timestamp');
    } else {
      const [f, t, s] = parseDurations(rng![2]!, rng![3]!, rng![4]!);
      cmd = newEval(expr, line, true);
      cmd.start = f;
      cmd.end = t;
      cmd.step = s;
    }
  } catch (e) {
    throw formatErr((e as Error).message);
  }
  if (mod === 'ordered') cmd.ordered = true;
  else if (mod === 'fail') cmd.fail = true;
  else if (mod === 'warn') cmd.warn = true;
  else if (mod === 'info') cmd.info = true;

  let expectRangeVector = false;
  // j mirrors test.go's position counter: expect lines do not take a position, but range-vector/string lines do.
  for (let j = 1; i + 1 < lines.length; j++) {
    i++;
    const defLine = lines[i]!;
    if (defLine === '') {
      i--;
      break;
    }
    if (cmd.fail && defLine.startsWith('expected_fail_message')) {
      cmd.expectedFailMessage = defLine.slice('expected_fail_message'.length).trim();
      break;
    }
    if (cmd.fail && defLine.startsWith('expected_fail_regexp')) {
      const pattern = defLine.slice('expected_fail_regexp'.length).trim();
      try {
        cmd.expectedFailRegexp = compileGoRegexp(pattern);
      } catch (e) {
        throw formatErr(`invalid regexp '${pattern}' for expected_fail_regexp: ${(e as Error).message}`);
      }
      break;
    }
    try {
      if (defLine.startsWith(rangeVectorPrefix)) {
        const m = patExpectRange.exec(defLine);
        if (!m) throw new ScriptError(`invalid range vector definition ${JSON.stringify(defLine)}`);
        const [f, t, s] = parseDurations(m[1]!, m[2]!, m[3]!);
        expectRangeVector = true;
        cmd.start = f;
        cmd.end = t;
        cmd.step = s;
        cmd.evalTime = t;
        cmd.excludeFromRangeQuery = true;
        continue;
      }
      if (defLine.startsWith(expectStringPrefix)) {
        cmd.expectedString = parseAsStringLiteral(defLine);
        cmd.excludeFromRangeQuery = true;
        continue;
      }
      // A metric named `expect` can still be written as `expect{}`.
      if (defLine.split(' ')[0] === 'expect') {
        const { type, cmd: e } = parseExpect(defLine);
        cmd.expects[type].push(e);
        j--;
        validateExpects(cmd);
        continue;
      }
    } catch (e) {
      throw formatErr((e as Error).message);
    }
    const f = tryNumber(defLine);
    if (f !== undefined) {
      cmd.expectScalar = true;
      cmd.expected.set(SCALAR_KEY, { labels: [], pos: 0, vals: [{ omitted: false, value: f, stale: false, histogram: false }] });
      break;
    }
    let desc;
    try {
      desc = parseSeriesDesc(defLine);
    } catch (e) {
      throw new ScriptError(`line ${i + 1}: ${(e as Error).message}`);
    }
    if (desc.values.length > 1 && isInstant && !expectRangeVector) {
      throw formatErr("expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' directive to enable a range vector result for an instant query");
    }
    if (desc.values.some((v) => v.histogram)) cmd.expectsHistogram = true;
    cmd.expectScalar = false;
    cmd.expected.set(labelsKey(desc.labels), { labels: desc.labels, pos: j, vals: desc.values });
  }
  return [i, cmd];
}

/** test.go's parseNumber: ParseInt(s, 0, 64), else ParseFloat. */
function tryNumber(s: string): number | undefined {
  try {
    return parseGoNumber(s);
  } catch {
    return undefined;
  }
}

/** Parses a whole script. Malformed blocks become ErrorCmd and parsing resumes after them. */
export function parseScript(input: string): ScriptCommand[] {
  const lines = getLines(input);
  const cmds: ScriptCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '') continue;
    const c = l.split(patSpace, 1)[0]!.toLowerCase();
    try {
      if (c === 'clear') cmds.push({ kind: 'clear', line: i + 1 });
      else if (c.startsWith('load')) {
        const [next, cmd] = parseLoad(lines, i);
        i = next;
        cmds.push(cmd);
      } else if (c.startsWith('eval')) {
        const [next, cmd] = parseEval(lines, i);
        i = next;
        cmds.push(cmd);
      } else throw new ScriptError(`invalid command ${JSON.stringify(l)}`);
    } catch (e) {
      if (!(e instanceof ScriptError)) throw e;
      cmds.push({ kind: 'error', line: i + 1, message: e.message });
      i = blockEnd(lines, i);
    }
  }
  return cmds;
}
