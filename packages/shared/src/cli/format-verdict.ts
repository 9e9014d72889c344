import type { CorsFix } from '../cors/fix.js';
import type { CorsRequest, CorsVerdict } from '../cors/types.js';

export interface Palette {
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
}

const ansi = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function createPalette(enabled: boolean): Palette {
  if (!enabled) {
    const plain = (text: string) => text;
    return { red: plain, green: plain, yellow: plain, bold: plain, dim: plain };
  }
  return {
    red: ansi(31, 39),
    green: ansi(32, 39),
    yellow: ansi(33, 39),
    bold: ansi(1, 22),
    dim: ansi(2, 22),
  };
}

function headerBlock(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`);
}

/** The human report: verdict first, then the browser's own words, then the fix. */
export function formatVerdict(
  request: CorsRequest,
  pageOrigin: string,
  verdict: CorsVerdict,
  fix: CorsFix,
  palette: Palette,
): string {
  const lines: string[] = [];
  const reasons = [
    verdict.preflightReasons.method ? `method ${verdict.preflightReasons.method}` : '',
    verdict.preflightReasons.headers.length > 0
      ? `headers ${verdict.preflightReasons.headers.join(', ')}`
      : '',
  ].filter(Boolean);
  const what = `${request.method} ${request.url} from ${pageOrigin}${request.credentials === 'include' ? ' with credentials' : ''}`;
  const badge =
    verdict.allowed === true
      ? palette.green(palette.bold('✔ ALLOWED'))
      : verdict.allowed === false
        ? palette.red(palette.bold('✖ BLOCKED'))
        : palette.yellow(palette.bold('? UNDECIDED'));
  lines.push(`${badge}  ${what}`);
  lines.push(
    palette.dim(
      verdict.preflight ? `  preflight: yes (${reasons.join('; ')})` : '  preflight: no (a simple request)',
    ),
  );
  if (verdict.undecided) lines.push('', palette.yellow(`  ${verdict.undecided}.`));
  if (verdict.failedParameterCandidates) {
    lines.push(
      palette.dim(
        `  Chromium names one of ${verdict.failedParameterCandidates.join(', ')} (its own hash order); all of them need fixing.`,
      ),
    );
  }
  if (verdict.message) lines.push('', palette.bold('Chromium says:'), `  ${verdict.message}`);
  const others = verdict.problems.slice(1);
  if (others.length > 0) {
    lines.push(
      '',
      palette.bold('Also wrong (reported once the first is fixed):'),
      ...others.map((problem) => `  • ${problem.detail}`),
    );
  }
  if (verdict.allowed === null) {
    lines.push('', palette.bold('The actual response must carry:'), ...headerBlock(fix.responseHeaders));
  }
  if (verdict.allowed === false) {
    lines.push('', palette.bold('Fix:'));
    if (fix.preflightHeaders) {
      lines.push(
        '  Answer the preflight (OPTIONS) with 204 and:',
        ...headerBlock(fix.preflightHeaders).map((line) => `  ${line}`),
      );
    }
    lines.push(
      '  Send on every response, errors and redirects included:',
      ...headerBlock(fix.responseHeaders).map((line) => `  ${line}`),
    );
    // What the fix keeps of the server's policy comes first: it says the headers above are additions.
    for (const advice of [fix.policyChange, ...fix.advice]) if (advice) lines.push(`  • ${advice}`);
    if (fix.snippet) {
      lines.push(
        '',
        palette.bold(`${fix.snippet.framework}:`),
        ...fix.snippet.code
          .trimEnd()
          .split('\n')
          .map((line) => `  ${line}`),
      );
    }
  }
  if (verdict.notes.length > 0) {
    lines.push('', palette.bold('Other browsers:'), ...verdict.notes.map((note) => `  • ${note.message}`));
  }
  return `${lines.join('\n')}\n`;
}
