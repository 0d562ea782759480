// The lexer's token stream against Prometheus's lex_test.go (v3.14): token
// types, byte positions and texts, plus the inputs it must refuse. (Series
// descriptions and histogram literals belong to the test-script parser.)
import { describe, expect, it } from 'vitest';
import { Lexer, T, type Token } from '../../src/promql/parser/lexer.js';

const NAME = new Map<number, string>(Object.entries(T).map(([k, v]) => [v, k]));

/** All tokens up to EOF or the first ERROR (Prometheus's parser stops there too). */
function lex(input: string): Token[] {
  const l = new Lexer(input);
  const out: Token[] = [];
  for (;;) {
    const t = l.nextItem();
    out.push(t);
    if (t.typ === T.EOF || t.typ === T.ERROR) return out;
  }
}

describe('lex_test.go', () => {
  for (const [input, want] of LEX_CASES) {
    it(JSON.stringify(input), () => {
      const toks = lex(input);
      const last = toks[toks.length - 1]!;
      if (want === null) {
        expect(last.typ).toBe(T.ERROR);
        return;
      }
      const wantErr = want.findIndex((w) => w[0] === 'ERROR');
      if (wantErr >= 0) {
        // Go's test lexer keeps going after an escape error; the parser does not.
        expect(toks.map((t) => [NAME.get(t.typ), t.pos, t.val])).toEqual(want.slice(0, wantErr + 1));
        return;
      }
      expect(NAME.get(last.typ)).toBe('EOF');
      expect(last.pos).toBe(Buffer.byteLength(input));
      expect(toks.slice(0, -1).map((t) => [NAME.get(t.typ), t.pos, t.val])).toEqual(want);
    });
  }
});

describe('lexer details', () => {
  it('reports byte positions for non-ASCII input', () => {
    const toks = lex('{a="äöü"} + b');
    expect(toks.map((t) => [NAME.get(t.typ), t.pos, t.end])).toEqual([
      ['LEFT_BRACE', 0, 1],
      ['IDENTIFIER', 1, 2],
      ['EQL', 2, 3],
      ['STRING', 3, 11],
      ['RIGHT_BRACE', 11, 12],
      ['ADD', 13, 14],
      ['IDENTIFIER', 15, 16],
      ['EOF', 16, 16],
    ]);
  });

  it('keywords are case-insensitive, fill only before "("', () => {
    expect(lex('SUM By OfFsEt fill fill( inf NaN').map((t) => NAME.get(t.typ))).toEqual([
      'SUM', 'BY', 'OFFSET', 'IDENTIFIER', 'FILL', 'LEFT_PAREN', 'NUMBER', 'NUMBER', 'ERROR',
    ]);
  });

  it('error messages quote runes as Go does', () => {
    const err = (s: string): string => lex(s).pop()!.val;
    expect(err('ä')).toBe("unexpected character: 'ä'");
    expect(err('\u0001')).toBe("unexpected character: '\\x01'");
    expect(err('foo{a!b}')).toBe("unexpected character after '!' inside braces: 'b'");
    expect(err('"\\q"')).toBe("unknown escape sequence U+0071 'q'");
    expect(err('"\\x4"')).toBe("illegal character U+0022 '\"' in escape sequence");
    expect(err('"\\uD800"')).toBe('escape sequence is an invalid Unicode code point');
    expect(err('"\\777"')).toBe('escape sequence is an invalid Unicode code point');
    expect(err('"abc')).toBe('unterminated quoted string');
    expect(err('"a\nb"')).toBe('unterminated quoted string');
    expect(err('`abc')).toBe('unterminated raw string');
    expect(err('"\uFFFD"')).toBe('invalid UTF-8 rune');
    expect(err('foo[5m')).toBe('unclosed left bracket');
    expect(err('foo[5m:1m:]')).toBe("unexpected colon ':'");
    expect(err('foo[:5m]')).toBe('unexpected colon before duration in duration expression');
    expect(err('foo[5m]]')).toBe("unexpected right bracket ']'");
    expect(err('foo[[5m]')).toBe("unexpected character in duration expression: '['");
    expect(err('foo{{')).toBe("unexpected left brace '{'");
  });
});

/** [input, expected tokens before EOF (type name, byte position, text), or null when lexing must fail]. */
const LEX_CASES: [string, [string, number, string][] | null][] = [
  [",", [["COMMA", 0, ","]]],
  ["()", [["LEFT_PAREN", 0, "("], ["RIGHT_PAREN", 1, ")"]]],
  ["{}", [["LEFT_BRACE", 0, "{"], ["RIGHT_BRACE", 1, "}"]]],
  ["[5m]", [["LEFT_BRACKET", 0, "["], ["DURATION", 1, "5m"], ["RIGHT_BRACKET", 3, "]"]]],
  ["[ 5m]", [["LEFT_BRACKET", 0, "["], ["DURATION", 2, "5m"], ["RIGHT_BRACKET", 4, "]"]]],
  ["[  5m]", [["LEFT_BRACKET", 0, "["], ["DURATION", 3, "5m"], ["RIGHT_BRACKET", 5, "]"]]],
  ["[  5m ]", [["LEFT_BRACKET", 0, "["], ["DURATION", 3, "5m"], ["RIGHT_BRACKET", 6, "]"]]],
  ["\r\n\r", []],
  ["1", [["NUMBER", 0, "1"]]],
  ["4.23", [["NUMBER", 0, "4.23"]]],
  [".3", [["NUMBER", 0, ".3"]]],
  ["5.", [["NUMBER", 0, "5."]]],
  ["NaN", [["NUMBER", 0, "NaN"]]],
  ["nAN", [["NUMBER", 0, "nAN"]]],
  ["NaN 123", [["NUMBER", 0, "NaN"], ["NUMBER", 4, "123"]]],
  ["NaN123", [["IDENTIFIER", 0, "NaN123"]]],
  ["iNf", [["NUMBER", 0, "iNf"]]],
  ["Inf", [["NUMBER", 0, "Inf"]]],
  ["+Inf", [["ADD", 0, "+"], ["NUMBER", 1, "Inf"]]],
  ["+Inf 123", [["ADD", 0, "+"], ["NUMBER", 1, "Inf"], ["NUMBER", 5, "123"]]],
  ["-Inf", [["SUB", 0, "-"], ["NUMBER", 1, "Inf"]]],
  ["Infoo", [["IDENTIFIER", 0, "Infoo"]]],
  ["-Infoo", [["SUB", 0, "-"], ["IDENTIFIER", 1, "Infoo"]]],
  ["-Inf 123", [["SUB", 0, "-"], ["NUMBER", 1, "Inf"], ["NUMBER", 5, "123"]]],
  ["0x123", [["NUMBER", 0, "0x123"]]],
  ["1..2", null],
  ["1.2.", null],
  ["00_1_23_4.56_7_8", [["NUMBER", 0, "00_1_23_4.56_7_8"]]],
  ["00_1_23__4.56_7_8", null],
  ["00_1_23_4._56_7_8", null],
  ["00_1_23_4_.56_7_8", null],
  ["0x1_2_34", [["NUMBER", 0, "0x1_2_34"]]],
  ["0x1_2__34", null],
  ["0x1_2__34.5_6p1", null],
  ["0x1_2__34.5_6", null],
  ["0x1_2__34.56", null],
  ["1_e2", null],
  ["1.e2", [["NUMBER", 0, "1.e2"]]],
  ["1e.2", null],
  ["1e+.2", null],
  ["1ee2", null],
  ["1e+e2", null],
  ["1e", null],
  ["1e+", null],
  ["1e1_2_34", [["NUMBER", 0, "1e1_2_34"]]],
  ["1e_1_2_34", null],
  ["1e1_2__34", null],
  ["1e+_1_2_34", null],
  ["1e-_1_2_34", null],
  ["12_", null],
  ["_1_2", [["IDENTIFIER", 0, "_1_2"]]],
  ["\"test\\tsequence\"", [["STRING", 0, "\"test\\tsequence\""]]],
  ["\"test\\\\.expression\"", [["STRING", 0, "\"test\\\\.expression\""]]],
  ["\"test\\.expression\"", [["ERROR", 0, "unknown escape sequence U+002E '.'"], ["STRING", 0, "\"test\\.expression\""]]],
  ["`test\\.expression`", [["STRING", 0, "`test\\.expression`"]]],
  [".٩", null],
  ["5s", [["DURATION", 0, "5s"]]],
  ["123m", [["DURATION", 0, "123m"]]],
  ["1h", [["DURATION", 0, "1h"]]],
  ["3w", [["DURATION", 0, "3w"]]],
  ["1y", [["DURATION", 0, "1y"]]],
  ["abc", [["IDENTIFIER", 0, "abc"]]],
  ["a:bc", [["METRIC_IDENTIFIER", 0, "a:bc"]]],
  ["abc d", [["IDENTIFIER", 0, "abc"], ["IDENTIFIER", 4, "d"]]],
  [":bc", [["METRIC_IDENTIFIER", 0, ":bc"]]],
  ["0a:bc", null],
  ["# some comment", [["COMMENT", 0, "# some comment"]]],
  ["5 # 1+1\n5", [["NUMBER", 0, "5"], ["COMMENT", 2, "# 1+1"], ["NUMBER", 8, "5"]]],
  ["=", [["EQL", 0, "="]]],
  ["{=}", [["LEFT_BRACE", 0, "{"], ["EQL", 1, "="], ["RIGHT_BRACE", 2, "}"]]],
  ["==", [["EQLC", 0, "=="]]],
  ["!=", [["NEQ", 0, "!="]]],
  ["<", [["LSS", 0, "<"]]],
  [">", [["GTR", 0, ">"]]],
  [">=", [["GTE", 0, ">="]]],
  ["<=", [["LTE", 0, "<="]]],
  ["+", [["ADD", 0, "+"]]],
  ["-", [["SUB", 0, "-"]]],
  ["*", [["MUL", 0, "*"]]],
  ["/", [["DIV", 0, "/"]]],
  ["^", [["POW", 0, "^"]]],
  ["%", [["MOD", 0, "%"]]],
  ["AND", [["LAND", 0, "AND"]]],
  ["or", [["LOR", 0, "or"]]],
  ["unless", [["LUNLESS", 0, "unless"]]],
  ["@", [["AT", 0, "@"]]],
  ["sum", [["SUM", 0, "sum"]]],
  ["AVG", [["AVG", 0, "AVG"]]],
  ["GROUP", [["GROUP", 0, "GROUP"]]],
  ["MAX", [["MAX", 0, "MAX"]]],
  ["min", [["MIN", 0, "min"]]],
  ["count", [["COUNT", 0, "count"]]],
  ["stdvar", [["STDVAR", 0, "stdvar"]]],
  ["stddev", [["STDDEV", 0, "stddev"]]],
  ["offset", [["OFFSET", 0, "offset"]]],
  ["by", [["BY", 0, "by"]]],
  ["without", [["WITHOUT", 0, "without"]]],
  ["on", [["ON", 0, "on"]]],
  ["ignoring", [["IGNORING", 0, "ignoring"]]],
  ["group_left", [["GROUP_LEFT", 0, "group_left"]]],
  ["group_right", [["GROUP_RIGHT", 0, "group_right"]]],
  ["bool", [["BOOL", 0, "bool"]]],
  ["atan2", [["ATAN2", 0, "atan2"]]],
  ["start", [["START", 0, "start"]]],
  ["end", [["END", 0, "end"]]],
  ["台北", null],
  ["{台北='a'}", null],
  ["{0a='a'}", null],
  ["{foo='bar'}", [["LEFT_BRACE", 0, "{"], ["IDENTIFIER", 1, "foo"], ["EQL", 4, "="], ["STRING", 5, "'bar'"], ["RIGHT_BRACE", 10, "}"]]],
  ["{foo=\"bar\"}", [["LEFT_BRACE", 0, "{"], ["IDENTIFIER", 1, "foo"], ["EQL", 4, "="], ["STRING", 5, "\"bar\""], ["RIGHT_BRACE", 10, "}"]]],
  ["{foo=\"bar\\\"bar\"}", [["LEFT_BRACE", 0, "{"], ["IDENTIFIER", 1, "foo"], ["EQL", 4, "="], ["STRING", 5, "\"bar\\\"bar\""], ["RIGHT_BRACE", 15, "}"]]],
  ["{NaN\t!= \"bar\" }", [["LEFT_BRACE", 0, "{"], ["IDENTIFIER", 1, "NaN"], ["NEQ", 5, "!="], ["STRING", 8, "\"bar\""], ["RIGHT_BRACE", 14, "}"]]],
  ["{alert=~\"bar\" }", [["LEFT_BRACE", 0, "{"], ["IDENTIFIER", 1, "alert"], ["EQL_REGEX", 6, "=~"], ["STRING", 8, "\"bar\""], ["RIGHT_BRACE", 14, "}"]]],
  ["{on!~\"bar\"}", [["LEFT_BRACE", 0, "{"], ["IDENTIFIER", 1, "on"], ["NEQ_REGEX", 3, "!~"], ["STRING", 5, "\"bar\""], ["RIGHT_BRACE", 10, "}"]]],
  ["{alert!#\"bar\"}", null],
  ["{foo:a=\"bar\"}", null],
  ["=~", null],
  ["!~", null],
  ["!(", null],
  ["1a", null],
  ["(", null],
  ["())", null],
  ["(()", null],
  ["{", null],
  ["}", null],
  ["{{", null],
  ["{{}}", null],
  ["[", null],
  ["[[", null],
  ["[]]", null],
  ["[[]]", null],
  ["]", null],
  ["\"�\"", null],
  ["`�`", null],
  ["test_name{on!~\"bar\"}[4m:4s]", [["IDENTIFIER", 0, "test_name"], ["LEFT_BRACE", 9, "{"], ["IDENTIFIER", 10, "on"], ["NEQ_REGEX", 12, "!~"], ["STRING", 14, "\"bar\""], ["RIGHT_BRACE", 19, "}"], ["LEFT_BRACKET", 20, "["], ["DURATION", 21, "4m"], ["COLON", 23, ":"], ["DURATION", 24, "4s"], ["RIGHT_BRACKET", 26, "]"]]],
  ["test:name{on!~\"bar\"}[4m:4s]", [["METRIC_IDENTIFIER", 0, "test:name"], ["LEFT_BRACE", 9, "{"], ["IDENTIFIER", 10, "on"], ["NEQ_REGEX", 12, "!~"], ["STRING", 14, "\"bar\""], ["RIGHT_BRACE", 19, "}"], ["LEFT_BRACKET", 20, "["], ["DURATION", 21, "4m"], ["COLON", 23, ":"], ["DURATION", 24, "4s"], ["RIGHT_BRACKET", 26, "]"]]],
  ["test:name{on!~\"b:ar\"}[4m:4s]", [["METRIC_IDENTIFIER", 0, "test:name"], ["LEFT_BRACE", 9, "{"], ["IDENTIFIER", 10, "on"], ["NEQ_REGEX", 12, "!~"], ["STRING", 14, "\"b:ar\""], ["RIGHT_BRACE", 20, "}"], ["LEFT_BRACKET", 21, "["], ["DURATION", 22, "4m"], ["COLON", 24, ":"], ["DURATION", 25, "4s"], ["RIGHT_BRACKET", 27, "]"]]],
  ["test:name{on!~\"b:ar\"}[4m:]", [["METRIC_IDENTIFIER", 0, "test:name"], ["LEFT_BRACE", 9, "{"], ["IDENTIFIER", 10, "on"], ["NEQ_REGEX", 12, "!~"], ["STRING", 14, "\"b:ar\""], ["RIGHT_BRACE", 20, "}"], ["LEFT_BRACKET", 21, "["], ["DURATION", 22, "4m"], ["COLON", 24, ":"], ["RIGHT_BRACKET", 25, "]"]]],
  ["min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:])[4m:3s]", [["IDENTIFIER", 0, "min_over_time"], ["LEFT_PAREN", 13, "("], ["IDENTIFIER", 14, "rate"], ["LEFT_PAREN", 18, "("], ["IDENTIFIER", 19, "foo"], ["LEFT_BRACE", 22, "{"], ["IDENTIFIER", 23, "bar"], ["EQL", 26, "="], ["STRING", 27, "\"baz\""], ["RIGHT_BRACE", 32, "}"], ["LEFT_BRACKET", 33, "["], ["DURATION", 34, "2s"], ["RIGHT_BRACKET", 36, "]"], ["RIGHT_PAREN", 37, ")"], ["LEFT_BRACKET", 38, "["], ["DURATION", 39, "5m"], ["COLON", 41, ":"], ["RIGHT_BRACKET", 42, "]"], ["RIGHT_PAREN", 43, ")"], ["LEFT_BRACKET", 44, "["], ["DURATION", 45, "4m"], ["COLON", 47, ":"], ["DURATION", 48, "3s"], ["RIGHT_BRACKET", 50, "]"]]],
  ["test:name{on!~\"b:ar\"}[4m:4s] offset 10m", [["METRIC_IDENTIFIER", 0, "test:name"], ["LEFT_BRACE", 9, "{"], ["IDENTIFIER", 10, "on"], ["NEQ_REGEX", 12, "!~"], ["STRING", 14, "\"b:ar\""], ["RIGHT_BRACE", 20, "}"], ["LEFT_BRACKET", 21, "["], ["DURATION", 22, "4m"], ["COLON", 24, ":"], ["DURATION", 25, "4s"], ["RIGHT_BRACKET", 27, "]"], ["OFFSET", 29, "offset"], ["DURATION", 36, "10m"]]],
  ["min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] offset 6m)[4m:3s]", [["IDENTIFIER", 0, "min_over_time"], ["LEFT_PAREN", 13, "("], ["IDENTIFIER", 14, "rate"], ["LEFT_PAREN", 18, "("], ["IDENTIFIER", 19, "foo"], ["LEFT_BRACE", 22, "{"], ["IDENTIFIER", 23, "bar"], ["EQL", 26, "="], ["STRING", 27, "\"baz\""], ["RIGHT_BRACE", 32, "}"], ["LEFT_BRACKET", 33, "["], ["DURATION", 34, "2s"], ["RIGHT_BRACKET", 36, "]"], ["RIGHT_PAREN", 37, ")"], ["LEFT_BRACKET", 38, "["], ["DURATION", 39, "5m"], ["COLON", 41, ":"], ["RIGHT_BRACKET", 42, "]"], ["OFFSET", 44, "offset"], ["DURATION", 51, "6m"], ["RIGHT_PAREN", 53, ")"], ["LEFT_BRACKET", 54, "["], ["DURATION", 55, "4m"], ["COLON", 57, ":"], ["DURATION", 58, "3s"], ["RIGHT_BRACKET", 60, "]"]]],
  ["test:name[ 5m]", [["METRIC_IDENTIFIER", 0, "test:name"], ["LEFT_BRACKET", 9, "["], ["DURATION", 11, "5m"], ["RIGHT_BRACKET", 13, "]"]]],
  ["test:name{o:n!~\"bar\"}[4m:4s]", null],
  ["test:name{on!~\"bar\"}[4m:4s:4h]", null],
  ["test:name{on!~\"bar\"}[4m:4s:]", null],
  ["test:name{on!~\"bar\"}[4m::]", null],
  ["test:name{on!~\"bar\"}[:4s]", null],
  ["test:name{on!~\"bar\"}[1s:1s:1s]", null],
];
