// Corrupt indexes: random byte flips and truncations of a valid index either
// read back exactly the original data or throw an Error naming the file;
// never a hang, a crash or a non-Error throw.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexReader, IndexWriter } from '../../src/tsdb/index/index.js';
import { compareLabels, compareUtf8, labelsFrom, type Labels } from '../../src/model/labels.js';

let tmp: string;
let valid: Buffer;
let expected: string;

/** Everything the reader can tell about an index, as one string. */
function readAll(r: IndexReader): string {
  // The version is left out: 2 and 3 read the same.
  const out: unknown[] = [[...r.symbols()], r.labelNames()];
  for (const n of r.labelNames()) {
    const vs = r.labelValues(n);
    out.push(n, vs);
    for (const v of vs) out.push([...r.postings(n, [v])]);
  }
  for (const ref of r.allPostings()) out.push(r.series(ref));
  return JSON.stringify(out);
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hyperion-index-fuzz-'));
  const p = join(tmp, 'index');
  const sets: Labels[] = [];
  for (let i = 0; i < 12; i++) {
    sets.push(labelsFrom({ __name__: i % 3 ? 'up' : 'x😀', job: `j${i % 4}`, i: String(i), ...(i % 2 ? { zone: 'é\uE000' } : {}) }));
  }
  sets.sort(compareLabels);
  const syms = new Set<string>();
  for (const ls of sets) for (const l of ls) syms.add(l.name).add(l.value);
  const w = IndexWriter.create(p);
  for (const s of [...syms].sort(compareUtf8)) w.addSymbol(s);
  sets.forEach((ls, i) => w.addSeries(ls, [{ ref: 8 + 40 * i, minTime: 1000 * i - 5000, maxTime: 1000 * i }]));
  w.close();
  valid = readFileSync(p);
  expected = readAll(IndexReader.fromBuffer(valid, 'orig'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function check(bytes: Uint8Array): void {
  let got: string;
  try {
    got = readAll(IndexReader.fromBuffer(bytes, 'fuzzed'));
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/^index fuzzed: \S/);
    return;
  }
  expect(got).toBe(expected);
}

describe('corrupt index input', () => {
  it('byte flips: original data or a clear error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        (flips) => {
          const b = Uint8Array.from(valid);
          for (const [at, x] of flips) b[at % b.length] ^= x;
          check(b);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('flips that keep the TOC checksum valid (so the sections are reached)', () => {
    const tocStart = valid.length - 52;
    fc.assert(
      fc.property(fc.nat({ max: tocStart - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const b = Uint8Array.from(valid);
        b[at] ^= x;
        check(b);
      }),
      { numRuns: 2000 },
    );
  });

  it('truncations and extensions', () => {
    for (let n = 0; n < valid.length; n++) check(valid.subarray(0, n));
    check(Buffer.concat([valid, Buffer.alloc(7)]));
  });

  it('random bytes behind a valid header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (tail) => {
        const b = new Uint8Array(5 + tail.length);
        b.set([0xba, 0xaa, 0xd7, 0x00, 0x02]);
        b.set(tail, 5);
        check(b);
      }),
      { numRuns: 500 },
    );
  });
});
