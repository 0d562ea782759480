// RE2 → JS translation for label matchers. Every table row below was checked
// against Go's regexp (as Prometheus compiles it: syntax.Parse(re, Perl|DotNL),
// then ^(?s:…)$); error texts are Go's, without its "error parsing regexp: " prefix.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileAnchored, re2ToJs, RegexSyntaxError } from '../../src/model/regex.js';
import { Matcher } from '../../src/model/matchers.js';

/** [pattern, strings it matches, strings it does not match] */
type Case = [string, string[], string[]];

const MATCH_CASES: Case[] = [
  // Anchoring: the whole value must match.
  ['foo', ['foo'], ['foobar', 'xfoo', 'fo', '', 'FOO', 'foo\n']],
  ['foo.*', ['foo', 'foobar', 'foo\nbar'], ['xfoo', '']],
  ['.*foo', ['foo', 'xfoo'], ['foox']],
  ['a|b', ['a', 'b'], ['ab', 'ba', '', 'c']],
  ['ab|cd', ['ab', 'cd'], ['abd', 'acd', 'abcd', 'b']],
  ['^foo$', ['foo'], ['foobar']],
  ['(a|b)c', ['ac', 'bc'], ['a', 'abc']],
  // Empty pattern and empty alternatives.
  ['', [''], ['a', '\n']],
  ['|', [''], ['a']],
  ['a|', ['a', ''], ['b']],
  ['(|a)b', ['b', 'ab'], ['a']],
  ['()', [''], ['a']],
  ['(?:)+', [''], ['a']],
  // `.` matches newline (Prometheus wraps in (?s:…)); .* and .+ on empty strings.
  ['.', ['a', '\n', 'é', '😀'], ['', 'ab']],
  ['.*', ['', 'anything', '\n\n'], []],
  ['.+', ['a', '\n'], ['']],
  ['a.c', ['abc', 'a\nc', 'a😀c'], ['ac', 'abbc']],
  ['(?s).', ['\n'], ['']],
  ['(?-s).', ['a'], ['\n']],
  ['(?-s:.)+\\n.', ['ab\n\n', 'a\nb'], ['a\n\n\n']],
  ['(?-s)a.(?s:.)', ['ab\n'], ['a\nb']],
  // Inline flags are scoped to their group; (?i) also covers later alternatives.
  ['(?i)abc', ['abc', 'ABC', 'aBc'], ['abd', 'ab']],
  ['(?i:ab)c', ['abc', 'ABc', 'aBc'], ['abC', 'ABC']],
  ['a(?i)b|c', ['ab', 'aB', 'c', 'C'], ['Ab', 'AB']],
  ['(a(?i)b)c', ['aBc', 'abc'], ['aBC', 'ABc']],
  ['(?i)a(?-i)b', ['ab', 'Ab'], ['aB', 'AB']],
  ['(?i)a(?-i:b)c', ['AbC', 'abc'], ['ABC']],
  ['(?im-s:a.)', ['AX'], ['a\n']],
  ['(?i)', [''], ['a']],
  ['(?)a', ['a'], ['A']],
  ['(?i)(?i)x', ['X'], []],
  // Non-capturing and named groups.
  ['(?:ab)+', ['ab', 'abab'], ['aba', '']],
  ['(?P<name>x)+', ['x', 'xx'], ['']],
  ['(?<name>x)y', ['xy'], ['x']],
  ['(?P<a>x)(?P<a>y)', ['xy'], ['x']], // Go allows duplicate names
  ['(?P<1>x)', ['x'], ['1']], // and names starting with a digit
  // \Q…\E
  ['\\Qa.b*\\E', ['a.b*'], ['axb', 'a.bb']],
  ['\\Qa.b', ['a.b'], ['axb']],
  ['\\Q\\\\E', ['\\'], ['\\\\']],
  ['\\Qab\\E+', ['ab', 'abbb'], ['abab']],
  ['(?i)\\Qk.\\E', ['K.', 'k.', '\u212a.'], ['kx']],
  ['a\\Q\\E*', ['', 'a', 'aaa'], ['b']],
  // \A and \z; ^ and $ are text anchors unless (?m).
  ['\\Afoo\\z', ['foo'], ['foo\n']],
  ['a$', ['a'], ['a\n']],
  ['a\\z|b', ['a', 'b'], ['a\n']],
  ['a\\n^b', [], ['a\nb']],
  ['(?m)a$\\n^b', ['a\nb'], ['ab']],
  ['(?m)^a$', ['a'], ['a\n']],
  ['(?m:.*^b$.*)', ['a\nb\nc', 'b'], ['ab\nc', 'a\nbc']],
  ['^*a', ['a'], ['']],
  ['a$+', ['a'], ['a\n']],
  ['(?m)(^a\\n?)+', ['a\na\n', 'a'], ['a\nba']],
  // Word boundaries are ASCII.
  ['a\\b.*', ['a', 'a b', 'a-'], ['ab', 'a_']],
  ['a\\B.*', ['ab', 'a_'], ['a', 'a b']],
  ['é\\b', [], ['é']],
  // POSIX classes, only inside brackets.
  ['[[:alpha:]]+', ['abcXYZ'], ['a1', 'é', '']],
  ['[[:digit:]x]+', ['12x3', 'x'], ['12y']],
  ['[[:^digit:]]', ['a', '\n'], ['5']],
  ['[^[:lower:]]', ['A', '1'], ['a']],
  ['[[:alnum:]_]+', ['a_1'], ['a-1']],
  ['[[:space:]]', [' ', '\t', '\n', '\v', '\f', '\r'], ['\u00a0']],
  ['[[:punct:]]', ['!', '/', '@', '[', '`', '{', '~', '_'], ['a', ' ', '¡']],
  ['[[:word:]]', ['_', 'a', '0'], ['-']],
  ['[[:xdigit:]]+', ['0aF'], ['g']],
  ['[[:cntrl:]]', ['\x00', '\x1f', '\x7f'], [' ']],
  ['[[:print:]]', [' ', '~'], ['\x7f', 'é']],
  ['[[:blank:]]', [' ', '\t'], ['\n']],
  ['[[:ascii:]]', ['\x00', '\x7f'], ['\x80']],
  ['[:alpha:]', [':', 'a', 'p'], ['b', '[:alpha:]']],
  ['[[:alpha]', ['[', ':', 'h'], ['b']],
  // Unicode classes.
  ['\\pL+', ['abc', 'éß', 'Ωж', '漢字'], ['a1', '_', '']],
  ['\\p{Greek}+', ['αβγΩ'], ['a', 'ж']],
  ['\\PL', ['1', ' ', '\n'], ['a', 'é']],
  ['\\p{^Greek}', ['a'], ['α']],
  ['\\P{^Greek}', ['α'], ['a']],
  ['\\p{Lu}\\p{Ll}', ['Ab', 'Ωω'], ['aB']],
  ['\\pN+', ['123', '٣', 'Ⅻ'], ['a']],
  ['\\p{Han}', ['漢'], ['a']],
  ['[\\p{Cyrillic}\\d]+', ['жё42'], ['a']],
  ['[^\\pL]', ['1', '\n'], ['a', 'é']],
  ['\\p{Any}', ['\n', '😀'], ['']],
  ['\\pZ', [' ', '\u00a0', '\u2028'], ['\t']],
  // Perl classes are ASCII; \s has no \v.
  ['\\d+', ['0123456789'], ['٣', 'a']],
  ['\\w+', ['az_AZ09'], ['é', '-']],
  ['\\s', [' ', '\t', '\n', '\f', '\r'], ['\v', '\u00a0', '\u2028']],
  ['\\D\\W\\S', ['a-x', 'é é'], ['1-x', 'a_x', 'a- ']],
  ['[\\d\\s]+', ['1 2\t3'], ['1a']],
  ['[^\\d\\s]', ['a'], ['1', ' ']],
  ['[\\s\\S]', ['\n', 'x'], ['']],
  // Negated classes include newline.
  ['[^a]', ['b', '\n', '😀'], ['a', '']],
  ['[^abc]+', ['xyz'], ['xaz']],
  // ']' first, '-' at either end, '[' inside.
  ['[]a]', [']', 'a'], ['b']],
  ['[^]a]', ['b'], [']', 'a']],
  ['[]-a]', [']', '^', 'a'], ['-', 'b']],
  ['[-a]', ['-', 'a'], ['b']],
  ['[a-]', ['-', 'a'], ['b']],
  ['[a-c-e]', ['a', 'b', '-', 'e'], ['d']],
  ['[--/]', ['-', '.', '/'], ['0']],
  ['[a[b]', ['[', 'a', 'b'], [']']],
  ['[\\]]', [']'], ['\\']],
  ['[\\-x]', ['-', 'x'], ['\\']],
  ['[\\d-z]', ['5', '-', 'z'], ['y']],
  ['[\\x41-\\x{43}]+', ['ABC'], ['D']],
  ['[\\0-\\x1f]', ['\x00', '\x1f'], [' ']],
  ['[α-ω]+', ['αβω'], ['Ω']],
  ['[😀-😂]', ['😁'], ['😃']],
  // '{' is a literal unless it starts a valid repetition.
  ['a{', ['a{'], ['a']],
  ['{foo}', ['{foo}'], ['foo']],
  ['a{,2}', ['a{,2}'], ['aa']],
  ['a{01}', ['a{01}'], ['a']],
  ['a{1,02}', ['a{1,02}'], ['a']],
  ['x{2,1', ['x{2,1'], []],
  ['a{2}}', ['aa}'], ['aa']],
  ['}', ['}'], []],
  ['a*{', ['{', 'aa{'], ['a']],
  // Counted repetition.
  ['a{2,3}', ['aa', 'aaa'], ['a', 'aaaa']],
  ['a{2}', ['aa'], ['a', 'aaa']],
  ['a{2,}', ['aa', 'aaaaa'], ['a']],
  ['a{0}', [''], ['a']],
  ['(ab){2}c', ['ababc'], ['abc']],
  ['a{2,3}?', ['aa', 'aaa'], ['a']],
  ['(?:[a-z]{4}){0,250}', ['', 'abcd', 'abcdefgh'], ['abc']],
  ['a{1000}', ['a'.repeat(1000)], ['a'.repeat(999)]],
  // Stars, plus, quest, lazy and (?U) — whole-string results do not depend on greediness.
  ['a*?b+?c??', ['b', 'aabbc'], ['c']],
  ['(?U)a+b', ['ab', 'aab'], ['b']],
  ['(?U:a*?)b', ['b', 'aab'], []],
  ['a(?i)*', ['', 'a', 'aaa'], ['A']], // (?i) adds nothing to repeat: * applies to a
  ['(a*)*', ['', 'aaa'], ['b']],
  ['(a|ab)(c|bcd)(d*)', ['abcd', 'acd'], ['ab']],
  // Escapes.
  ['a\\.b', ['a.b'], ['axb']],
  ['\\/', ['/'], ['\\/']],
  ['\\-\\_\\"\\\'\\<\\#\\ \\!', ['-_"\'<# !'], []],
  ['\\\\', ['\\'], ['\\\\']],
  ['\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$', ['*+?()[]{}|^$'], []],
  ['\\t\\n\\r\\f\\v\\a', ['\t\n\r\f\v\x07'], []],
  ['\\x41\\x{42}\\x{1F600}', ['AB😀'], []],
  ['\\101\\0\\08', ['A\x00\x008'], []],
  ['\\12', ['\n'], ['\x01']],
  ['\\777', ['\u01ff'], []],
  ['\\x{10FFFF}', ['\u{10ffff}'], []],
  // Unicode literals.
  ['ünïcödé', ['ünïcödé'], ['unicode', 'ÜNÏCÖDÉ']],
  ['😀+', ['😀😀'], ['😀x', '\ud83d']],
  ['漢字|かな', ['漢字', 'かな'], ['漢']],
  // Realistic label matchers.
  ['api-(eu|us)-[0-9]+', ['api-eu-1', 'api-us-42'], ['api-asia-1', 'api-eu-']],
  ['(?i)(GET|post)', ['get', 'POST', 'Post'], ['PUT']],
  ['.*error.*', ['an error here', 'error'], ['Error']],
  ['node_(cpu|memory)_.+_total', ['node_cpu_seconds_total'], ['node_disk_total']],
  ['/api/v1/.*', ['/api/v1/query'], ['/api/v2/query']],
  ['10\\.0\\.0\\.\\d{1,3}:9100', ['10.0.0.12:9100'], ['10x0.0.1:9100', '10.0.0.1234:9100']],
];

describe('compileAnchored: RE2 semantics as Prometheus applies them', () => {
  it.each(MATCH_CASES)('%j', (pattern, yes, no) => {
    const re = compileAnchored(pattern);
    for (const s of yes) expect(re.test(s), `${JSON.stringify(pattern)} should match ${JSON.stringify(s)}`).toBe(true);
    for (const s of no) expect(re.test(s), `${JSON.stringify(pattern)} should not match ${JSON.stringify(s)}`).toBe(false);
  });
});

// (?i) uses Unicode simple case folding orbits, as Go does: not toLowerCase/toUpperCase.
const FOLD_CASES: Case[] = [
  ['(?i)k', ['k', 'K', '\u212a'], ['x']], // Kelvin sign
  ['(?i)s', ['s', 'S', 'ſ'], ['ß']], // long s
  ['(?i)ß', ['ß', 'ẞ'], ['s', 'S', 'SS', 'ss']], // no multi-character folds
  ['(?i)ss', ['ss', 'SS', 'ſs'], ['ß', 'ẞ']],
  ['(?i)σ', ['σ', 'Σ', 'ς'], ['s']], // final sigma is in the orbit
  ['(?i)ΣΑΣ', ['σας', 'ΣΑΣ', 'σαΣ'], ['sas']],
  ['(?i)µ', ['µ', 'μ', 'Μ'], ['u']], // micro sign
  ['(?i)θ', ['θ', 'Θ', 'ϑ', 'ϴ'], []],
  ['(?i)ι', ['ι', 'Ι', '\u0345', '\u1fbe'], []],
  ['(?i)ǅ', ['Ǆ', 'ǅ', 'ǆ'], []], // titlecase digraph
  ['(?i)i', ['i', 'I'], ['ı', 'İ']], // no Turkic folding
  ['(?i)ı', ['ı'], ['i', 'I']],
  ['(?i)İ', ['İ'], ['i', 'I']],
  ['(?i)å', ['Å', 'å', '\u212b'], []], // Angstrom sign
  ['(?i)Ꭰ', ['Ꭰ', 'ꭰ'], []], // Cherokee
  ['(?i)𐐀', ['𐐀', '𐐨'], []], // Deseret (astral)
  ['(?i)é', ['É', 'é'], ['e', 'E', 'e\u0301']], // no normalisation
  ['(?i)[a-z]+', ['azAZ', 'ſ', '\u212a'], ['é', '0']],
  ['(?i)[k]', ['\u212a'], []],
  ['(?i)[^k]', ['x'], ['k', 'K', '\u212a']],
  ['(?i)[^a-z]', ['0', 'é'], ['A', 'ſ', '\u212a']],
  ['(?i)[Z-a]', ['Z', 'z', '_', '`', 'a', 'A', '['], ['b', 'y', 'ſ', '\u212a']], // Go folds ranges code point by code point
  ['(?i)[!-Z]', ['a', 'z', '\u212a', 'ſ', '!'], ['{']],
  ['(?i)\\w', ['a', 'ſ', '\u212a'], ['é']],
  ['(?i)\\W', ['é', '-'], ['ſ', '\u212a', 'a']],
  ['(?i)[\\W]', ['-'], ['ſ', '\u212a']],
  ['(?i)[^\\W]', ['ſ', '\u212a', 'a'], ['-']],
  ['(?i)[[:upper:]]', ['a', 'Z', 'ſ', '\u212a'], ['1']],
  ['(?i)[[:^lower:]]', ['1'], ['a', 'A', 'ſ', '\u212a']],
  ['(?i)\\p{Lu}', ['a', 'ω', 'Ω'], ['1', 'ª']],
  ['(?i)\\P{Ll}', ['1', 'ª'], ['a', 'A', 'Ω']],
  ['(?i)\\p{Greek}', ['α', 'µ', '\u0345'], ['a']], // µ and U+0345 fold into Greek
  ['(?i)[^\\p{Ll}]', ['1'], ['A']],
  ['(?i)\\d', ['1'], ['a']],
  ['(?i)[k-s]', ['K', 'm', 'ſ', '\u212a'], ['j', 'T']],
  ['(?i)(?-i:k)', ['k'], ['K', '\u212a']],
];

describe('(?i) case folding (Go: Unicode simple folding)', () => {
  it.each(FOLD_CASES)('%j', (pattern, yes, no) => {
    const re = compileAnchored(pattern);
    for (const s of yes) expect(re.test(s), `${JSON.stringify(pattern)} should match ${JSON.stringify(s)}`).toBe(true);
    for (const s of no) expect(re.test(s), `${JSON.stringify(pattern)} should not match ${JSON.stringify(s)}`).toBe(false);
  });

  it('folds every letter of the Latin-1 and Greek blocks both ways', () => {
    for (let cp = 0x41; cp <= 0x3ff; cp++) {
      const ch = String.fromCodePoint(cp);
      const up = ch.toUpperCase();
      // Only simple one-to-one mappings that round-trip are guaranteed to be in one orbit.
      if (up === ch || [...up].length !== 1 || up.toLowerCase() !== ch) continue;
      const pat = `(?i)\\x{${cp.toString(16)}}`;
      expect(compileAnchored(pat).test(up), `${pat} vs ${up}`).toBe(true);
    }
  });
});

/** [pattern, Go's error text] */
const ERROR_CASES: [string, string][] = [
  ['(', 'missing closing ): `(`'],
  ['(a', 'missing closing ): `(a`'],
  ['(a|b', 'missing closing ): `(a|b`'],
  ['((a)', 'missing closing ): `((a)`'],
  ['a)', 'unexpected ): `a)`'],
  [')', 'unexpected ): `)`'],
  ['(a))', 'unexpected ): `(a))`'],
  ['a|b)', 'unexpected ): `a|b)`'],
  ['[a', 'missing closing ]: `[a`'],
  ['[a-z', 'missing closing ]: `[a-z`'],
  ['x[a-z)', 'missing closing ]: `[a-z)`'],
  ['[]', 'missing closing ]: `[]`'],
  ['[^]', 'missing closing ]: `[^]`'],
  ['[a\\', 'trailing backslash at end of expression: ``'],
  ['*a', 'missing argument to repetition operator: `*`'],
  ['+', 'missing argument to repetition operator: `+`'],
  ['?', 'missing argument to repetition operator: `?`'],
  ['*?', 'missing argument to repetition operator: `*?`'],
  ['{2}', 'missing argument to repetition operator: `{2}`'],
  ['a|*', 'missing argument to repetition operator: `*`'],
  ['(*)', 'missing argument to repetition operator: `*`'],
  ['(?i)*', 'missing argument to repetition operator: `*`'],
  ['\\Q\\E*', 'missing argument to repetition operator: `*`'],
  ['a**', 'invalid nested repetition operator: `**`'],
  ['a*+', 'invalid nested repetition operator: `*+`'],
  ['a++', 'invalid nested repetition operator: `++`'],
  ['a??*', 'invalid nested repetition operator: `??*`'],
  ['a{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
  ['a{2}*', 'invalid nested repetition operator: `{2}*`'],
  ['x{1001}', 'invalid repeat count: `{1001}`'],
  ['x{1000,1001}', 'invalid repeat count: `{1000,1001}`'],
  ['x{2,1}', 'invalid repeat count: `{2,1}`'],
  ['x{9876543210}', 'invalid repeat count: `{9876543210}`'],
  ['a{2,1}?', 'invalid repeat count: `{2,1}`'],
  ['(a{10}){101}', 'invalid repeat count: `{101}`'],
  ['(?:[a-z]{4}){0,251}', 'invalid repeat count: `{0,251}`'],
  ['((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})', 'invalid repeat count: `{2}`'],
  ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
  ['(?!a)', 'invalid or unsupported Perl syntax: `(?!`'],
  ['(?<=a)b', 'invalid named capture: `(?<=a)b`'],
  ['(?<!a)b', 'invalid named capture: `(?<!a)b`'],
  ['(?#comment)', 'invalid or unsupported Perl syntax: `(?#`'],
  ['(?x)a', 'invalid or unsupported Perl syntax: `(?x`'],
  ['(?i', 'invalid or unsupported Perl syntax: `(?i`'],
  ['(?', 'invalid or unsupported Perl syntax: `(?`'],
  ['(?-)', 'invalid or unsupported Perl syntax: `(?-)`'],
  ['(?i-)', 'invalid or unsupported Perl syntax: `(?i-)`'],
  ['(?--i)', 'invalid or unsupported Perl syntax: `(?--`'],
  ['(?P=name)', 'invalid or unsupported Perl syntax: `(?P`'],
  ['(?P<name', 'invalid named capture: `(?P<name`'],
  ['(?P<x y>a)', 'invalid named capture: `(?P<x y>`'],
  ['(?P<>a)', 'invalid named capture: `(?P<>`'],
  ['(?<n-1>a)', 'invalid named capture: `(?<n-1>`'],
  ['\\1', 'invalid escape sequence: `\\1`'],
  ['(a)\\1', 'invalid escape sequence: `\\1`'],
  ['\\8', 'invalid escape sequence: `\\8`'],
  ['\\C', 'invalid escape sequence: `\\C`'],
  ['\\Z', 'invalid escape sequence: `\\Z`'],
  ['\\e', 'invalid escape sequence: `\\e`'],
  ['\\E', 'invalid escape sequence: `\\E`'],
  ['\\é', 'invalid escape sequence: `\\é`'],
  ['\\x', 'invalid escape sequence: `\\x`'],
  ['\\x4', 'invalid escape sequence: `\\x4`'],
  ['\\xg1', 'invalid escape sequence: `\\xg1`'],
  ['\\x{}', 'invalid escape sequence: `\\x{}`'],
  ['\\x{41', 'invalid escape sequence: `\\x{41`'],
  ['\\x{110000}', 'invalid escape sequence: `\\x{110000`'],
  ['[\\b]', 'invalid escape sequence: `\\b`'],
  ['[\\Q]', 'invalid escape sequence: `\\Q`'],
  ['[a-\\d]', 'invalid escape sequence: `\\d`'],
  ['a\\', 'trailing backslash at end of expression: ``'],
  ['[z-a]', 'invalid character class range: `z-a`'],
  ['[a-Z]', 'invalid character class range: `a-Z`'],
  ['(?i)[a-Z]', 'invalid character class range: `a-Z`'],
  ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
  ['[[:constructor:]]', 'invalid character class range: `[:constructor:]`'],
  ['[[::]]', 'invalid character class range: `[::]`'],
  ['\\p{Foo}', 'invalid character class range: `\\p{Foo}`'],
  ['\\p{Grek}', 'invalid character class range: `\\p{Grek}`'], // script aliases are not Go names
  ['\\p{greek}', 'invalid character class range: `\\p{greek}`'],
  ['\\p{Letter}', 'invalid character class range: `\\p{Letter}`'],
  ['\\pX', 'invalid character class range: `\\pX`'],
  ['\\p', 'invalid character class range: `\\p`'],
  ['\\p{Greek', 'invalid character class range: `\\p{Greek`'],
  ['[\\p{', 'invalid character class range: `\\p{`'],
  ['\\p{}', 'invalid character class range: `\\p{}`'],
  ['\\PL\\p{^}', 'invalid character class range: `\\p{^}`'],
];

describe('errors: what Go rejects, with Go\'s message', () => {
  it.each(ERROR_CASES)('%j', (pattern, message) => {
    let err: unknown;
    try {
      re2ToJs(pattern);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegexSyntaxError);
    expect((err as Error).message).toBe(message);
    expect(() => compileAnchored(pattern)).toThrow(message);
  });

  it('limits nesting like Prometheus (its ^(?s:…)$ wrapper adds one level)', () => {
    expect(() => compileAnchored('('.repeat(998) + ')'.repeat(998))).not.toThrow();
    expect(() => compileAnchored('(?:'.repeat(998) + ')*'.repeat(998))).not.toThrow();
    expect(() => compileAnchored('('.repeat(999) + ')'.repeat(999))).toThrow(/^expression nests too deeply: /);
    expect(() => compileAnchored('(?:'.repeat(1000) + ')*'.repeat(1000))).toThrow(/^expression nests too deeply: /);
    expect(() => compileAnchored('(' + '|'.repeat(12345) + ')')).not.toThrow(); // wide, not deep
  });

  it('reports errors through Matcher', () => {
    expect(() => new Matcher('=~', 'job', '(')).toThrow('error parsing regexp: missing closing ): `(`');
    expect(() => new Matcher('!~', 'job', 'a**')).toThrow('error parsing regexp: invalid nested repetition operator: `**`');
    expect(() => new Matcher('=~', 'job', '(?=x)')).toThrow('error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
    expect(new Matcher('=~', 'job', 'api|web').matches('api')).toBe(true);
    expect(new Matcher('=~', 'job', 'api|web').matches('apiweb')).toBe(false);
    expect(new Matcher('!~', 'job', '.+').matches('')).toBe(true);
    expect(new Matcher('=~', 'job', '.*').matchesEmpty()).toBe(true);
    expect(new Matcher('=~', 'job', '(?i)API').matches('api')).toBe(true);
  });

  it('never throws a raw JS SyntaxError for what Go accepts', () => {
    // Constructs RE2 allows and JS u/v-mode does not: quantified assertions,
    // literal braces and brackets, identity escapes of any ASCII punctuation.
    for (const p of ['^*', '$?', '\\b+', '\\A{2}', '(?m)^*$*', 'a{', 'a}', ']', '\\-\\_\\"\\\'\\<\\>\\=\\!\\@\\#\\%\\&\\,\\;\\:\\`\\~\\ ',
      '[&&]', '[--]', '[!!]', '[a&&b]', '[\\&\\&]', '[{}()|/]', '[[]', '[$^.*+?]', '[~~]', '(?U)(a*?){2}', '\\Q]})\\E']) {
      expect(() => compileAnchored(p), p).not.toThrow();
    }
    expect(compileAnchored('[&&]').test('&')).toBe(true);
    expect(compileAnchored('[a&&b]').test('b')).toBe(true);
    expect(compileAnchored('[--]').test('-')).toBe(true);
  });
});

describe('translation output', () => {
  it('emits plain, readable source for the `v` flag', () => {
    expect(re2ToJs('foo')).toBe('foo');
    expect(re2ToJs('a|b')).toBe('a|b');
    expect(re2ToJs('a.b/c')).toBe('a.b\\/c');
    expect(re2ToJs('(?i)k')).toBe('[Kk\u212a]'); // letters stay literal (U+212A KELVIN SIGN)
    expect(re2ToJs('(?i)[a-c]')).toBe('[a-cA-C]');
    expect(re2ToJs('\\d\\s')).toBe('[0-9][\\t\\n\\f\\r ]');
    expect(re2ToJs('\\p{Greek}')).toBe('[\\p{Script=Greek}]');
    expect(re2ToJs('a{')).toBe('a\\{');
    expect(re2ToJs('^*')).toBe('(?:^)*');
    expect(re2ToJs('(?m)^a$')).toBe('(?<![^\\n])a(?![^\\n])');
    expect(re2ToJs('(?-s).')).toBe('[^\\n]');
    expect(re2ToJs('(?U)a+b+?')).toBe('a+?b+');
    expect(re2ToJs('(?P<x>a)(?P<9>b)(?P<x>c)')).toBe('(?<x>a)(b)(c)');
    expect(re2ToJs('\\x00é\u2028')).toBe('\\x00é\\u{2028}');
  });

  it('keeps capture groups numbered as in Go', () => {
    const m = compileAnchored('(?:a)(b)(?i:(c))(?P<d>d)').exec('abCd');
    expect(m?.slice(1)).toEqual(['b', 'C', 'd']);
    expect(m?.groups?.d).toBe('d');
  });

  it('compiles fully anchored with the s and v flags, and caches', () => {
    const r = compileAnchored('x+');
    expect(r.flags).toBe('sv');
    expect(r.source).toBe('^(?:x+)$');
    expect(compileAnchored('x+')).toBe(r);
  });
});

describe('performance: translation is linear in the pattern', () => {
  const time = (f: () => void): number => {
    const t = performance.now();
    f();
    return performance.now() - t;
  };

  it('handles large literal, alternation and brace-heavy patterns quickly', () => {
    expect(time(() => re2ToJs('abcdefghij'.repeat(50_000)))).toBeLessThan(3000);
    expect(time(() => compileAnchored(Array.from({ length: 50_000 }, (_, i) => `value${i}`).join('|')))).toBeLessThan(3000);
    expect(time(() => re2ToJs('x{1}' + '}{'.repeat(100_000)))).toBeLessThan(3000);
    expect(time(() => re2ToJs('(?i)' + '[a-z][^\\W]\\p{Lu}'.repeat(20_000)))).toBeLessThan(3000);
  });

  it('grows linearly, not quadratically', () => {
    const pat = (n: number): string => '(?i)[a-c]x{2}\\{'.repeat(n) + '}]'.repeat(n);
    re2ToJs(pat(1000)); // warm up (folding table, JIT)
    const small = Math.max(time(() => re2ToJs(pat(10_000))), 1);
    const large = time(() => re2ToJs(pat(80_000)));
    expect(large / small).toBeLessThan(40); // 8x input; quadratic would be ~64x
  });
});

describe('properties', () => {
  // Go's regexp.QuoteMeta.
  const quoteMeta = (s: string): string => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

  it('a quoted literal matches exactly itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ maxLength: 3 }), (s, extra) => {
        const re = compileAnchored(quoteMeta(s));
        expect(re.test(s)).toBe(true);
        if (extra !== '') expect(re.test(s + extra)).toBe(false);
        expect(compileAnchored('\\Q' + s.replaceAll('\\E', '') + '\\E').test(s.replaceAll('\\E', ''))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('(?i) ignores ASCII case, and an alternation of literals is a set', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9_:.-]{0,8}$/), { minLength: 1, maxLength: 6 }), fc.string({ maxLength: 8 }), (vals, probe) => {
        const re = compileAnchored(vals.map(quoteMeta).join('|'));
        expect(re.test(probe)).toBe(vals.includes(probe));
        for (const v of vals) {
          const flipped = [...v].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join('');
          expect(compileAnchored('(?i)(?:' + vals.map(quoteMeta).join('|') + ')').test(flipped)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
