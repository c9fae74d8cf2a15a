// What every benchmark measures with: the time of one call, and percentiles of many.

/** Milliseconds `work` took to resolve. */
export async function timed(work) {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The `p`th percentile (nearest rank) of values sorted in ascending order. */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Median, p99 and mean of a list of samples. */
export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return { median: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
}
