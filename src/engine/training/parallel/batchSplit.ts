/**
 * How many of a batch's samples the loop's own thread takes, the rest going to the helper:
 * in proportion to how fast each side has been per sample, so that both halves end at about
 * the same time. The two threads are not equally fast: the helper also unpacks the weights and
 * its rows, the main thread also sends them, and the machine's other work lands on either. The
 * split never changes the result: the two gradients are averaged weighted by their counts.
 */
export class BatchSplit {
  /** The share of a batch the main thread takes; starts even. */
  private share = 0.5;

  constructor(
    /** How far each observation moves the share towards the balanced one (exponential smoothing). */
    private readonly smoothing = 0.2,
    /** The share stays within [limit, 1 − limit], so that neither side ever starves. */
    private readonly limit = 0.25,
  ) {}

  /** The main thread's count for a batch of `size` (at least one, and all of a batch of one). */
  mine(size: number): number {
    if (size <= 1) return size;
    return Math.min(size - 1, Math.max(1, Math.round(size * this.share)));
  }

  /** The main thread's current share of a batch. */
  get mainShare(): number {
    return this.share;
  }

  /** Learns from one step: each side's sample count and the milliseconds it took. */
  observe(mine: number, mineMs: number, theirs: number, theirMs: number): void {
    if (mine <= 0 || theirs <= 0 || !(mineMs > 0) || !(theirMs > 0)) return;
    const mainRate = mine / mineMs;
    const helperRate = theirs / theirMs;
    const balanced = mainRate / (mainRate + helperRate);
    const next = this.share + this.smoothing * (balanced - this.share);
    this.share = Math.min(1 - this.limit, Math.max(this.limit, next));
  }
}
