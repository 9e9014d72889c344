/** Bad command-line input: printed as one line plus a correct example, exit status 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly example?: string,
  ) {
    super(message);
  }
}
