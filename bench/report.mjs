/**
 * Text output: one Markdown table per workload (so a run pastes straight into BENCHMARKS.md), the comparison
 * lines under it, and the verdict per target.
 * @typedef {import('./workload-kit.mjs').WorkloadResult} WorkloadResult
 * @typedef {import('./targets.mjs').Verdict} Verdict
 */

/**
 * @param {readonly string[][]} cells first row is the header
 */
export function markdownTable(cells) {
  const widths = cells[0].map((_, column) => Math.max(3, ...cells.map((row) => row[column].length)));
  const line = (/** @type {readonly string[]} */ row) =>
    `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

/**
 * @param {WorkloadResult} result
 * @returns {string}
 */
export function formatWorkload(result) {
  const header = ['system', ...result.columns.map((column) => column.label)];
  const body = result.rows.map((row) => {
    if (row.note && Object.keys(row.values).length === 0) {
      return [row.label, row.note, ...result.columns.slice(1).map(() => '')];
    }
    return [
      row.note ? `${row.label} (${row.note})` : row.label,
      ...result.columns.map((column) => {
        const value = row.values[column.key];
        if (value === undefined) return '—';
        return column.format ? column.format(value) : String(value);
      }),
    ];
  });
  const comparisons = result.comparisons.map(
    (comparison) => `- ${comparison.label} = ${formatComparison(comparison)}`,
  );
  const method = result.loadAverage
    ? `${result.method}; 1-min load average ${result.loadAverage}`
    : result.method;
  return [
    `### ${result.title}`,
    '',
    `_${method}_`,
    '',
    markdownTable([header, ...body]),
    '',
    ...comparisons,
  ].join('\n');
}

/** @param {import('./workload-kit.mjs').Comparison} comparison */
export function formatComparison({ value, unit }) {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (unit === '%') return `${value.toFixed(1)} %`;
  if (unit === 'µs') return `${value >= 0 ? '+' : ''}${value.toFixed(0)} µs`;
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)} ms`;
}

/**
 * @param {readonly Verdict[]} verdicts
 * @param {boolean} judged false for the smoke run: shown, never judged
 */
export function formatVerdicts(verdicts, judged) {
  const rows = verdicts.map((verdict) => [
    verdict.target,
    verdict.measured,
    !judged ? 'not judged (smoke)' : verdict.pass === undefined ? 'not run' : verdict.pass ? 'PASS' : 'FAIL',
  ]);
  return ['### Targets', '', markdownTable([['target', 'measured', 'verdict'], ...rows])].join('\n');
}
