// RE2 syntax (what Prometheus label regexes are) translated into a JS RegExp.
//
// Prometheus parses a matcher's regex with Go's regexp/syntax (Perl flags, `.`
// matching newline; grafana/regexp, Go 1.24 syntax) and compiles it as
// ^(?s:…)$. This file is a small parser that follows the same rules, so what
// Go rejects we reject (with Go's error text), and emits source for a JS RegExp
// with the `v` flag: its nested classes let us write negated and case-folded
// classes exactly. Node 20 has no inline flag groups, so (?i), (?m), (?-s) and
// (?U) are applied while translating: (?i) expands letters into their Unicode
// simple case-folding orbits (k → [Kk\u{212a}]), like Go does.

/** A regex that Go's regexp/syntax would reject; the message mirrors Go's (without its "error parsing regexp: " prefix). */
export class RegexSyntaxError extends Error {
  constructor(readonly code: string, readonly expr: string) {
    super(`${code}: \`${expr}\``);
    this.name = 'RegexSyntaxError';
  }
}

const ERR = {
  charRange: 'invalid character class range',
  escape: 'invalid escape sequence',
  namedCapture: 'invalid named capture',
  perlOp: 'invalid or unsupported Perl syntax',
  repeatOp: 'invalid nested repetition operator',
  repeatSize: 'invalid repeat count',
  missingBracket: 'missing closing ]',
  missingParen: 'missing closing )',
  missingRepeatArg: 'missing argument to repetition operator',
  trailingBackslash: 'trailing backslash at end of expression',
  unexpectedParen: 'unexpected )',
  nesting: 'expression nests too deeply',
  large: 'expression too large',
} as const;

// Parser flags (Go's FoldCase, !OneLine, DotNL, NonGreedy).
const FOLD = 1;
const MULTILINE = 2;
const DOTNL = 4;
const NONGREEDY = 8;

const MAX_REPEAT = 1000; // Go: largest {n}, and largest product of nested counts
const MAX_HEIGHT = 1000; // Go: deepest parse tree
const MAX_OUTPUT = 1 << 24; // our own cap on translated class text (chars)

/** A translated piece of the concatenation being built. */
interface Node {
  src: string;
  quantifiable: boolean; // JS accepts a quantifier right after src (false for assertions, x*, a|b)
  height: number; // parse-tree height, for Go's nesting limit
  reps: number; // largest product of counted repeats inside, for Go's repeat limit
}

/** One operand of a character class: a positive set in JS class syntax, maybe negated; lo/hi for a plain range. */
interface ClassItem {
  neg: boolean;
  set: string;
  lo?: number;
  hi?: number;
}

// Go's Perl classes are ASCII-only; \s has no \v.
const PERL: Record<string, ClassItem> = {
  d: { neg: false, set: '0-9' },
  D: { neg: true, set: '0-9' },
  s: { neg: false, set: '\\t\\n\\f\\r ' },
  S: { neg: true, set: '\\t\\n\\f\\r ' },
  w: { neg: false, set: '0-9A-Za-z_' },
  W: { neg: true, set: '0-9A-Za-z_' },
};

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7f', blank: '\\t ', cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`\\{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

// Names Go's unicode package knows: general categories (Cn and LC since Go 1.25,
// when C also gained Cn, as JS's \p{C} has) and scripts up to Unicode 17 (long
// names only: grafana/regexp, like Go before 1.25, has no aliases like Grek or Letter).
const CATEGORIES = new Set('C Cc Cf Cn Co Cs L LC Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '));
const SCRIPTS = new Set((
  'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Beria_Erfe ' +
  'Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham ' +
  'Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru ' +
  'Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Garay Georgian Glagolitic Gothic Grantha Greek ' +
  'Gujarati Gunjala_Gondi Gurmukhi Gurung_Khema Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana ' +
  'Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi ' +
  'Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Kirat_Rai Lao Latin Lepcha Limbu Linear_A ' +
  'Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin ' +
  'Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar ' +
  'Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal ' +
  'Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic ' +
  'Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang ' +
  'Runic Samaritan Saurashtra Sharada Shavian Siddham Sidetic SignWriting Sinhala Sogdian Sora_Sompeng Soyombo ' +
  'Sundanese Sunuwar Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Tai_Yo Takri Tamil Tangsa ' +
  'Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Todhri Tolong_Siki Toto Tulu_Tigalari Ugaritic Vai ' +
  'Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square'
).split(' '));

function unicodeSet(name: string): string | undefined {
  if (name === 'Any') return '\\p{Any}';
  if (CATEGORIES.has(name)) return `\\p{${name}}`;
  if (SCRIPTS.has(name)) return `\\p{Script=${name}}`;
  return undefined;
}

// Characters that need a backslash outside a class, and inside a `v`-mode class.
const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const CLASS_SYNTAX = new Set('^$\\.*+?()[]{}|/&-!#%,:;<=>@`~');
const READABLE = /[\p{L}\p{N}]/u;

function esc(cp: number, inClass: boolean): string {
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  const ch = String.fromCodePoint(cp);
  if (cp < 0x80) return (inClass ? CLASS_SYNTAX : SYNTAX).has(ch) ? '\\' + ch : ch;
  return READABLE.test(ch) ? ch : `\\u{${cp.toString(16)}}`;
}

/** Sorted code points as class text, runs joined into ranges. */
function rangesText(cps: number[]): string {
  let out = '';
  for (let i = 0; i < cps.length; ) {
    let j = i;
    while (j + 1 < cps.length && cps[j + 1] === cps[j]! + 1) j++;
    out += j === i ? esc(cps[i]!, true) : esc(cps[i]!, true) + '-' + esc(cps[j]!, true);
    i = j + 1;
  }
  return out;
}

// ---- Case folding ----------------------------------------------------------

let orbitsByCp: Map<number, number[]> | undefined;
let foldable: number[] = []; // sorted keys of orbitsByCp

/**
 * Orbits of Unicode simple case folding (what Go's (?i) matches), keyed by
 * every member: k → [K, k, K]. Built once, lazily, from JS's own case
 * mappings; a pair is joined only when /iu (which also uses simple folding)
 * agrees, which drops the Turkic ı → I.
 */
function foldOrbits(): Map<number, number[]> {
  if (orbitsByCp) return orbitsByCp;
  const same = /^(.)\1$/iu;
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  // Go's folding range is U+0041..U+1E943.
  for (let cp = 0x41; cp <= 0x1e943; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    for (const t of [s.toLowerCase(), s.toUpperCase()]) {
      if (t === s) continue;
      const o = t.codePointAt(0)!;
      if (t.length !== (o > 0xffff ? 2 : 1) || !same.test(s + t)) continue;
      if (!parent.has(cp)) parent.set(cp, cp);
      if (!parent.has(o)) parent.set(o, o);
      const a = find(cp);
      const b = find(o);
      if (a !== b) parent.set(a, b);
    }
  }
  const groups = new Map<number, number[]>();
  for (const cp of parent.keys()) {
    const r = find(cp);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(cp);
  }
  orbitsByCp = new Map();
  for (const g of groups.values()) {
    g.sort((x, y) => x - y);
    for (const cp of g) orbitsByCp.set(cp, g);
  }
  foldable = [...orbitsByCp.keys()].sort((x, y) => x - y);
  return orbitsByCp;
}

/** Orbit-mates outside lo..hi of the foldable code points inside it (Go's appendFoldedRange). */
function rangeFoldExtras(lo: number, hi: number, out: number[]): void {
  const orbits = foldOrbits();
  let a = 0;
  let b = foldable.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (foldable[mid]! < lo) a = mid + 1;
    else b = mid;
  }
  for (let i = a; i < foldable.length && foldable[i]! <= hi; i++) {
    for (const m of orbits.get(foldable[i]!)!) if (m < lo || m > hi) out.push(m);
  }
}

const extrasCache = new Map<string, string>();

/** Class text for what case folding adds to a named set like \p{Lu} or \w (cached: there are few). */
function foldExtras(set: string): string {
  let text = extrasCache.get(set);
  if (text !== undefined) return text;
  const re = new RegExp(`^[${set}]$`, 'v');
  const add = new Set<number>();
  for (const [cp, orbit] of foldOrbits()) {
    if (!re.test(String.fromCodePoint(cp))) continue;
    for (const m of orbit) if (!re.test(String.fromCodePoint(m))) add.add(m);
  }
  text = rangesText([...add].sort((x, y) => x - y));
  if (extrasCache.size > 10_000) extrasCache.clear();
  extrasCache.set(set, text);
  return text;
}

const foldedClassCache = new Map<string, string>();

function classSource(items: ClassItem[], negate: boolean, fold: boolean): string {
  if (!fold) return classText(items, negate, false);
  // Folding costs a scan per operand: reuse results for repeated classes.
  const key = (negate ? '^' : '') + items.map((it) => (it.neg ? '!' : ' ') + it.set).join('\0');
  let text = foldedClassCache.get(key);
  if (text === undefined) {
    text = classText(items, negate, true);
    if (foldedClassCache.size > 10_000) foldedClassCache.clear();
    foldedClassCache.set(key, text);
  }
  return text;
}

function classText(items: ClassItem[], negate: boolean, fold: boolean): string {
  // Go folds each operand, then negates the operand (\W, \P{L}, [:^alpha:]),
  // then the whole class ([^…]).
  let pos = '';
  let negs = '';
  const extra: number[] = [];
  for (const it of items) {
    if (it.neg) negs += `[^${it.set}${fold ? foldExtras(it.set) : ''}]`;
    else {
      pos += it.set;
      if (fold && it.lo !== undefined) rangeFoldExtras(it.lo, it.hi!, extra);
      else if (fold) pos += foldExtras(it.set);
    }
  }
  if (extra.length) pos += rangesText([...new Set(extra)].sort((x, y) => x - y));
  return `[${negate ? '^' : ''}${pos}${negs}]`;
}

// ---- Parser ----------------------------------------------------------------

const code = (ch: string): number => ch.charCodeAt(0);
const BACKSLASH = code('\\'), LPAREN = code('('), RPAREN = code(')'), LBRACKET = code('['), RBRACKET = code(']');
const LBRACE = code('{'), RBRACE = code('}'), BAR = code('|'), QUEST = code('?'), STAR = code('*'), PLUS = code('+');
const CARET = code('^'), DOLLAR = code('$'), DOT = code('.'), COLON = code(':'), MINUS = code('-'), COMMA = code(',');
const LT = code('<'), GT = code('>');

const isDigit = (x: number): boolean => x >= 0x30 && x <= 0x39;
const isOctal = (x: number): boolean => x >= 0x30 && x <= 0x37;
const isAlnum = (x: number): boolean => isDigit(x) || (x >= 0x41 && x <= 0x5a) || (x >= 0x61 && x <= 0x7a);
function unhex(x: number): number {
  if (isDigit(x)) return x - 0x30;
  if (x >= 0x61 && x <= 0x66) return x - 0x61 + 10;
  if (x >= 0x41 && x <= 0x46) return x - 0x41 + 10;
  return -1;
}

const JS_GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

class Parser {
  private readonly cps: number[] = [];
  private readonly offs: number[] = []; // UTF-16 offset of each code point, plus the end
  private readonly n: number;
  private pos = 0;
  private flags = DOTNL;
  private readonly names = new Set<string>();
  private emitted = 0;

  constructor(private readonly re: string) {
    for (let i = 0; i < re.length; ) {
      const cp = re.codePointAt(i)!;
      this.cps.push(cp);
      this.offs.push(i);
      i += cp > 0xffff ? 2 : 1;
    }
    this.offs.push(re.length);
    this.n = this.cps.length;
  }

  parse(): string {
    const node = this.alternation(0);
    // alternation() stops only at the end or at a ')' with no open group.
    if (this.pos < this.n) throw new RegexSyntaxError(ERR.unexpectedParen, this.re);
    // Prometheus compiles ^(?s:re)$, one level deeper than re itself.
    if (node.height + 1 > MAX_HEIGHT) throw new RegexSyntaxError(ERR.nesting, this.re);
    return node.src;
  }

  /** An atom; counts output so (?i) expansions cannot blow up memory (Go has a similar size limit). */
  private emit(src: string): Node {
    this.emitted += src.length;
    if (this.emitted > MAX_OUTPUT) throw new RegexSyntaxError(ERR.large, this.re);
    return atom(src);
  }

  private at(i: number): number {
    return i < this.n ? this.cps[i]! : -1;
  }

  private fail(code: string, from: number, to: number): never {
    throw new RegexSyntaxError(code, this.re.slice(this.offs[from], this.offs[to]));
  }

  private alternation(depth: number): Node {
    const branches = [this.concat(depth)];
    while (this.at(this.pos) === BAR) {
      this.pos++;
      branches.push(this.concat(depth));
    }
    if (branches.length === 1) return branches[0]!;
    return combine(branches, '|');
  }

  private concat(depth: number): Node {
    const items: Node[] = [];
    let lastRepeat = -1; // start of the previous token if it was a repetition operator
    for (;;) {
      const ch = this.at(this.pos);
      if (ch === -1 || ch === BAR || ch === RPAREN) break;
      const start = this.pos;
      let repeated = false;
      switch (ch) {
        case LPAREN:
          this.group(items, depth);
          break;
        case LBRACKET:
          items.push(this.charClass());
          break;
        case STAR:
        case PLUS:
        case QUEST:
          this.pos++;
          this.repeat(items, String.fromCharCode(ch), -1, -1, start, lastRepeat);
          repeated = true;
          break;
        case LBRACE: {
          const r = this.braces();
          if (!r) {
            // Not a well-formed {n,m}: a literal brace, as in Go.
            this.pos++;
            items.push(this.literal(ch));
            break;
          }
          const [min, max, end] = r;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) this.fail(ERR.repeatSize, start, end);
          this.pos = end;
          const q = min === max ? `{${min}}` : max < 0 ? `{${min},}` : `{${min},${max}}`;
          this.repeat(items, q, min, max, start, lastRepeat);
          repeated = true;
          break;
        }
        case CARET:
          this.pos++;
          items.push(assertion(this.flags & MULTILINE ? '(?<![^\\n])' : '^'));
          break;
        case DOLLAR:
          this.pos++;
          items.push(assertion(this.flags & MULTILINE ? '(?![^\\n])' : '$'));
          break;
        case DOT:
          this.pos++;
          items.push(atom(this.flags & DOTNL ? '.' : '[^\\n]'));
          break;
        case BACKSLASH:
          this.escape(items);
          break;
        default:
          this.pos++;
          items.push(this.literal(ch));
      }
      lastRepeat = repeated ? start : -1;
    }
    if (items.length === 0) return { src: '', quantifiable: false, height: 1, reps: 1 };
    if (items.length === 1) return items[0]!;
    return combine(items, '');
  }

  /** Applies *, +, ?, {n,m} (min/max -1 for the first three) to the last item. */
  private repeat(items: Node[], q: string, min: number, max: number, start: number, lastRepeat: number): void {
    let lazy = false;
    if (this.at(this.pos) === QUEST) {
      this.pos++;
      lazy = true;
    }
    // Go rejects stacked operators (a**, a{2}{3}, a*+), but allows x*? (lazy).
    if (lastRepeat >= 0) this.fail(ERR.repeatOp, lastRepeat, this.pos);
    const sub = items.pop();
    if (!sub) this.fail(ERR.missingRepeatArg, start, this.pos);
    let reps = sub.reps;
    if (q.startsWith('{')) {
      const m = max < 0 ? min : max;
      reps = m === 0 ? 1 : m * sub.reps;
      if ((min >= 2 || max >= 2) && reps > MAX_REPEAT) this.fail(ERR.repeatSize, start, this.pos);
    }
    if (this.flags & NONGREEDY) lazy = !lazy;
    items.push({
      src: (sub.quantifiable ? sub.src : `(?:${sub.src})`) + q + (lazy ? '?' : ''),
      quantifiable: false,
      height: sub.height + 1,
      reps,
    });
  }

  /** Parses {n}, {n,} or {n,m} at pos as Go does: [min, max (-1: none), end] or undefined if malformed. */
  private braces(): [number, number, number] | undefined {
    let p = this.pos + 1;
    const int = (): number | undefined => {
      if (!isDigit(this.at(p))) return undefined;
      if (this.at(p) === 0x30 && isDigit(this.at(p + 1))) return undefined; // no leading zeros
      let v = 0;
      for (; isDigit(this.at(p)); p++) if (v >= 0) v = v >= 1e8 ? -1 : v * 10 + this.at(p) - 0x30;
      return v;
    };
    let min = int();
    if (min === undefined) return undefined;
    let max = min;
    if (this.at(p) === COMMA) {
      p++;
      if (this.at(p) === RBRACE) max = -1;
      else {
        const m = int();
        if (m === undefined) return undefined;
        max = m;
        if (m < 0) min = -1; // too big
      }
    }
    if (this.at(p) !== RBRACE) return undefined;
    return [min, max, p + 1];
  }

  private literal(cp: number): Node {
    if (this.flags & FOLD) {
      const orbit = foldOrbits().get(cp);
      if (orbit) return this.emit(`[${orbit.map((m) => esc(m, true)).join('')}]`);
    }
    return atom(esc(cp, false));
  }

  private group(items: Node[], depth: number): void {
    const start = this.pos;
    const saved = this.flags;
    let open = '(';
    if (this.at(start + 1) !== QUEST) {
      this.pos++;
    } else if ((this.at(start + 2) === code('P') && this.at(start + 3) === LT && this.n - start > 4) || (this.at(start + 2) === LT && this.n - start > 3)) {
      // (?P<name>re) or (?<name>re)
      const nameStart = this.at(start + 2) === LT ? start + 3 : start + 4;
      let end = start;
      while (end < this.n && this.cps[end] !== GT) end++;
      if (end >= this.n) this.fail(ERR.namedCapture, start, this.n);
      const name = this.re.slice(this.offs[nameStart], this.offs[end]);
      if (!/^[A-Za-z0-9_]+$/.test(name)) this.fail(ERR.namedCapture, start, end + 1);
      // JS names cannot start with a digit or repeat (Go allows both): keep the group, drop the name.
      if (JS_GROUP_NAME.test(name) && !this.names.has(name)) {
        this.names.add(name);
        open = `(?<${name}>`;
      }
      this.pos = end + 1;
    } else {
      // (?flags) or (?flags:re), flags from imsU with at most one '-'.
      let p = start + 2;
      let flags = this.flags;
      let sign = 1;
      let sawFlag = false;
      for (;;) {
        const ch = this.at(p);
        if (ch === -1) break;
        p++;
        const bit = ch === code('i') ? FOLD : ch === code('m') ? MULTILINE : ch === code('s') ? DOTNL : ch === code('U') ? NONGREEDY : 0;
        if (bit) {
          flags = sign > 0 ? flags | bit : flags & ~bit;
          sawFlag = true;
          continue;
        }
        if (ch === MINUS && sign > 0) {
          sign = -1;
          sawFlag = false;
          continue;
        }
        if ((ch === COLON || ch === RPAREN) && (sign > 0 || sawFlag)) {
          this.pos = p;
          if (ch === RPAREN) {
            // Flags for the rest of the enclosing group; adds no item.
            this.flags = flags;
            return;
          }
          this.flags = flags;
          open = '(?:';
          break;
        }
        this.fail(ERR.perlOp, start, p);
      }
      if (open === '(') this.fail(ERR.perlOp, start, p);
    }
    // Go would reject far deeper trees; stop before the JS stack does.
    if (depth >= MAX_HEIGHT) throw new RegexSyntaxError(ERR.nesting, this.re);
    const inner = this.alternation(depth + 1);
    if (this.at(this.pos) !== RPAREN) throw new RegexSyntaxError(ERR.missingParen, this.re);
    this.pos++;
    this.flags = saved;
    const capture = open !== '(?:';
    const height = inner.height + (capture ? 1 : 0);
    if (height > MAX_HEIGHT) throw new RegexSyntaxError(ERR.nesting, this.re);
    items.push({ src: `${open}${inner.src})`, quantifiable: true, height, reps: inner.reps });
  }

  private escape(items: Node[]): void {
    const e = this.at(this.pos + 1);
    switch (e) {
      case code('A'):
        this.pos += 2;
        items.push(assertion('^'));
        return;
      case code('z'):
        this.pos += 2;
        items.push(assertion('$'));
        return;
      case code('b'):
      case code('B'):
        this.pos += 2;
        items.push(assertion('\\' + String.fromCharCode(e)));
        return;
      case code('C'):
        return this.fail(ERR.escape, this.pos, this.pos + 2);
      case code('Q'): {
        // \Q…\E: literal text up to \E or the end.
        let p = this.pos + 2;
        while (p < this.n && !(this.cps[p] === BACKSLASH && this.cps[p + 1] === code('E'))) items.push(this.literal(this.cps[p++]!));
        this.pos = Math.min(p + 2, this.n);
        return;
      }
      case code('p'):
      case code('P'):
        items.push(this.emit(classSource([this.unicodeClass()], false, (this.flags & FOLD) !== 0)));
        return;
    }
    const perl = e >= 0 ? PERL[String.fromCharCode(e)] : undefined;
    if (perl) {
      this.pos += 2;
      items.push(this.emit(classSource([perl], false, (this.flags & FOLD) !== 0)));
      return;
    }
    items.push(this.literal(this.escapeChar()));
  }

  /** A single-character escape at pos (Go's parseEscape). */
  private escapeChar(): number {
    const start = this.pos;
    const ch = this.at(start + 1);
    if (ch === -1) throw new RegexSyntaxError(ERR.trailingBackslash, '');
    this.pos = start + 2;
    // Escaped ASCII punctuation is always itself (\-, \/, \_, \", …).
    if (ch < 0x80 && !isAlnum(ch)) return ch;
    if (isOctal(ch) && (ch === 0x30 || isOctal(this.at(this.pos)))) {
      // \0, \012: up to three octal digits. A lone \1-\7 would be a backreference: rejected below.
      let r = ch - 0x30;
      for (let i = 1; i < 3 && isOctal(this.at(this.pos)); i++) r = r * 8 + this.cps[this.pos++]! - 0x30;
      return r;
    }
    if (ch === code('x') && this.pos < this.n) {
      const x = this.cps[this.pos++]!;
      if (x === LBRACE) {
        let r = 0;
        let digits = 0;
        for (;;) {
          const h = this.at(this.pos);
          if (h === -1) break;
          this.pos++;
          if (h === RBRACE) {
            if (digits > 0) return r;
            break;
          }
          const v = unhex(h);
          if (v < 0) break;
          r = r * 16 + v;
          if (r > 0x10ffff) break;
          digits++;
        }
      } else {
        const y = this.at(this.pos);
        if (y !== -1) this.pos++;
        if (unhex(x) >= 0 && unhex(y) >= 0) return unhex(x) * 16 + unhex(y);
      }
    }
    const simple = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 }[String.fromCharCode(ch)];
    if (simple !== undefined) return simple;
    this.fail(ERR.escape, start, this.pos);
  }

  /** \pL, \p{Greek}, \PL, \p{^Greek} at pos. */
  private unicodeClass(): ClassItem {
    const start = this.pos;
    let neg = this.at(start + 1) === code('P');
    this.pos = start + 2;
    let name: string;
    if (this.at(this.pos) !== LBRACE) {
      const ch = this.at(this.pos);
      name = ch === -1 ? '' : String.fromCodePoint(ch);
      if (ch !== -1) this.pos++;
    } else {
      let end = this.pos;
      while (end < this.n && this.cps[end] !== RBRACE) end++;
      if (end >= this.n) this.fail(ERR.charRange, start, this.n);
      name = this.re.slice(this.offs[this.pos + 1], this.offs[end]);
      this.pos = end + 1;
    }
    if (name.startsWith('^')) {
      neg = !neg;
      name = name.slice(1);
    }
    const set = unicodeSet(name);
    if (set === undefined) this.fail(ERR.charRange, start, this.pos);
    return { neg, set };
  }

  /** A bracket expression at pos (Go's parseClass). */
  private charClass(): Node {
    const start = this.pos++;
    let negate = false;
    if (this.at(this.pos) === CARET) {
      negate = true;
      this.pos++;
    }
    const items: ClassItem[] = [];
    // ']' right after '[' or '[^' is a literal; '-' is literal at either end.
    for (let first = true; first || this.at(this.pos) !== RBRACKET; first = false) {
      const ch = this.at(this.pos);
      const next = this.at(this.pos + 1);
      if (ch === LBRACKET && next === COLON && this.pos + 2 < this.n) {
        // [:alpha:] / [:^alpha:]; without a later ":]" the '[' is a plain character.
        let end = this.pos + 2;
        while (end + 1 < this.n && !(this.cps[end] === COLON && this.cps[end + 1] === RBRACKET)) end++;
        if (end + 1 < this.n) {
          const full = this.re.slice(this.offs[this.pos], this.offs[end + 2]);
          const neg = full[2] === '^';
          const name = full.slice(neg ? 3 : 2, -2);
          const set = Object.hasOwn(POSIX, name) ? POSIX[name] : undefined;
          if (set === undefined) this.fail(ERR.charRange, this.pos, end + 2);
          items.push({ neg, set });
          this.pos = end + 2;
          continue;
        }
      }
      if (ch === BACKSLASH && (next === code('p') || next === code('P'))) {
        items.push(this.unicodeClass());
        continue;
      }
      const perl = ch === BACKSLASH && next >= 0 ? PERL[String.fromCharCode(next)] : undefined;
      if (perl) {
        items.push(perl);
        this.pos += 2;
        continue;
      }
      const rangeStart = this.pos;
      const lo = this.classChar(start);
      let hi = lo;
      if (this.at(this.pos) === MINUS && this.at(this.pos + 1) !== RBRACKET && this.at(this.pos + 1) !== -1) {
        this.pos++;
        hi = this.classChar(start);
        if (hi < lo) this.fail(ERR.charRange, rangeStart, this.pos);
      }
      items.push({ neg: false, set: lo === hi ? esc(lo, true) : `${esc(lo, true)}-${esc(hi, true)}`, lo, hi });
    }
    this.pos++;
    return this.emit(classSource(items, negate, (this.flags & FOLD) !== 0));
  }

  private classChar(classStart: number): number {
    const ch = this.at(this.pos);
    if (ch === -1) this.fail(ERR.missingBracket, classStart, this.n);
    if (ch === BACKSLASH) return this.escapeChar();
    this.pos++;
    return ch;
  }
}

/** Concatenation or alternation of several nodes (loops, not Math.max(...), for huge alternations). */
function combine(nodes: Node[], sep: string): Node {
  let height = 0;
  let reps = 1;
  for (const x of nodes) {
    if (x.height > height) height = x.height;
    if (x.reps > reps) reps = x.reps;
  }
  return { src: nodes.map((x) => x.src).join(sep), quantifiable: false, height: height + 1, reps };
}

function atom(src: string): Node {
  return { src, quantifiable: true, height: 1, reps: 1 };
}

// JS (u/v mode) cannot quantify assertions directly; Go can (^*), so they get wrapped when quantified.
function assertion(src: string): Node {
  return { src, quantifiable: false, height: 1, reps: 1 };
}

/**
 * Translates an RE2 pattern into JS RegExp source for the flags `sv` (not anchored).
 * Throws RegexSyntaxError for what Go's regexp/syntax rejects.
 */
export function re2ToJs(re: string): string {
  return new Parser(re).parse();
}

const cache = new Map<string, RegExp>();

/** Compiles a Prometheus label regex: fully anchored, `.` matches newline. Cached by pattern. */
export function compileAnchored(re: string): RegExp {
  let r = cache.get(re);
  if (r) return r;
  r = new RegExp('^(?:' + re2ToJs(re) + ')$', 'sv');
  if (cache.size > 10_000) cache.clear();
  cache.set(re, r);
  return r;
}
