// The PromQL lexer, following Prometheus's promql/parser/lex.go state by
// state. Prometheus's error messages and positions come from this lexer and
// from its yacc grammar's reactions to the token stream, so we reproduce the
// token stream exactly (number/duration scanning quirks, keyword folding,
// bracket and brace modes) rather than lexing "something equivalent".
//
// Positions: the lexer walks the JS string (UTF-16 units) and reports
// positions as UTF-8 byte offsets, as Prometheus does.


export const T = {
  EOF: 0,
  ERROR: 1,
  COMMENT: 2,
  IDENTIFIER: 3,
  METRIC_IDENTIFIER: 4,
  NUMBER: 5,
  DURATION: 6,
  STRING: 7,
  LEFT_PAREN: 8,
  RIGHT_PAREN: 9,
  LEFT_BRACE: 10,
  RIGHT_BRACE: 11,
  LEFT_BRACKET: 12,
  RIGHT_BRACKET: 13,
  COMMA: 14,
  EQL: 15,
  COLON: 16,
  // Operators.
  ADD: 20,
  DIV: 21,
  EQLC: 22,
  EQL_REGEX: 23,
  GTE: 24,
  GTR: 25,
  TRIM_UPPER: 26,
  TRIM_LOWER: 27,
  LAND: 28,
  LOR: 29,
  LSS: 30,
  LTE: 31,
  LUNLESS: 32,
  MOD: 33,
  MUL: 34,
  NEQ: 35,
  NEQ_REGEX: 36,
  POW: 37,
  SUB: 38,
  AT: 39,
  ATAN2: 40,
  // Aggregators.
  AVG: 50,
  BOTTOMK: 51,
  COUNT: 52,
  COUNT_VALUES: 53,
  GROUP: 54,
  MAX: 55,
  MIN: 56,
  QUANTILE: 57,
  STDDEV: 58,
  STDVAR: 59,
  SUM: 60,
  TOPK: 61,
  LIMITK: 62,
  LIMIT_RATIO: 63,
  // Keywords.
  BOOL: 70,
  BY: 71,
  GROUP_LEFT: 72,
  GROUP_RIGHT: 73,
  FILL: 74,
  FILL_LEFT: 75,
  FILL_RIGHT: 76,
  IGNORING: 77,
  OFFSET: 78,
  SMOOTHED: 79,
  ANCHORED: 80,
  ON: 81,
  WITHOUT: 82,
  // Preprocessors.
  START: 90,
  END: 91,
  STEP: 92,
  RANGE: 93,
  MAX_OF: 94,
  MIN_OF: 95,
} as const;

export type ItemType = (typeof T)[keyof typeof T];

export interface Token {
  typ: ItemType;
  /** Start, UTF-8 byte offset. */
  pos: number;
  /** End, UTF-8 byte offset (pos + byte length of val). */
  end: number;
  /** The token text; for ERROR the message. */
  val: string;
}

export const isOperator = (t: number): boolean => t >= T.ADD && t <= T.ATAN2;
export const isAggregator = (t: number): boolean => t >= T.AVG && t <= T.LIMIT_RATIO;
export const isKeyword = (t: number): boolean => t >= T.BOOL && t <= T.WITHOUT;
export const isComparisonOperator = (t: number): boolean =>
  t === T.EQLC || t === T.NEQ || t === T.LTE || t === T.LSS || t === T.GTE || t === T.GTR;
export const isSetOperator = (t: number): boolean => t === T.LAND || t === T.LOR || t === T.LUNLESS;
export const isAggregatorWithParam = (t: number): boolean =>
  t === T.TOPK || t === T.BOTTOMK || t === T.COUNT_VALUES || t === T.QUANTILE || t === T.LIMITK || t === T.LIMIT_RATIO;

/** Lower-case words the lexer turns into keyword tokens (lex.go `key`). */
const KEY: Record<string, ItemType> = {
  and: T.LAND,
  or: T.LOR,
  unless: T.LUNLESS,
  atan2: T.ATAN2,
  sum: T.SUM,
  avg: T.AVG,
  count: T.COUNT,
  min: T.MIN,
  max: T.MAX,
  group: T.GROUP,
  stddev: T.STDDEV,
  stdvar: T.STDVAR,
  topk: T.TOPK,
  bottomk: T.BOTTOMK,
  count_values: T.COUNT_VALUES,
  quantile: T.QUANTILE,
  limitk: T.LIMITK,
  limit_ratio: T.LIMIT_RATIO,
  offset: T.OFFSET,
  smoothed: T.SMOOTHED,
  anchored: T.ANCHORED,
  by: T.BY,
  without: T.WITHOUT,
  on: T.ON,
  ignoring: T.IGNORING,
  group_left: T.GROUP_LEFT,
  group_right: T.GROUP_RIGHT,
  fill: T.FILL,
  fill_left: T.FILL_LEFT,
  fill_right: T.FILL_RIGHT,
  bool: T.BOOL,
  start: T.START,
  end: T.END,
  step: T.STEP,
  range: T.RANGE,
  max_of: T.MAX_OF,
  min_of: T.MIN_OF,
  inf: T.NUMBER,
  nan: T.NUMBER,
};

/** The fixed spellings Prometheus prints for token types (lex.go ItemTypeStr). */
export const ITEM_TYPE_STR = new Map<number, string>([
  [T.LEFT_PAREN, '('],
  [T.RIGHT_PAREN, ')'],
  [T.LEFT_BRACE, '{'],
  [T.RIGHT_BRACE, '}'],
  [T.LEFT_BRACKET, '['],
  [T.RIGHT_BRACKET, ']'],
  [T.COMMA, ','],
  [T.EQL, '='],
  [T.COLON, ':'],
  [T.SUB, '-'],
  [T.ADD, '+'],
  [T.MUL, '*'],
  [T.MOD, '%'],
  [T.DIV, '/'],
  [T.EQLC, '=='],
  [T.NEQ, '!='],
  [T.LTE, '<='],
  [T.LSS, '<'],
  [T.GTE, '>='],
  [T.GTR, '>'],
  [T.TRIM_UPPER, '</'],
  [T.TRIM_LOWER, '>/'],
  [T.EQL_REGEX, '=~'],
  [T.NEQ_REGEX, '!~'],
  [T.POW, '^'],
  [T.AT, '@'],
]);
for (const [word, typ] of Object.entries(KEY)) if (typ !== T.NUMBER) ITEM_TYPE_STR.set(typ, word);

const EOF = -1;
const RUNE_ERROR = 0xfffd;

const isSpace = (r: number): boolean => r === 32 || r === 9 || r === 10 || r === 13;
const isDigit = (r: number): boolean => r >= 48 && r <= 57;
const isAlpha = (r: number): boolean => r === 95 || (r >= 97 && r <= 122) || (r >= 65 && r <= 90);
const isAlphaNumeric = (r: number): boolean => isAlpha(r) || isDigit(r);
const isEndOfLine = (r: number): boolean => r === 13 || r === 10;

const DEC = '0123456789';
const HEX = '0123456789abcdefABCDEF';
const DURATION_KEYWORDS: Record<string, ItemType> = { step: T.STEP, range: T.RANGE, max_of: T.MAX_OF, min_of: T.MIN_OF };
const isDurationKeywordStartChar = (r: number): boolean => {
  const c = r >= 65 && r <= 90 ? r + 32 : r;
  return c === 115 /* s */ || c === 114 /* r */ || c === 109; /* m */
};

type StateFn = ((l: Lexer) => StateFn) | null;

/** Go's %q for a rune (strconv.QuoteRune). */
export function quoteRune(r: number): string {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = RUNE_ERROR;
  switch (r) {
    case 0x27: return "'\\''";
    case 0x5c: return "'\\\\'";
    case 0x07: return "'\\a'";
    case 0x08: return "'\\b'";
    case 0x0c: return "'\\f'";
    case 0x0a: return "'\\n'";
    case 0x0d: return "'\\r'";
    case 0x09: return "'\\t'";
    case 0x0b: return "'\\v'";
  }
  if (r < 0x20 || r === 0x7f) return `'\\x${r.toString(16).padStart(2, '0')}'`;
  if (r >= 0x80 && r < 0xa0) return `'\\u${r.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCodePoint(r)}'`;
}

/** Go's %#U for a rune: U+0063 'c'. */
function runeU(r: number): string {
  if (r < 0) r = RUNE_ERROR;
  const hex = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  const printable = !(r < 0x20 || r === 0x7f || (r >= 0x80 && r < 0xa0));
  return printable ? `${hex} '${String.fromCodePoint(r)}'` : hex;
}

/** UTF-8 byte offsets for the UTF-16 indexes of a non-ASCII string. */
function byteOffsets(s: string): Uint32Array {
  const out = new Uint32Array(s.length + 1);
  let b = 0;
  for (let i = 0; i < s.length; i++) {
    out[i] = b;
    const c = s.charCodeAt(i);
    if (c < 0x80) b += 1;
    else if (c < 0x800) b += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out[i + 1] = b; // never a token boundary
        b += 4;
        i++;
        continue;
      }
      b += 3;
    } else b += 3; // BMP char or lone surrogate (encoded as U+FFFD)
  }
  out[s.length] = b;
  return out;
}

const ASCII_RE = /^[\x00-\x7f]*$/;

export class Lexer {
  readonly input: string;
  pos = 0;
  start = 0;
  width = 0;
  parenDepth = 0;
  braceOpen = false;
  bracketOpen = false;
  gotColon = false;
  gotDuration = false;
  stringOpen = 0;
  private state: StateFn = lexStatements;
  private item: Token | null = null;
  /** UTF-16 index → UTF-8 byte offset, or null for ASCII input (identity). */
  readonly bytes: Uint32Array | null;

  constructor(input: string) {
    this.input = input;
    this.bytes = ASCII_RE.test(input) ? null : byteOffsets(input);
  }

  /** Byte offset of a UTF-16 index. */
  b(i: number): number {
    return this.bytes ? this.bytes[i]! : i;
  }

  next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const c = this.input.charCodeAt(this.pos);
    if (c >= 0xd800 && c <= 0xdbff && this.pos + 1 < this.input.length) {
      const d = this.input.charCodeAt(this.pos + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        this.width = 2;
        this.pos += 2;
        return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
      }
    }
    this.width = 1;
    this.pos += 1;
    return c >= 0xd800 && c <= 0xdfff ? RUNE_ERROR : c;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    this.pos -= this.width;
  }

  emit(typ: ItemType): void {
    this.item = { typ, pos: this.b(this.start), end: this.b(this.pos), val: this.input.slice(this.start, this.pos) };
    this.start = this.pos;
  }

  ignore(): void {
    this.start = this.pos;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && r < 128 && valid.includes(String.fromCharCode(r))) return true;
    this.backup();
    return false;
  }

  is(valid: string): boolean {
    const r = this.peek();
    return r !== EOF && r < 128 && valid.includes(String.fromCharCode(r));
  }

  acceptRun(valid: string): void {
    while (this.accept(valid)) {
      /* consume */
    }
  }

  errorf(msg: string): StateFn {
    // Prometheus reports lexer errors from the item start to the end of input.
    this.item = { typ: T.ERROR, pos: this.b(this.start), end: this.b(this.input.length), val: msg };
    return null;
  }

  /** The next token; after EOF or ERROR keeps returning EOF. */
  nextItem(): Token {
    this.item = null;
    if (this.state === null) {
      this.emit(T.EOF);
    } else {
      while (this.item === null && this.state !== null) this.state = this.state(this);
      if (this.item === null) this.emit(T.EOF);
    }
    const it = this.item!;
    if (it.typ === T.ERROR) this.state = null;
    return it;
  }

  scanNumber(): boolean {
    const initialPos = this.pos;
    let digitPattern = DEC;
    if (this.accept('0') && this.accept('xX')) {
      this.accept('_'); // e.g. 0X_1FFFP-16
      digitPattern = HEX;
    }
    this.accept('.');
    this.accept(digitPattern);
    let dotConsumed = false;
    let exponentConsumed = false;
    const loopSet = digitPattern + '._eE';
    while (this.is(loopSet)) {
      if (this.is('.') && dotConsumed) {
        this.accept('.');
        return false;
      }
      if (this.is('eE') && exponentConsumed) {
        this.accept('eE');
        return false;
      }
      if (this.accept('.')) {
        dotConsumed = true;
        if (this.accept('_.')) return false;
        if (digitPattern.length > 10) return false; // no fractional hex literals
        continue;
      }
      if (this.accept('eE')) {
        exponentConsumed = true;
        this.accept('+-');
        if (this.accept('._eE') || this.peek() === EOF) return false;
        continue;
      }
      if (this.accept('_')) {
        if (this.accept('._eE') || this.peek() === EOF) return false;
        continue;
      }
      this.acceptRun(digitPattern);
    }
    if (this.pos === initialPos) return false;
    return !isAlphaNumeric(this.peek());
  }

  scanDurationKeyword(): boolean {
    for (;;) {
      const r = this.next();
      if (isAlpha(r)) continue;
      this.backup();
      const word = this.input.slice(this.start, this.pos).toLowerCase();
      const tok = DURATION_KEYWORDS[word];
      if (tok !== undefined) {
        this.emit(tok);
        return true;
      }
      return false;
    }
  }

  /** For fill/fill_left/fill_right: a keyword only when '(' follows. */
  peekFollowedByLeftParen(): boolean {
    for (let p = this.pos; p < this.input.length; p++) {
      const c = this.input.charCodeAt(p);
      if (!isSpace(c)) return c === 40;
    }
    return false;
  }
}

function lexStatements(l: Lexer): StateFn {
  if (l.braceOpen) return lexInsideBraces;
  if (l.input.startsWith('#', l.pos)) return lexLineComment;
  const r = l.next();
  if (r === EOF) {
    if (l.parenDepth !== 0) return l.errorf('unclosed left parenthesis');
    if (l.bracketOpen) return l.errorf('unclosed left bracket');
    l.emit(T.EOF);
    return null;
  }
  switch (r) {
    case 44: l.emit(T.COMMA); return lexStatements;
    case 42: l.emit(T.MUL); return lexStatements;
    case 47: l.emit(T.DIV); return lexStatements;
    case 37: l.emit(T.MOD); return lexStatements;
    case 43: l.emit(T.ADD); return lexStatements;
    case 45: l.emit(T.SUB); return lexStatements;
    case 94: l.emit(T.POW); return lexStatements;
    case 61: { // =
      const t = l.peek();
      if (t === 61) {
        l.next();
        l.emit(T.EQLC);
      } else if (t === 126) {
        return l.errorf(`unexpected character after '=': ${quoteRune(t)}`);
      } else l.emit(T.EQL);
      return lexStatements;
    }
    case 33: { // !
      const t = l.next();
      if (t !== 61) return l.errorf(`unexpected character after '!': ${quoteRune(t)}`);
      l.emit(T.NEQ);
      return lexStatements;
    }
    case 60: { // <
      const t = l.peek();
      if (t === 61) {
        l.next();
        l.emit(T.LTE);
      } else if (t === 47) {
        l.next();
        l.emit(T.TRIM_UPPER);
      } else l.emit(T.LSS);
      return lexStatements;
    }
    case 62: { // >
      const t = l.peek();
      if (t === 61) {
        l.next();
        l.emit(T.GTE);
      } else if (t === 47) {
        l.next();
        l.emit(T.TRIM_LOWER);
      } else l.emit(T.GTR);
      return lexStatements;
    }
  }
  if (isSpace(r)) return lexSpace;
  if (isDigit(r) || (r === 46 && isDigit(l.peek()))) {
    l.backup();
    return lexNumberOrDuration;
  }
  if (r === 34 || r === 39) {
    l.stringOpen = r;
    return lexString;
  }
  if (r === 96) {
    l.stringOpen = r;
    return lexRawString;
  }
  if (isAlpha(r) || r === 58) {
    if (!l.bracketOpen) {
      l.backup();
      return lexKeywordOrIdentifier;
    }
    if (r === 58) {
      if (l.gotColon) return l.errorf(`unexpected colon ${quoteRune(r)}`);
      l.emit(T.COLON);
      l.gotColon = true;
      return lexStatements;
    }
    if (isDurationKeywordStartChar(r) && l.scanDurationKeyword()) return lexStatements;
    return l.errorf(`unexpected character: ${quoteRune(r)}, expected ':'`);
  }
  switch (r) {
    case 40: // (
      l.emit(T.LEFT_PAREN);
      l.parenDepth++;
      return lexStatements;
    case 41: // )
      l.emit(T.RIGHT_PAREN);
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf(`unexpected right parenthesis ${quoteRune(r)}`);
      return lexStatements;
    case 123: // {
      l.emit(T.LEFT_BRACE);
      l.braceOpen = true;
      return lexInsideBraces;
    case 91: // [
      if (l.bracketOpen) return l.errorf(`unexpected left bracket ${quoteRune(r)}`);
      l.gotColon = false;
      l.emit(T.LEFT_BRACKET);
      if (isSpace(l.peek())) skipSpaces(l);
      l.bracketOpen = true;
      return lexDurationExpr;
    case 93: // ]
      if (!l.bracketOpen) return l.errorf(`unexpected right bracket ${quoteRune(r)}`);
      l.emit(T.RIGHT_BRACKET);
      l.bracketOpen = false;
      return lexStatements;
    case 64: // @
      l.emit(T.AT);
      return lexStatements;
  }
  return l.errorf(`unexpected character: ${quoteRune(r)}`);
}

function lexInsideBraces(l: Lexer): StateFn {
  if (l.input.startsWith('#', l.pos)) return lexLineComment;
  const r = l.next();
  if (r === EOF) return l.errorf('unexpected end of input inside braces');
  if (isSpace(r)) return lexSpace;
  if (isAlpha(r)) {
    l.backup();
    return lexIdentifier;
  }
  switch (r) {
    case 44: l.emit(T.COMMA); return lexInsideBraces;
    case 34: case 39: l.stringOpen = r; return lexString;
    case 96: l.stringOpen = r; return lexRawString;
    case 61: // =
      if (l.next() === 126) {
        l.emit(T.EQL_REGEX);
        return lexInsideBraces;
      }
      l.backup();
      l.emit(T.EQL);
      return lexInsideBraces;
    case 33: { // !
      const nr = l.next();
      if (nr === 126) l.emit(T.NEQ_REGEX);
      else if (nr === 61) l.emit(T.NEQ);
      else return l.errorf(`unexpected character after '!' inside braces: ${quoteRune(nr)}`);
      return lexInsideBraces;
    }
    case 123: return l.errorf(`unexpected left brace ${quoteRune(r)}`);
    case 125: // }
      l.emit(T.RIGHT_BRACE);
      l.braceOpen = false;
      return lexStatements;
  }
  return l.errorf(`unexpected character inside braces: ${quoteRune(r)}`);
}

function lexEscape(l: Lexer): StateFn {
  let ch = l.next();
  let n: number;
  let base: number;
  let max: number;
  switch (ch) {
    case 97: case 98: case 102: case 110: case 114: case 116: case 118: case 92:
      return lexString;
    case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55:
      n = 3; base = 8; max = 255;
      break;
    case 120: // x
      ch = l.next(); n = 2; base = 16; max = 255;
      break;
    case 117: // u
      ch = l.next(); n = 4; base = 16; max = 0x10ffff;
      break;
    case 85: // U
      ch = l.next(); n = 8; base = 16; max = 0x10ffff;
      break;
    case EOF:
      return l.errorf('escape sequence not terminated');
    default:
      if (ch === l.stringOpen) return lexString;
      return l.errorf(`unknown escape sequence ${runeU(ch)}`);
  }
  let x = 0;
  while (n > 0) {
    const d = digitVal(ch);
    if (d >= base) {
      if (ch === EOF) return l.errorf('escape sequence not terminated');
      return l.errorf(`illegal character ${runeU(ch)} in escape sequence`);
    }
    x = x * base + d;
    n--;
    if (n > 0) ch = l.next();
  }
  if (x > max || (x >= 0xd800 && x < 0xe000)) return l.errorf('escape sequence is an invalid Unicode code point');
  return lexString;
}

function digitVal(ch: number): number {
  if (ch >= 48 && ch <= 57) return ch - 48;
  if (ch >= 97 && ch <= 102) return ch - 97 + 10;
  if (ch >= 65 && ch <= 70) return ch - 65 + 10;
  return 16;
}

function skipSpaces(l: Lexer): void {
  while (isSpace(l.peek())) l.next();
  l.ignore();
}

function lexString(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (r === 92) return lexEscape;
    if (r === RUNE_ERROR) return l.errorf('invalid UTF-8 rune');
    if (r === EOF || r === 10) return l.errorf('unterminated quoted string');
    if (r === l.stringOpen) break;
  }
  l.emit(T.STRING);
  return lexStatements;
}

function lexRawString(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (r === RUNE_ERROR) return l.errorf('invalid UTF-8 rune');
    if (r === EOF) return l.errorf('unterminated raw string');
    if (r === l.stringOpen) break;
  }
  l.emit(T.STRING);
  return lexStatements;
}

function lexSpace(l: Lexer): StateFn {
  while (isSpace(l.peek())) l.next();
  l.ignore();
  return lexStatements;
}

function lexLineComment(l: Lexer): StateFn {
  l.pos += 1;
  let r = l.next();
  while (!isEndOfLine(r) && r !== EOF) r = l.next();
  l.backup();
  l.emit(T.COMMENT);
  return lexStatements;
}

function lexNumberOrDuration(l: Lexer): StateFn {
  if (l.scanNumber()) {
    l.emit(T.NUMBER);
    return lexStatements;
  }
  if (acceptRemainingDuration(l)) {
    l.backup();
    l.emit(T.DURATION);
    return lexStatements;
  }
  return l.errorf(`bad number or duration syntax: ${goQuoteString(l.input.slice(l.start, l.pos))}`);
}

function acceptRemainingDuration(l: Lexer): boolean {
  if (!l.accept('smhdwy')) return false;
  l.accept('s'); // ms; bad units like hs are caught by the duration parser
  while (l.accept(DEC)) {
    while (l.accept(DEC)) {
      /* digits */
    }
    if (!l.accept('smhdw')) return false;
    l.accept('s');
  }
  return !isAlphaNumeric(l.next());
}

function lexIdentifier(l: Lexer): StateFn {
  while (isAlphaNumeric(l.next())) {
    /* absorb */
  }
  l.backup();
  l.emit(T.IDENTIFIER);
  return lexStatements;
}

function lexKeywordOrIdentifier(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r) || r === 58) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    const kw = KEY[word.toLowerCase()];
    if (kw !== undefined) {
      if ((kw === T.FILL || kw === T.FILL_LEFT || kw === T.FILL_RIGHT) && !l.peekFollowedByLeftParen()) l.emit(T.IDENTIFIER);
      else l.emit(kw);
    } else if (!word.includes(':')) l.emit(T.IDENTIFIER);
    else l.emit(T.METRIC_IDENTIFIER);
    return lexStatements;
  }
}

function lexDurationExpr(l: Lexer): StateFn {
  const r = l.next();
  if (r === EOF) return l.errorf('unexpected end of input in duration expression');
  switch (r) {
    case 93: // ]
      l.emit(T.RIGHT_BRACKET);
      l.bracketOpen = false;
      l.gotColon = false;
      return lexStatements;
    case 58: // :
      l.emit(T.COLON);
      if (!l.gotDuration) return l.errorf('unexpected colon before duration in duration expression');
      if (l.gotColon) return l.errorf('unexpected repeated colon in duration expression');
      l.gotColon = true;
      return lexDurationExpr;
    case 40:
      l.emit(T.LEFT_PAREN);
      l.parenDepth++;
      return lexDurationExpr;
    case 41:
      l.emit(T.RIGHT_PAREN);
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf(`unexpected right parenthesis ${quoteRune(r)}`);
      return lexDurationExpr;
    case 43: l.emit(T.ADD); return lexDurationExpr;
    case 45: l.emit(T.SUB); return lexDurationExpr;
    case 42: l.emit(T.MUL); return lexDurationExpr;
    case 47: l.emit(T.DIV); return lexDurationExpr;
    case 37: l.emit(T.MOD); return lexDurationExpr;
    case 94: l.emit(T.POW); return lexDurationExpr;
    case 44: l.emit(T.COMMA); return lexDurationExpr;
  }
  if (isSpace(r)) {
    skipSpaces(l);
    return lexDurationExpr;
  }
  if (isDurationKeywordStartChar(r)) {
    if (l.scanDurationKeyword()) return lexDurationExpr;
    return l.errorf(`unexpected character in duration expression: ${quoteRune(r)}`);
  }
  if (isDigit(r) || (r === 46 && isDigit(l.peek()))) {
    l.backup();
    l.gotDuration = true;
    return lexNumberOrDuration;
  }
  return l.errorf(`unexpected character in duration expression: ${quoteRune(r)}`);
}

/** Go's strconv.Quote (%q) for a string. */
export function goQuoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (c) {
      case 0x22: out += '\\"'; continue;
      case 0x5c: out += '\\\\'; continue;
      case 0x0a: out += '\\n'; continue;
      case 0x0d: out += '\\r'; continue;
      case 0x09: out += '\\t'; continue;
      case 0x07: out += '\\a'; continue;
      case 0x08: out += '\\b'; continue;
      case 0x0c: out += '\\f'; continue;
      case 0x0b: out += '\\v'; continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\u' + c.toString(16).padStart(4, '0');
    else if (c >= 0xdc80 && c <= 0xdcff) out += '\\x' + (c - 0xdc00).toString(16); // an escaped invalid byte
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

/** Lexes a whole expression: its tokens up to and including EOF or the first ERROR; comments dropped. */
export function lexAll(input: string): { tokens: Token[]; lexer: Lexer } {
  const l = new Lexer(input);
  const tokens: Token[] = [];
  for (;;) {
    const it = l.nextItem();
    if (it.typ === T.COMMENT) continue;
    tokens.push(it);
    if (it.typ === T.EOF || it.typ === T.ERROR) break;
  }
  return { tokens, lexer: l };
}

/** Go's `%.10q...`-style description of a token, as yacc error messages print it (lex.go Item.desc). */
export function describeToken(it: Token): string {
  if (ITEM_TYPE_STR.has(it.typ)) return tokenString(it);
  if (it.typ === T.EOF) return 'end of input';
  return `${typeDesc(it.typ)} ${tokenString(it)}`;
}

function typeDesc(t: number): string {
  switch (t) {
    case T.ERROR: return 'error';
    case T.EOF: return 'end of input';
    case T.COMMENT: return 'comment';
    case T.IDENTIFIER: return 'identifier';
    case T.METRIC_IDENTIFIER: return 'metric identifier';
    case T.STRING: return 'string';
    case T.NUMBER: return 'number';
    case T.DURATION: return 'duration';
  }
  return goQuoteString(`<Item ${t}>`);
}

function tokenString(it: Token): string {
  const t = it.typ;
  if (t === T.EOF) return 'EOF';
  if (t === T.ERROR) return it.val;
  if (t === T.IDENTIFIER || t === T.METRIC_IDENTIFIER) return goQuoteString(it.val);
  if (isKeyword(t)) return `<${it.val}>`;
  if (isOperator(t)) return `<op:${it.val}>`;
  if (isAggregator(t)) return `<aggr:${it.val}>`;
  if (it.end - it.pos > 10) {
    // %.10q: the first ten runes, quoted.
    let s = '';
    let n = 0;
    for (const ch of it.val) {
      if (n++ === 10) break;
      s += ch;
    }
    return goQuoteString(s) + '...';
  }
  return goQuoteString(it.val);
}
