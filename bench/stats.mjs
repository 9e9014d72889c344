/** Small statistics helpers: every reported number is a median (or a percentile) over rounds or samples. */

/**
 * @param {readonly number[]} values
 * @param {number} p percentile in [0, 100]
 * @returns {number} NaN for an empty list
 */
export function percentile(values, p) {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  // Linear interpolation between closest ranks (the same definition as numpy's default).
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** @param {readonly number[]} values */
export const median = (values) => percentile(values, 50);

/** @param {readonly number[]} values */
export const minimum = (values) => (values.length === 0 ? Number.NaN : Math.min(...values));

/** @param {readonly number[]} values */
export const maximum = (values) => (values.length === 0 ? Number.NaN : Math.max(...values));

/**
 * `a / b`, or NaN when either side is missing, so a ratio is never invented from a failed measurement.
 * @param {number | undefined} a
 * @param {number | undefined} b
 */
export function ratio(a, b) {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) {
    return Number.NaN;
  }
  return a / b;
}
