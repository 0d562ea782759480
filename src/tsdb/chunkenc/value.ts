// Float64 bit access without BigInt: one shared Float64Array/Uint32Array pair.
// Typed arrays keep NaN payloads intact, so the stale marker (a specific NaN)
// survives storage and can be told apart from an ordinary NaN.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Shared scratch views for hot paths in this folder (single-threaded use only). */
export const scratchF64 = f64;
export const scratchU32 = u32;

/** Index of the high / low 32-bit word of a float64 inside a Uint32Array view. */
export const HI_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
export const LO_WORD = 1 - HI_WORD;

/** Prometheus's staleness marker: NaN with bits 0x7ff0000000000002. */
export const STALE_NAN_BITS_HI = 0x7ff00000;
export const STALE_NAN_BITS_LO = 0x00000002;

export const staleNaN: number = (() => {
  u32[HI_WORD] = STALE_NAN_BITS_HI;
  u32[LO_WORD] = STALE_NAN_BITS_LO;
  return f64[0]!;
})();

/** True only for the exact stale-marker bit pattern (not for other NaNs). */
export function isStaleNaN(v: number): boolean {
  f64[0] = v;
  return u32[HI_WORD] === STALE_NAN_BITS_HI && u32[LO_WORD] === STALE_NAN_BITS_LO;
}

/** High 32 bits of the float64 bit pattern of v (unsigned). */
export function floatBitsHi(v: number): number {
  f64[0] = v;
  return u32[HI_WORD]!;
}

/** Low 32 bits of the float64 bit pattern of v (unsigned). */
export function floatBitsLo(v: number): number {
  f64[0] = v;
  return u32[LO_WORD]!;
}

/** The float64 with bit pattern hi:lo. */
export function floatFromBits(hi: number, lo: number): number {
  u32[HI_WORD] = hi;
  u32[LO_WORD] = lo;
  return f64[0]!;
}
