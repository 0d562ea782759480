// RE2 syntax (what Prometheus regexes are) translated into a JS RegExp.
// Prometheus anchors every regex as ^(?s:…)$, so `.` also matches newlines;
// we compile with the `s` flag and a full anchor. JS (Node 20) has no inline
// flag groups, so `(?i)`/`(?i:…)` are rewritten into case-folded classes and
// `(?s)` is already in effect; other RE2-only forms are mapped one by one.

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

function isLetter(c: string): boolean {
  return c.toLowerCase() !== c.toUpperCase();
}

function escapeLiteral(c: string): string {
  return /[\\^$.*+?()[\]{}|\/-]/.test(c) ? '\\' + c : c;
}

/** Translates an RE2 pattern into JS `u`-mode syntax. Throws on what JS cannot express. */
export function re2ToJs(re: string): string {
  let out = '';
  let i = 0;
  // Case-insensitivity per group depth (RE2 flags are scoped to the group).
  const foldStack: boolean[] = [false];
  const fold = () => foldStack[foldStack.length - 1]!;
  const cps = [...re];
  const n = cps.length;
  while (i < n) {
    const c = cps[i]!;
    if (c === '\\') {
      const e = cps[i + 1];
      if (e === undefined) throw new Error('trailing backslash at end of expression');
      if (e === 'Q') {
        // \Q…\E literal text
        let j = i + 2;
        let lit = '';
        while (j < n && !(cps[j] === '\\' && cps[j + 1] === 'E')) lit += cps[j++];
        for (const ch of lit) out += fold() && isLetter(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : escapeLiteral(ch);
        i = j + 2;
        continue;
      }
      if (e === 'z') {
        out += '$';
        i += 2;
        continue;
      }
      if (e === 'A') {
        out += '^';
        i += 2;
        continue;
      }
      if (e === 'C') throw new Error('\\C is not supported');
      if (e === 'p' || e === 'P') {
        // \pL or \p{Greek}
        if (cps[i + 2] === '{') {
          const end = cps.indexOf('}', i + 3);
          out += cps.slice(i, end + 1).join('');
          i = end + 1;
        } else {
          out += `\\${e}{${cps[i + 2]}}`;
          i += 3;
        }
        continue;
      }
      if (fold() && isLetter(e) && !/[dDsSwWbBnrtfvx0-9]/.test(e)) {
        out += `[${e.toLowerCase()}${e.toUpperCase()}]`;
        i += 2;
        continue;
      }
      out += c + e;
      i += 2;
      continue;
    }
    if (c === '[') {
      const { text, next } = translateClass(cps, i, fold());
      out += text;
      i = next;
      continue;
    }
    if (c === '(') {
      if (cps[i + 1] === '?') {
        // (?flags) or (?flags:…) or (?P<name>…)
        if (cps[i + 2] === 'P' && cps[i + 3] === '<') {
          out += '(?<';
          i += 4;
          foldStack.push(fold());
          continue;
        }
        let j = i + 2;
        let flags = '';
        while (j < n && /[imsU-]/.test(cps[j]!)) flags += cps[j++];
        const on = flags.split('-')[0] ?? '';
        const off = flags.split('-')[1] ?? '';
        if (on.includes('U') || off.includes('U')) throw new Error('the U (ungreedy) flag is not supported');
        if (on.includes('m')) throw new Error('the m (multi-line) flag is not supported');
        let f = fold();
        if (on.includes('i')) f = true;
        if (off.includes('i')) f = false;
        if (cps[j] === ')') {
          // Flags for the rest of the current group.
          foldStack[foldStack.length - 1] = f;
          i = j + 1;
          continue;
        }
        if (cps[j] === ':') {
          out += '(?:';
          foldStack.push(f);
          i = j + 1;
          continue;
        }
        throw new Error(`invalid or unsupported Perl syntax: ${JSON.stringify(cps.slice(i, j + 1).join(''))}`);
      }
      out += '(';
      foldStack.push(fold());
      i++;
      continue;
    }
    if (c === ')') {
      if (foldStack.length === 1) throw new Error(`unexpected ): ${JSON.stringify(re)}`);
      foldStack.pop();
      out += ')';
      i++;
      continue;
    }
    if (fold() && isLetter(c)) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
      i++;
      continue;
    }
    // Braces that are not a valid repetition are literals in RE2 (JS u-mode rejects them).
    if (c === '{' && !/^\{\d+(,\d*)?\}/.test(cps.slice(i, i + 24).join(''))) {
      out += '\\{';
      i++;
      continue;
    }
    if (c === '}' && !/\{\d+(,\d*)?$/.test(out)) {
      out += '\\}';
      i++;
      continue;
    }
    out += c;
    i++;
  }
  if (foldStack.length !== 1) throw new Error(`missing closing ): ${JSON.stringify(re)}`);
  return out;
}

function translateClass(cps: string[], start: number, fold: boolean): { text: string; next: number } {
  let i = start + 1;
  let out = '[';
  if (cps[i] === '^') {
    out += '^';
    i++;
  }
  // A ']' right after '[' or '[^' is a literal.
  if (cps[i] === ']') {
    out += '\\]';
    i++;
  }
  const extra: string[] = [];
  while (i < cps.length && cps[i] !== ']') {
    const c = cps[i]!;
    if (c === '[' && cps[i + 1] === ':') {
      const end = cps.indexOf(':', i + 2);
      const name = cps.slice(i + 2, end).join('');
      const neg = name.startsWith('^');
      const cls = POSIX[neg ? name.slice(1) : name];
      if (!cls || cps[end + 1] !== ']') throw new Error(`invalid character class range: [:${name}:]`);
      if (neg) throw new Error(`negated POSIX classes are not supported: [:${name}:]`);
      out += cls;
      i = end + 2;
      continue;
    }
    if (c === '\\') {
      const e = cps[i + 1]!;
      if (e === 'p' || e === 'P') {
        if (cps[i + 2] === '{') {
          const end = cps.indexOf('}', i + 3);
          out += cps.slice(i, end + 1).join('');
          i = end + 1;
        } else {
          out += `\\${e}{${cps[i + 2]}}`;
          i += 3;
        }
        continue;
      }
      out += c + e;
      if (fold && isLetter(e) && !/[dDsSwWnrtfvx]/.test(e)) extra.push(e.toLowerCase(), e.toUpperCase());
      i += 2;
      continue;
    }
    if (c === '[') {
      out += '\\[';
      i++;
      continue;
    }
    if (fold && isLetter(c)) {
      if (cps[i + 1] === '-' && cps[i + 2] !== undefined && cps[i + 2] !== ']') {
        const to = cps[i + 2]!;
        out += `${c}-${to}`;
        if (isLetter(to)) extra.push(`${c.toLowerCase()}-${to.toLowerCase()}`, `${c.toUpperCase()}-${to.toUpperCase()}`);
        i += 3;
        continue;
      }
      extra.push(c.toLowerCase(), c.toUpperCase());
    }
    out += c === '/' || c === '-' && (cps[i + 1] === ']' || out.endsWith('[') || out.endsWith('[^')) ? '\\' + c : c;
    i++;
  }
  if (i >= cps.length) throw new Error('missing closing ]');
  out += extra.join('') + ']';
  return { text: out, next: i + 1 };
}

const cache = new Map<string, RegExp>();

/** Compiles a Prometheus label regex: fully anchored, `.` matches newline. */
export function compileAnchored(re: string): RegExp {
  let r = cache.get(re);
  if (r) return r;
  r = new RegExp('^(?:' + re2ToJs(re) + ')$', 'su');
  if (cache.size > 10_000) cache.clear();
  cache.set(re, r);
  return r;
}
