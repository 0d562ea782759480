// label_replace and label_join on one label set, with Prometheus's validation
// errors and Go's regexp.Expand template rules.
import { compareUtf8, type Label, type Labels } from '../../model/labels.js';
import { re2ToJs } from '../../model/regex.js';
import { PromQLError } from '../value.js';

/**
 * A label name under Prometheus 3's UTF-8 validation: non-empty, valid UTF-8.
 * In a JS string, invalid UTF-8 can only show up as a lone surrogate.
 */
export function isValidLabelName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c >= 0xdc00) return false;
    const d = name.charCodeAt(i + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/** Returns ls with `name` set to `value`, or removed when value is empty (labels.Builder.Set). */
export function setLabel(ls: Labels, name: string, value: string): Labels {
  const out: Label[] = [];
  let placed = false;
  for (const l of ls) {
    if (!placed) {
      const c = compareUtf8(l.name, name);
      if (c === 0) {
        placed = true;
        if (value !== '') out.push({ name, value });
        continue;
      }
      if (c > 0) {
        placed = true;
        if (value !== '') out.push({ name, value });
      }
    }
    out.push(l);
  }
  if (!placed && value !== '') out.push({ name, value });
  return out;
}

/**
 * Capture-group names of an RE2 pattern by group number (index 0 is the whole
 * match, '' for unnamed groups), like Go's Regexp.SubexpNames. The pattern
 * must already have parsed; JS drops some names Go keeps (duplicates, names
 * starting with a digit), so we read them from the source ourselves.
 */
export function subexpNames(re: string): string[] {
  const names = [''];
  const n = re.length;
  let i = 0;
  let inClass = false;
  while (i < n) {
    const ch = re[i]!;
    if (ch === '\\') {
      if (re[i + 1] === 'Q') {
        // \Q…\E is literal text (to the end when there is no \E).
        const end = re.indexOf('\\E', i + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
      i += 2;
      continue;
    }
    if (inClass) {
      if (ch === '[' && re[i + 1] === ':') {
        const end = re.indexOf(':]', i + 2);
        if (end >= 0) {
          i = end + 2;
          continue;
        }
      }
      if (ch === ']') inClass = false;
      i++;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      i++;
      if (re[i] === '^') i++;
      if (re[i] === ']') i++; // a leading ] is literal
      continue;
    }
    if (ch === '(') {
      if (re[i + 1] !== '?') {
        names.push('');
      } else if (re[i + 2] === 'P' && re[i + 3] === '<') {
        const end = re.indexOf('>', i + 4);
        names.push(re.slice(i + 4, end));
        i = end + 1;
        continue;
      } else if (re[i + 2] === '<') {
        const end = re.indexOf('>', i + 3);
        names.push(re.slice(i + 3, end));
        i = end + 1;
        continue;
      }
    }
    i++;
  }
  return names;
}

interface CompiledReplace {
  re: RegExp;
  names: string[];
}

const replaceCache = new Map<string, CompiledReplace>();

/**
 * Compiles a label_replace regex as Prometheus does: Go's
 * regexp.Compile("^(?s:" + regex + ")$"), so the whole value must match and
 * `.` matches newlines.
 */
function compileReplaceRegex(regex: string): CompiledReplace {
  let c = replaceCache.get(regex);
  if (c) return c;
  // Wrapping before translating keeps Go's quirks, e.g. "a)(b" is accepted.
  const wrapped = '(?s:' + regex + ')';
  let src: string;
  try {
    src = re2ToJs(wrapped);
  } catch {
    throw new PromQLError(`invalid regular expression in label_replace(): ${regex}`, 'execution');
  }
  c = { re: new RegExp('^' + src + '$', 'sv'), names: subexpNames(wrapped) };
  if (replaceCache.size > 1000) replaceCache.clear();
  replaceCache.set(regex, c);
  return c;
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/**
 * Go's Regexp.ExpandString: `$name`/`${name}` insert the named or numbered
 * group (empty when missing or not matched), `$$` is a literal `$`, and a `$`
 * without a valid name is kept. Names take the longest run of letters, digits
 * and `_`, so `$1x` means the group named "1x".
 */
export function expandTemplate(template: string, m: RegExpExecArray, names: string[]): string {
  let out = '';
  let i = 0;
  const n = template.length;
  for (;;) {
    const d = template.indexOf('$', i);
    if (d < 0) break;
    out += template.slice(i, d);
    i = d + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    let j = i;
    const brace = template[j] === '{';
    if (brace) j++;
    const nameStart = j;
    while (j < n) {
      const cp = template.codePointAt(j)!;
      const s = String.fromCodePoint(cp);
      if (!NAME_CHAR.test(s)) break;
      j += s.length;
    }
    if (j === nameStart || (brace && template[j] !== '}')) {
      out += '$'; // malformed: the $ is literal text
      continue;
    }
    const name = template.slice(nameStart, j);
    i = brace ? j + 1 : j;
    let num = 0;
    for (let k = 0; k < name.length; k++) {
      const c = name.charCodeAt(k);
      if (c < 48 || c > 57 || num >= 1e8) {
        num = -1;
        break;
      }
      num = num * 10 + (c - 48);
    }
    if (name.length > 1 && name[0] === '0') num = -1; // no leading zeros
    if (num >= 0) {
      if (num < m.length && m[num] !== undefined) out += m[num];
    } else {
      for (let g = 0; g < names.length; g++) {
        if (names[g] === name && g < m.length && m[g] !== undefined) {
          out += m[g];
          break;
        }
      }
    }
  }
  return out + template.slice(i);
}

/**
 * Validates label_replace's arguments (regex first, then the destination
 * name, as Prometheus) and returns the per-series transform, so a query
 * fails even when the vector is empty and the regex compiles once.
 */
export function makeLabelReplacer(dst: string, replacement: string, src: string, regex: string): (ls: Labels) => Labels {
  const c = compileReplaceRegex(regex);
  if (!isValidLabelName(dst)) throw new PromQLError(`invalid destination label name in label_replace(): ${dst}`, 'execution');
  return (ls) => {
    let srcVal = '';
    for (const l of ls) {
      if (l.name === src) {
        srcVal = l.value;
        break;
      }
    }
    const m = c.re.exec(srcVal);
    if (!m) return ls; // no match: the series keeps its labels
    return setLabel(ls, dst, expandTemplate(replacement, m, c.names));
  };
}

/** label_replace(v, dst, replacement, src, regex) for one label set; unmatched sets are returned as given. */
export function labelReplace(ls: Labels, dst: string, replacement: string, src: string, regex: string): Labels {
  return makeLabelReplacer(dst, replacement, src, regex)(ls);
}

/** Validates label_join's arguments (each source name, then the destination) and returns the per-series transform. */
export function makeLabelJoiner(dst: string, sep: string, srcs: readonly string[]): (ls: Labels) => Labels {
  for (const s of srcs) {
    if (!isValidLabelName(s)) throw new PromQLError(`invalid source label name in label_join(): ${s}`, 'execution');
  }
  if (!isValidLabelName(dst)) throw new PromQLError(`invalid destination label name in label_join(): ${dst}`, 'execution');
  return (ls) => {
    let joined = '';
    for (let i = 0; i < srcs.length; i++) {
      if (i > 0) joined += sep;
      const name = srcs[i]!;
      for (const l of ls) {
        if (l.name === name) {
          joined += l.value;
          break;
        }
      }
    }
    return setLabel(ls, dst, joined);
  };
}

/** label_join(v, dst, sep, src...) for one label set: dst = the source values joined by sep (missing ones empty); empty removes dst. */
export function labelJoin(ls: Labels, dst: string, sep: string, srcs: readonly string[]): Labels {
  return makeLabelJoiner(dst, sep, srcs)(ls);
}
