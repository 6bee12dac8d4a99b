/**
 * Neumaier's compensated summation (Neumaier 1974, "Rundungsfehleranalyse einiger Verfahren zur
 * Summation endlicher Summen"; the improved Kahan–Babuška sum). For m additions of terms t_i the
 * computed sum s satisfies |s − Σt_i| ≤ 2ε·Σ|t_i| + O(m·ε²)·Σ|t_i| (ε = 2⁻⁵³), independently of
 * the order of the terms, where a plain running sum has (m−1)·ε·Σ|t_i|. Removal is adding −t.
 */
export class CompensatedSum {
  private s = 0;
  private c = 0;

  add(t: number): void {
    const s = this.s;
    const u = s + t;
    this.c += Math.abs(s) >= Math.abs(t) ? s - u + t : t - u + s;
    this.s = u;
  }

  get value(): number {
    return this.s + this.c;
  }

  reset(): void {
    this.s = 0;
    this.c = 0;
  }
}

/**
 * Indices of the minimum and maximum of a sliding window (the ascending/descending "monotone
 * deque", Lemire 2006): O(1) amortised per bar. Used to know exactly when every value in a window
 * is equal, so a constant window has variance exactly 0 (as SQL's Welford/Chan aggregates give)
 * instead of the rounding residue of a sum of squares.
 */
export class WindowExtremes {
  private readonly minQ: Int32Array;
  private readonly maxQ: Int32Array;
  private minHead = 0;
  private minTail = 0;
  private maxHead = 0;
  private maxTail = 0;

  constructor(
    private readonly x: ArrayLike<number>,
    capacity: number,
  ) {
    this.minQ = new Int32Array(capacity);
    this.maxQ = new Int32Array(capacity);
  }

  /** Bar j (finite value) enters the window; bars enter in index order. */
  push(j: number): void {
    const x = this.x;
    const v = x[j];
    while (this.minTail > this.minHead && x[this.minQ[this.minTail - 1]] >= v) this.minTail--;
    this.minQ[this.minTail++] = j;
    while (this.maxTail > this.maxHead && x[this.maxQ[this.maxTail - 1]] <= v) this.maxTail--;
    this.maxQ[this.maxTail++] = j;
  }

  /** Bar j leaves the window (bars leave in index order; a bar never pushed is ignored). */
  drop(j: number): void {
    if (this.minTail > this.minHead && this.minQ[this.minHead] === j) this.minHead++;
    if (this.maxTail > this.maxHead && this.maxQ[this.maxHead] === j) this.maxHead++;
  }

  /** True when the window holds values and all of them are equal. */
  constant(): boolean {
    return this.minTail > this.minHead && this.x[this.minQ[this.minHead]] === this.x[this.maxQ[this.maxHead]];
  }
}
