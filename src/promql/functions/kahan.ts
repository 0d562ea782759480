// Kahan–Neumaier summation as Prometheus's util/kahansum.Inc does it. Results
// must match Prometheus to the last bit, so the kernels keep Go's exact order
// of operations; JS never fuses multiply-add, like Go on amd64.

const MAX = Number.MAX_VALUE;

/**
 * The compensation term after adding `inc` to `sum` (Go: the second result of
 * kahansum.Inc). The new sum is `sum + inc`; callers compute it themselves so
 * hot loops need no tuple:
 *
 *   c = kahanC(v, sum, c); sum += v;
 */
export function kahanC(inc: number, sum: number, c: number): number {
  const t = sum + inc;
  // An infinite running sum makes the compensation meaningless (and NaN-prone).
  if (t > MAX || t < -MAX) return 0;
  if (Math.abs(sum) >= Math.abs(inc)) return c + ((sum - t) + inc);
  return c + ((inc - t) + sum);
}

/** A running Kahan sum for callers that keep one accumulator per group (aggregations). */
export class KahanSum {
  sum = 0;
  c = 0;

  add(v: number): void {
    this.c = kahanC(v, this.sum, this.c);
    this.sum += v;
  }

  /** sum + compensation, except that an infinite sum is returned as is (sum_over_time's rule). */
  value(): number {
    const s = this.sum;
    if (s > MAX || s < -MAX) return s;
    return s + this.c;
  }
}
