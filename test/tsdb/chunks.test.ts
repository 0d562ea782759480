import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChunkReader,
  ChunkWriter,
  chunkRef,
  chunkRefOffset,
  chunkRefSegment,
  segmentFileName,
  type ChunkMeta,
} from '../../src/tsdb/chunks/index.js';
import { Encoding, XORChunk } from '../../src/tsdb/chunkenc/index.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

function meta(data: Uint8Array, encoding: number = Encoding.XOR): ChunkMeta {
  return { ref: 0, minTime: 0, maxTime: 0, chunk: { encoding, bytes: () => data } };
}

/** Deterministic pseudo-random bytes. */
function bytesOf(len: number, seed: number): Uint8Array {
  const b = new Uint8Array(len);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < len; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hyperion-chunks-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('chunk refs', () => {
  it('pack segment index and offset as index·2^32 + offset', () => {
    expect(chunkRef(0, 8)).toBe(8);
    expect(chunkRef(3, 1234)).toBe(3 * 2 ** 32 + 1234);
    expect(chunkRefSegment(3 * 2 ** 32 + 1234)).toBe(3);
    expect(chunkRefOffset(3 * 2 ** 32 + 1234)).toBe(1234);
    expect(segmentFileName(1)).toBe('000001');
    expect(segmentFileName(123456)).toBe('123456');
  });
});

describe('ChunkWriter', () => {
  it('writes the exact bytes promtool writes for one chunk', () => {
    // chunks/000001 of a promtool 2.42 block holding one 5-sample series.
    const promtool = unhex(
      '85bd40dd01000000 2d 01' +
        '000580a0abfef9623ff00000000000009875c25fff6d0707d18befff0000000000006e0c200200000000000040' +
        '3b176d7b',
    );
    const dir = join(tmp, 'chunks');
    const w = ChunkWriter.create(dir);
    const m = meta(promtool.subarray(10, 55));
    w.writeChunks([m]);
    w.close();
    expect(m.ref).toBe(8);
    expect(readdirSync(dir)).toEqual(['000001']);
    expect(hex(readFileSync(join(dir, '000001')))).toBe(hex(promtool));
  });

  it('assigns refs back to back and reads every chunk back', () => {
    const dir = join(tmp, 'chunks');
    const w = ChunkWriter.create(dir);
    const datas = [bytesOf(1, 1), bytesOf(127, 2), bytesOf(128, 3), bytesOf(20000, 4), bytesOf(3, 5)];
    const metas = datas.map((d, i) => meta(d, i % 7));
    w.writeChunks(metas.slice(0, 2));
    w.writeChunks(metas.slice(2));
    w.close();
    w.close(); // idempotent
    // Length uvarint: 1 byte for 1 and 127, 2 for 128, 3 for 20000.
    expect(metas.map((m) => m.ref)).toEqual([8, 8 + 7, 8 + 7 + 133, 8 + 7 + 133 + 135, 8 + 7 + 133 + 135 + 20008]);
    const r = ChunkReader.open(dir);
    metas.forEach((m, i) => {
      const c = r.chunk(m.ref);
      expect(c.encoding).toBe(i % 7);
      expect(hex(c.data)).toBe(hex(datas[i]!));
    });
    expect(r.size()).toBe(statSync(join(dir, '000001')).size);
    expect(r.size()).toBe(8 + 7 + 133 + 135 + 20008 + 9);
    expect([...r.scan()].map((c) => c.ref)).toEqual(metas.map((m) => m.ref));
    r.close();
    expect(() => w.writeChunks([meta(bytesOf(2, 0))])).toThrow('chunk writer is closed');
  });

  it('creates no segment file when nothing is written', () => {
    const dir = join(tmp, 'chunks');
    ChunkWriter.create(dir).close();
    expect(readdirSync(dir)).toEqual([]);
    const r = ChunkReader.open(dir);
    expect(r.size()).toBe(0);
    expect(r.numSegments()).toBe(0);
    expect(() => r.chunk(8)).toThrow('segment index 0 out of range (0 segments)');
  });

  it('cuts segments like Prometheus (5-byte length budget, batches never straddle files)', () => {
    const dir = join(tmp, 'chunks');
    // Budget per 20-byte chunk: 5 + 1 + 20 + 4 = 30; real size 26.
    const w = ChunkWriter.create(dir, 100);
    const first = [0, 1, 2, 3].map((i) => meta(bytesOf(20, i)));
    w.writeChunks(first);
    // 8 + 3·30 = 98 ≤ 100 fits three chunks; the fourth starts 000002.
    expect(first.map((m) => m.ref)).toEqual([8, 34, 60, chunkRef(1, 8)]);
    // The current segment holds 34 bytes: 34 + 30 + 30 = 94 still fits, a third would not.
    const second = [4, 5, 6].map((i) => meta(bytesOf(20, i)));
    w.writeChunks(second);
    expect(second.map((m) => m.ref)).toEqual([chunkRef(1, 34), chunkRef(1, 60), chunkRef(2, 8)]);
    // A chunk larger than a whole segment gets a segment of its own.
    const big = meta(bytesOf(500, 9));
    const after = meta(bytesOf(20, 10));
    w.writeChunks([big, after]);
    expect([big.ref, after.ref]).toEqual([chunkRef(3, 8), chunkRef(4, 8)]);
    w.close();
    expect(readdirSync(dir)).toEqual(['000001', '000002', '000003', '000004', '000005']);
    const r = ChunkReader.open(dir);
    for (const m of [...first, ...second, big, after]) {
      expect(hex(r.chunk(m.ref).data)).toBe(hex(m.chunk!.bytes()));
    }
    expect([...r.scan()].length).toBe(9);
    r.close();
  });

  it('refuses a directory that already has segments, and metas without chunks', () => {
    const dir = join(tmp, 'chunks');
    mkdirSync(dir);
    writeFileSync(join(dir, '000001'), '');
    expect(() => ChunkWriter.create(dir)).toThrow(/already holds segment files \(000001\)/);
    const w = ChunkWriter.create(join(tmp, 'other'));
    expect(() => w.writeChunks([{ ref: 0, minTime: 0, maxTime: 0 }])).toThrow('chunk meta 0 has no chunk data');
    w.close();
  });
});

describe('ChunkReader', () => {
  function writeMany(dir: string, n: number): ChunkMeta[] {
    const w = ChunkWriter.create(dir);
    const metas: ChunkMeta[] = [];
    for (let i = 0; i < n; i++) {
      const c = new XORChunk();
      const a = c.appender();
      for (let j = 0; j < 1 + (i % 150); j++) a.append(1_700_000_000_000 + j * 15_000, (i * 31 + j) % 97);
      metas.push(meta(c.bytes().slice()));
    }
    w.writeChunks(metas);
    w.close();
    return metas;
  }

  it('reads sequentially, backwards and at random through the window cache', () => {
    const dir = join(tmp, 'chunks');
    const metas = writeMany(dir, 3000);
    expect(statSync(join(dir, '000001')).size).toBeGreaterThan(300_000); // more than one 256 KiB window
    const r = ChunkReader.open(dir);
    for (const m of metas) expect(hex(r.chunk(m.ref).data)).toBe(hex(m.chunk!.bytes()));
    for (let i = metas.length - 1; i >= 0; i -= 7) expect(hex(r.chunk(metas[i]!.ref).data)).toBe(hex(metas[i]!.chunk!.bytes()));
    for (let k = 0; k < 500; k++) {
      const m = metas[(k * 7919) % metas.length]!;
      expect(hex(r.chunk(m.ref).data)).toBe(hex(m.chunk!.bytes()));
    }
    r.close();
  });

  it('returns data that stays valid after later reads', () => {
    const dir = join(tmp, 'chunks');
    const metas = writeMany(dir, 2000);
    const r = ChunkReader.open(dir);
    const got = metas.map((m) => r.chunk(m.ref).data);
    got.forEach((d, i) => expect(hex(d)).toBe(hex(metas[i]!.chunk!.bytes())));
    r.close();
  });

  it('reads chunks larger than the read-ahead window', () => {
    const dir = join(tmp, 'chunks');
    const w = ChunkWriter.create(dir);
    const ms = [meta(bytesOf(10, 1)), meta(bytesOf(3 << 20, 2)), meta(bytesOf(10, 3))];
    w.writeChunks(ms);
    w.close();
    const r = ChunkReader.open(dir);
    for (const m of ms) expect(hex(r.chunk(m.ref).data)).toBe(hex(m.chunk!.bytes()));
    r.close();
  });

  describe('corruption is reported with the file name', () => {
    function oneChunk(): { dir: string; file: string; ref: number } {
      const dir = join(tmp, 'chunks');
      const w = ChunkWriter.create(dir);
      const ms = [meta(bytesOf(40, 1)), meta(bytesOf(40, 2))];
      w.writeChunks(ms);
      w.close();
      return { dir, file: join(dir, '000001'), ref: ms[1]!.ref };
    }

    it('bad magic', () => {
      const { dir, file } = oneChunk();
      const b = readFileSync(file);
      b[0] = 0x12;
      writeFileSync(file, b);
      expect(() => ChunkReader.open(dir)).toThrow(`${file}: invalid magic number 0x12bd40dd (want 0x85bd40dd)`);
    });

    it('bad version', () => {
      const { dir, file } = oneChunk();
      const b = readFileSync(file);
      b[4] = 2;
      writeFileSync(file, b);
      expect(() => ChunkReader.open(dir)).toThrow(`${file}: invalid chunk format version 2`);
    });

    it('file shorter than the header', () => {
      const { dir, file } = oneChunk();
      truncateSync(file, 5);
      expect(() => ChunkReader.open(dir)).toThrow(`${file}: invalid segment header: file has 5 bytes, need 8`);
    });

    it('truncated chunk', () => {
      const { dir, file, ref } = oneChunk();
      truncateSync(file, statSync(file).size - 3);
      const r = ChunkReader.open(dir);
      expect(() => r.chunk(ref)).toThrow(`${file}: chunk at offset ${ref} is truncated: needs 46 bytes, file has 43 left`);
      expect(r.chunk(8).data.length).toBe(40);
      expect(() => [...r.scan()]).toThrow('is truncated');
      r.close();
    });

    it('checksum mismatch', () => {
      const { dir, file, ref } = oneChunk();
      const b = readFileSync(file);
      b[ref + 2 + 5] ^= 0x01; // a data byte of the second chunk
      writeFileSync(file, b);
      const r = ChunkReader.open(dir);
      expect(r.chunk(8).data.length).toBe(40);
      expect(() => r.chunk(ref)).toThrow(new RegExp(`^${file}: checksum mismatch at offset ${ref}: stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}$`));
      r.close();
    });

    it('refs outside the files', () => {
      const { dir, file } = oneChunk();
      const r = ChunkReader.open(dir);
      expect(() => r.chunk(chunkRef(1, 8))).toThrow(`${dir}: chunk ref ${2 ** 32 + 8}: segment index 1 out of range (1 segments)`);
      expect(() => r.chunk(4)).toThrow(`${file}: chunk offset 4 out of range (file has 100 bytes)`);
      expect(() => r.chunk(100)).toThrow(`${file}: chunk offset 100 out of range (file has 100 bytes)`);
      r.close();
      expect(() => r.chunk(8)).toThrow('chunk reader is closed');
    });

    it('garbage length field', () => {
      const { dir, file } = oneChunk();
      const b = readFileSync(file);
      b.fill(0xff, 8, 14);
      writeFileSync(file, b);
      const r = ChunkReader.open(dir);
      expect(() => r.chunk(8)).toThrow(`${file}: invalid chunk length field at offset 8`);
      r.close();
    });
  });
});
