import Papa from 'papaparse';

/** A CSV cell: text, or a number written as a bare number. */
export type CsvCell = string | number;

/**
 * OWASP's CSV-injection list: a text cell starting with = + - @ tab or carriage return runs as a
 * formula when the file is opened in a spreadsheet. Papa's own `escapeFormulae: true` pattern
 * (`/^[=+\-@\t\r].*$/`) lets such a cell through when it also holds a line break (`.` does not match
 * one), so the pattern is ours. The fullwidth ＝＋－＠ are included too: Japanese Excel narrows a
 * formula typed with a fullwidth sign (IME in fullwidth mode) and runs it, we could not rule out
 * that it does the same when it opens a CSV, and these files are opened in Japanese spreadsheets;
 * the cost is an apostrophe before the rare title that starts with one.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/u;

/**
 * The CSV text (LF, a final newline, header first) of a table. Text cells that a spreadsheet would
 * run as a formula get a leading `'` (and are quoted); numbers are written as they are, so a
 * negative figure stays a number. Papa decides by the value's type, not its text: "-5" is text.
 */
export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `${Papa.unparse([header, ...rows], { newline: '\n', escapeFormulae: FORMULA_START })}\n`;
}
