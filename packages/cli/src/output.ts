/** Where a command writes. `stdout` carries results; `stderr` carries progress, hints and errors. */
export interface Streams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** `--quiet`: tables and records print only their ids, hints are not printed. */
  quiet?: boolean | undefined;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  /** Longer values are cut with an ellipsis. */
  maxWidth?: number;
}

function cell(value: string | number | boolean | null | undefined, maxWidth: number | undefined): string {
  const text =
    value === null || value === undefined || value === '' ? '-' : String(value).replace(/\s+/g, ' ');
  return maxWidth !== undefined && text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
}

/**
 * Renders results either for people (aligned tables, `key: value` lines) or, with `--json`, as JSON:
 * one pretty document for a single result, or one compact line per item for streams.
 */
export class Output {
  readonly json: boolean;
  /** `--quiet` (without `--json`): only ids, for scripts (`wagw sessions list -q | xargs …`). */
  readonly quiet: boolean;
  readonly #streams: Streams;

  constructor(streams: Streams, json: boolean) {
    this.#streams = streams;
    this.json = json;
    this.quiet = streams.quiet === true && !json;
  }

  /** One JSON document on stdout. */
  printJson(value: unknown): void {
    this.#streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One compact JSON line on stdout (for streams: `pair`, `events --follow`, `webhooks receive`). */
  printJsonLine(value: unknown): void {
    this.#streams.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** A line of human output on stdout. */
  line(text = ''): void {
    this.#streams.stdout.write(`${text}\n`);
  }

  /** A progress or hint line on stderr, so stdout stays parseable. */
  info(text: string): void {
    if (this.quiet) return;
    this.#streams.stderr.write(`${text}\n`);
  }

  /** `label: value` lines with aligned values; null values print as `-`. */
  fields(pairs: ReadonlyArray<readonly [string, string | number | boolean | null | undefined]>): void {
    if (this.quiet) {
      const id = pairs.find(([label]) => label.toLowerCase() === 'id') ?? pairs[0];
      if (id) this.line(cell(id[1], undefined));
      return;
    }
    const width = Math.max(0, ...pairs.map(([label]) => label.length));
    for (const [label, value] of pairs)
      this.line(`${`${label}:`.padEnd(width + 2)}${cell(value, undefined)}`);
  }

  /** An aligned table with a header row, or `empty` when there are no rows. */
  table<T>(rows: readonly T[], columns: readonly Column<T>[], empty: string): void {
    if (this.quiet) {
      // The first column is the id in every table.
      for (const row of rows) this.line(cell(columns[0]?.value(row), undefined));
      return;
    }
    if (rows.length === 0) {
      this.line(empty);
      return;
    }
    const cells = rows.map((row) => columns.map((c) => cell(c.value(row), c.maxWidth)));
    const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
    const format = (values: readonly string[]) =>
      values
        .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd();
    this.line(format(columns.map((c) => c.header)));
    for (const row of cells) this.line(format(row));
  }
}
