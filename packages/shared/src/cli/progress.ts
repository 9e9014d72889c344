/**
 * Where a command may draw its progress line: the terminal's stderr (main.ts passes it only when stderr is a
 * TTY). Absent in pipes, CI logs and tests of the plain output, so those never see a carriage return.
 */
export interface ProgressTerminal {
  readonly write: (text: string) => void;
  /** How long a command runs before its progress appears (default 1 s: quick commands stay silent). */
  readonly delayMs?: number;
}

export interface Progress {
  /** One more of `total` is finished. */
  step(): void;
  /** Clears the line (when one was drawn): the command's own output follows on a clean line. */
  finish(): void;
}

const silent: Progress = { step() {}, finish() {} };

/** Erases the current terminal line: carriage return, then "erase to end of line". */
const clearLine = '\r\x1b[K';

/**
 * A one-line progress counter (`[cors-dev-proxy] scan: 7/15 origins probed…`) redrawn in place on stderr, for
 * commands that wait on the network. Nothing is drawn without a terminal, with `--json` (the caller passes
 * undefined), or when the command finishes within the delay; stdout is never touched.
 */
export function startProgress(
  terminal: ProgressTerminal | undefined,
  label: string,
  total: number,
  unit: string,
): Progress {
  if (!terminal || total === 0) return silent;
  let done = 0;
  let drawn = false;
  const draw = () => {
    drawn = true;
    terminal.write(`${clearLine}[cors-dev-proxy] ${label}: ${done}/${total} ${unit}…`);
  };
  // Unref'd: a pending redraw never keeps the command alive after its work is done.
  const timer = setTimeout(draw, terminal.delayMs ?? 1_000);
  timer.unref();
  return {
    step() {
      done += 1;
      if (drawn) draw();
    },
    finish() {
      clearTimeout(timer);
      if (drawn) terminal.write(clearLine);
      drawn = false;
    },
  };
}
