import { createHmac } from 'node:crypto';
import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import { CENSUS_CSV_COLUMNS, type CensusLineError } from '@pb/shared';

export const MAX_REPORTED_ERRORS = 200;

export interface CensusRow {
  residentHash: string;
  districtId: string;
  birthYear: number;
}

export interface CensusParseResult {
  rows: number;
  accepted: number;
  errors: CensusLineError[];
  rejected: number;
}

/** Full-width digits and letters, spaces and case do not make a different resident. */
export function normalizeResidentNumber(raw: string): string | undefined {
  const normalized = raw
    .normalize('NFKC')
    .replace(/[\s\-‐]/g, '')
    .toUpperCase();
  return /^[A-Z0-9]{1,64}$/.test(normalized) ? normalized : undefined;
}

export function hashResidentNumber(key: string, normalized: string): string {
  return createHmac('sha256', key).update(`census:${normalized}`).digest('hex');
}

export class CensusTooLargeError extends Error {}

type RecordStream = NodeJS.ReadWriteStream & { destroy(error?: Error): void };

/**
 * Yields the parser's records in arrays of up to `size`: awaiting once per record would cost
 * about 40 µs a row (a minute for a million residents).
 */
async function* inBatches(stream: RecordStream, source: Readable, size: number): AsyncGenerator<string[][]> {
  let pending: string[][] = [];
  // Set by the stream's events; an object, so the loop below reads their current values.
  const state: { ended: boolean; failure: Error | undefined } = { ended: false, failure: undefined };
  let wake: (() => void) | undefined;
  stream.on('data', (record: string[]) => {
    pending.push(record);
    if (pending.length >= size) {
      // Pausing the parser itself makes papaparse re-parse its buffered text (quadratic time).
      source.pause();
      wake?.();
    }
  });
  stream.on('end', () => {
    state.ended = true;
    wake?.();
  });
  stream.on('error', (error: Error) => {
    state.failure = error;
    wake?.();
  });
  for (;;) {
    if (state.failure !== undefined) throw state.failure;
    if (pending.length >= size || (state.ended && pending.length > 0)) {
      const records = pending;
      pending = [];
      yield records;
      source.resume();
    } else if (state.ended) {
      return;
    } else {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  }
}

/** Uploads beyond this many times the limit are cut off instead of drained. */
const DRAIN_FACTOR = 2;

/**
 * Decodes the upload as UTF-8 (a character split across two chunks stays whole) and feeds the
 * parser. Past `maxBytes` the parser fails, but the rest of the body is still read and dropped, so
 * the client gets its 413 instead of a reset connection.
 */
function feedWithLimit(input: Readable, parser: RecordStream, maxBytes: number): void {
  let bytes = 0;
  let tooLarge = false;
  input.setEncoding('utf8');
  input.on('data', (chunk: string) => {
    bytes += Buffer.byteLength(chunk, 'utf8');
    if (tooLarge) {
      if (bytes > maxBytes * DRAIN_FACTOR) input.destroy();
      return;
    }
    if (bytes > maxBytes) {
      tooLarge = true;
      parser.destroy(new CensusTooLargeError('census file too large'));
      return;
    }
    if (!parser.write(chunk)) {
      input.pause();
      parser.once('drain', () => input.resume());
    }
  });
  input.on('end', () => {
    if (!tooLarge) parser.end();
  });
  input.on('error', (error) => {
    parser.destroy(error);
  });
}

export interface CensusParseOptions {
  hmacKey: string;
  /** Slug → id of the districts that can take residents (not retired). */
  districtsBySlug: ReadonlyMap<string, string>;
  maxBytes: number;
  currentYear: number;
  /** Receives valid rows in batches; not called again once an invalid line has been seen. */
  onBatch(rows: CensusRow[]): Promise<void>;
}

const BATCH_SIZE = 1000;

/**
 * Reads a census CSV as it streams in, line by line: header `resident_number,district,birth_year`
 * (any order, extra columns ignored). Resident numbers are hashed at once and never kept in clear.
 */
export async function parseCensusCsv(input: Readable, options: CensusParseOptions): Promise<CensusParseResult> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false }) as RecordStream;
  feedWithLimit(input, parser, options.maxBytes);

  const result: CensusParseResult = { rows: 0, accepted: 0, errors: [], rejected: 0 };
  const seen = new Map<string, number>();
  let columns: { resident: number; district: number; birthYear: number } | undefined;
  let headerInvalid = false;
  let batch: CensusRow[] = [];
  let line = 0;

  function reject(message: string): void {
    result.rejected += 1;
    if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ line, message });
  }

  function readHeader(record: string[]): typeof columns {
    const header = record.map((name) =>
      name
        .replace(/^\uFEFF/, '')
        .trim()
        .toLowerCase(),
    );
    const [resident = -1, district = -1, birthYear = -1] = CENSUS_CSV_COLUMNS.map((name) => header.indexOf(name));
    return Math.min(resident, district, birthYear) < 0 ? undefined : { resident, district, birthYear };
  }

  /** A valid row, or why the line is refused. */
  function checkRow(record: string[], at: NonNullable<typeof columns>): CensusRow | string {
    if (record.some((field) => /[\r\n]/.test(field))) return 'a field contains a line break';
    const residentNumber = normalizeResidentNumber(record[at.resident] ?? '');
    const districtSlug = (record[at.district] ?? '').trim().toLowerCase();
    const birthYearText = (record[at.birthYear] ?? '').normalize('NFKC').trim();
    const districtId = options.districtsBySlug.get(districtSlug);
    const birthYear = /^\d{4}$/.test(birthYearText) ? Number(birthYearText) : Number.NaN;
    if (residentNumber === undefined) return 'resident_number must be 1 to 64 letters or digits';
    if (districtId === undefined) return `unknown or retired district "${districtSlug}" (use a district slug)`;
    if (!(birthYear >= 1900 && birthYear <= options.currentYear)) {
      return `birth_year must be a year between 1900 and ${String(options.currentYear)}`;
    }
    const residentHash = hashResidentNumber(options.hmacKey, residentNumber);
    const firstLine = seen.get(residentHash);
    if (firstLine !== undefined) return `the same resident_number is already on line ${String(firstLine)}`;
    return { residentHash, districtId, birthYear };
  }

  function readRow(record: string[], at: NonNullable<typeof columns>): void {
    result.rows += 1;
    const checked = checkRow(record, at);
    if (typeof checked === 'string') {
      reject(checked);
      return;
    }
    seen.set(checked.residentHash, line);
    result.accepted += 1;
    if (result.rejected === 0) batch.push(checked);
  }

  for await (const records of inBatches(parser, input, BATCH_SIZE)) {
    for (const record of records) {
      line += 1;
      // A quoted field may span lines; keep counting the file's lines, not its records.
      const extraLines = record.reduce((sum, field) => sum + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
      if (headerInvalid) continue;
      if (columns === undefined) {
        columns = readHeader(record);
        if (columns === undefined) {
          headerInvalid = true;
          reject(`the first line must name the columns ${CENSUS_CSV_COLUMNS.join(', ')}`);
        }
      } else if (!record.every((field) => field.trim() === '')) readRow(record, columns);
      line += extraLines;
      if (batch.length >= BATCH_SIZE) {
        await options.onBatch(batch);
        batch = [];
      }
    }
  }
  if (batch.length > 0 && result.rejected === 0) await options.onBatch(batch);
  return result;
}
