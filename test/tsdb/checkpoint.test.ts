// WAL checkpoints: what is kept and dropped, naming and the temp dir,
// chaining onto the previous checkpoint, replay order, corruption handling.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Encbuf } from '../../src/tsdb/encoding.js';
import {
  WAL, WALCorruptionError, readRecords, checkpoint, lastCheckpoint, listCheckpoints, deleteCheckpoints, segmentName,
  RecordType, recordType, SampleBatch, encodeSeries, decodeSeries, encodeSamples, decodeSamples, encodeTombstones,
  decodeTombstones, encodeExemplars, decodeExemplars, encodeMetadata, decodeMetadata, encodeMmapMarkers,
  histogramSpans, type RefSeries,
} from '../../src/tsdb/wal/index.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'hyperion-cp-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const lbl = (name: string) => [{ name: '__name__', value: name }];
const be64 = (v: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(v));
  return [...b];
};
/** Raw bits of value i of a Float64Array as [hi, lo]. */
function bits(a: Float64Array, i: number): [number, number] {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  return [u[2 * i + 1]!, u[2 * i]!];
}

interface State {
  series: RefSeries[];
  samples: [number, number, [number, number]][];
  tombstones: { ref: number; mint: number; maxt: number }[];
  exemplars: { ref: number; t: number }[];
  metadata: { ref: number; help: string }[];
  histograms: [number, number][];
  other: number[];
}
function collect(recs: Iterable<Uint8Array>): State {
  const st: State = { series: [], samples: [], tombstones: [], exemplars: [], metadata: [], histograms: [], other: [] };
  const b = new SampleBatch();
  for (const r of recs) {
    switch (recordType(r)) {
      case RecordType.Series:
        st.series.push(...decodeSeries(r));
        break;
      case RecordType.Samples: {
        const n = decodeSamples(r, b);
        for (let i = 0; i < n; i++) st.samples.push([b.refs[i]!, b.ts[i]!, bits(b.vs, i)]);
        break;
      }
      case RecordType.Tombstones:
        st.tombstones.push(...decodeTombstones(r));
        break;
      case RecordType.Exemplars:
        st.exemplars.push(...decodeExemplars(r).map((e) => ({ ref: e.ref, t: e.t })));
        break;
      case RecordType.Metadata:
        st.metadata.push(...decodeMetadata(r).map((m) => ({ ref: m.ref, help: m.help })));
        break;
      case RecordType.HistogramSamples:
        st.histograms.push(...histogramSpans(r).map((h) => [h.ref, h.t] as [number, number]));
        break;
      default:
        st.other.push(r[0]!);
    }
  }
  return st;
}

const intHist = [0x00, 0x00, ...be64(0), 0x00, 0x01, ...be64(0), 0x00, 0x00, 0x00, 0x00];
function histRecord(samples: [number, number][]): Uint8Array {
  const e = new Encbuf();
  e.putByte(RecordType.HistogramSamples);
  e.putBE64(samples[0]![0]);
  e.putBE64(samples[0]![1]);
  for (const [ref, t] of samples) {
    e.putVarint(ref - samples[0]![0]);
    e.putVarint(t - samples[0]![1]);
    e.putBytes(Uint8Array.from(intHist));
  }
  return e.get().slice();
}

/** Four series over segments 0..3, with every record type; value bits include the stale marker. */
function buildWAL(dir: string, compress = true): void {
  const w = WAL.open(dir, { compress, segmentSize: 2 * 32768 });
  const vs = new Float64Array(4);
  const u = new Uint32Array(vs.buffer);
  const put = (refs: number[], t: number) => {
    for (let i = 0; i < refs.length; i++) {
      u[2 * i] = i === 2 ? 2 : t + i; // lo
      u[2 * i + 1] = i === 2 ? 0x7ff00000 : 0x40000000; // hi: stale marker for the third
    }
    w.log(encodeSamples(refs, refs.map(() => t), vs, refs.length));
  };
  // segment 0
  w.log(encodeSeries([{ ref: 1, labels: lbl('a') }, { ref: 2, labels: lbl('b') }]));
  w.log(encodeMetadata([{ ref: 1, type: 1, unit: '', help: 'old a' }, { ref: 2, type: 2, unit: '', help: 'b' }]));
  put([1, 2], 500);
  put([1, 2], 1000);
  w.nextSegment();
  // segment 1
  w.log(encodeSeries([{ ref: 3, labels: lbl('c') }, { ref: 4, labels: lbl('d') }]));
  put([1, 2, 3, 4], 1500);
  w.log(encodeTombstones([{ ref: 1, mint: 0, maxt: 600 }, { ref: 3, mint: 0, maxt: 2000 }, { ref: 2, mint: 0, maxt: 5000 }]));
  w.log(encodeExemplars([{ ref: 1, t: 900, v: 1, labels: [] }, { ref: 3, t: 1500, v: 1, labels: [] }, { ref: 4, t: 1500, v: 1, labels: [] }]));
  w.nextSegment();
  // segment 2
  w.log(encodeMetadata([{ ref: 1, type: 1, unit: '', help: 'new a' }, { ref: 4, type: 1, unit: '', help: 'd' }]));
  w.log(histRecord([[1, 800], [3, 1200], [4, 1300]]));
  w.log(encodeMmapMarkers([{ ref: 1, mmapRef: 5 }]));
  w.log(Uint8Array.of(42, 1, 2, 3)); // a type from the future
  put([1, 3], 2000);
  w.nextSegment();
  // segment 3 (not checkpointed)
  put([1, 3], 2500);
  w.close();
}

const keep13 = (ref: number) => ref === 1 || ref === 3;

describe('checkpoint', () => {
  it('keeps live series and their samples/tombstones/exemplars at or after mint, and the latest metadata', () => {
    const dir = tmp();
    buildWAL(dir);
    const { dir: cp, stats } = checkpoint(dir, 0, 2, keep13, 1000);
    expect(cp).toBe(join(dir, 'checkpoint.00000002'));
    expect(readdirSync(dir).sort()).toEqual(['00000000', '00000001', '00000002', '00000003', 'checkpoint.00000002']);
    expect(readdirSync(cp)).toEqual(['00000000']);

    const st = collect(readRecords(cp));
    expect(st.series).toEqual([{ ref: 1, labels: lbl('a') }, { ref: 3, labels: lbl('c') }]);
    expect(st.samples).toEqual([
      [1, 1000, [0x40000000, 1000]],
      [1, 1500, [0x40000000, 1500]],
      [3, 1500, [0x7ff00000, 2]], // stale marker bits kept
      [1, 2000, [0x40000000, 2000]],
      [3, 2000, [0x40000000, 2001]],
    ]);
    expect(st.tombstones).toEqual([{ ref: 3, mint: 0, maxt: 2000 }]);
    expect(st.exemplars).toEqual([{ ref: 3, t: 1500 }]);
    expect(st.histograms).toEqual([[3, 1200]]);
    expect(st.metadata).toEqual([{ ref: 1, help: 'new a' }]);
    expect(st.other).toEqual([]); // mmap markers and unknown types dropped
    expect(stats).toEqual({
      totalSeries: 4, droppedSeries: 2,
      totalSamples: 2 + 2 + 4 + 3 + 2, droppedSamples: 2 + 1 + 2 + 2 + 0,
      totalTombstones: 3, droppedTombstones: 2,
      totalExemplars: 3, droppedExemplars: 2,
      totalMetadata: 4, droppedMetadata: 3,
    });
    expect(lastCheckpoint(dir)).toEqual({ name: 'checkpoint.00000002', index: 2, dir: cp });
  });

  it('replay order: last checkpoint, then the segments after it', () => {
    const dir = tmp();
    buildWAL(dir, false);
    checkpoint(dir, 0, 2, keep13, 1000);
    const w = WAL.open(dir);
    w.truncate(3);
    w.close();
    const cp = lastCheckpoint(dir)!;
    const st = collect([...readRecords(cp.dir), ...readRecords(dir, { from: cp.index + 1 })]);
    expect(st.samples.map((s) => [s[0], s[1]])).toEqual([[1, 1000], [1, 1500], [3, 1500], [1, 2000], [3, 2000], [1, 2500], [3, 2500]]);
    expect(st.series.map((s) => s.ref)).toEqual([1, 3]);
  });

  it('chains onto the previous checkpoint, deletes it, and rejects a gap', () => {
    const dir = tmp();
    buildWAL(dir);
    checkpoint(dir, 0, 1, () => true, 0);
    expect(listCheckpoints(dir).map((c) => c.name)).toEqual(['checkpoint.00000001']);
    // from 0 is moved up to the segment after the checkpoint.
    const { dir: cp2 } = checkpoint(dir, 0, 3, (r) => r !== 2, 1500);
    expect(listCheckpoints(dir).map((c) => c.name)).toEqual(['checkpoint.00000003']);
    const st = collect(readRecords(cp2));
    expect(st.series.map((s) => s.ref)).toEqual([1, 3, 4]);
    expect(st.samples.map((s) => [s[0], s[1]])).toEqual([[1, 1500], [3, 1500], [4, 1500], [1, 2000], [3, 2000], [1, 2500], [3, 2500]]);
    expect(st.metadata.sort((a, b) => a.ref - b.ref)).toEqual([{ ref: 1, help: 'new a' }, { ref: 4, help: 'd' }]);

    expect(() => checkpoint(dir, 5, 6, () => true, 0)).toThrow(
      `checkpoint ${dir}: unexpected gap to last checkpoint, expected segment 4, requested 5`,
    );
  });

  it('removes stale temp dirs and replaces a checkpoint of the same index', () => {
    const dir = tmp();
    buildWAL(dir);
    mkdirSync(join(dir, 'checkpoint.00000007.tmp'));
    writeFileSync(join(dir, 'checkpoint.00000007.tmp', '00000000'), 'junk');
    checkpoint(dir, 0, 1, () => true, 0);
    expect(existsSync(join(dir, 'checkpoint.00000007.tmp'))).toBe(false);
    // Same index again (e.g. a retry after a crash between rename and segment deletion).
    checkpoint(dir, 0, 1, keep13, 0);
    expect(listCheckpoints(dir).map((c) => c.index)).toEqual([1]);
    expect(collect(readRecords(join(dir, 'checkpoint.00000001'))).series.map((s) => s.ref)).toEqual([1, 3]);
  });

  it('fails on a corrupt input segment without repairing or leaving a checkpoint behind', () => {
    const dir = tmp();
    buildWAL(dir, false);
    const b = new Uint8Array(readFileSync(segmentName(dir, 1)));
    b[20]! ^= 0xff;
    writeFileSync(segmentName(dir, 1), b);
    let err: unknown;
    try {
      checkpoint(dir, 0, 2, () => true, 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(WALCorruptionError);
    expect((err as Error).message).toBe('checkpoint: read segments: wal segment 00000001: invalid checksum at offset 0');
    expect((err as Error).cause).toBeInstanceOf(WALCorruptionError);
    expect(readdirSync(dir).sort()).toEqual(['00000000', '00000001', '00000002', '00000003']);
  });

  it('lastCheckpoint and deleteCheckpoints', () => {
    const dir = tmp();
    expect(lastCheckpoint(dir)).toBeNull();
    for (const n of ['checkpoint.00000003', 'checkpoint.00000010', 'checkpoint.00000005.tmp']) mkdirSync(join(dir, n));
    expect(lastCheckpoint(dir)).toEqual({ name: 'checkpoint.00000010', index: 10, dir: join(dir, 'checkpoint.00000010') });
    deleteCheckpoints(dir, 10);
    expect(readdirSync(dir).sort()).toEqual(['checkpoint.00000005.tmp', 'checkpoint.00000010']);
    writeFileSync(join(dir, 'checkpoint.00000011'), '');
    expect(() => lastCheckpoint(dir)).toThrow('checkpoint checkpoint.00000011 is not a directory');
  });
});
