/** A header as it travelled on the wire: one entry per field line, duplicates kept, name case as sent. */
export type HeaderLine = readonly [name: string, value: string];

/** One HTTP response as received: status, raw header lines, and for redirects the Location. */
export interface ObservedResponse {
  readonly status: number;
  readonly headers: readonly HeaderLine[];
}
