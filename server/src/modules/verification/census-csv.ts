import { createHmac } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { CsvError, parse, type Info } from 'csv-parse';
import { CENSUS_CSV_COLUMNS, type CensusLineError } from '@pb/shared';
import { unstorableTextError } from '../../plugins/app/storable-text.js';

/** Why a line is refused, as the report gives it. */
type Problem = Omit<CensusLineError, 'line'>;

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

/** Uploads beyond this many times the limit are cut off instead of drained. */
const DRAIN_FACTOR = 2;

interface LimitedBody {
  stream: PassThrough;
  /** Stops passing data on; the rest of the body is read and dropped. */
  discardRest(): void;
}

/**
 * Passes the upload on until `maxBytes` (or a NUL byte), then fails the copy but keeps reading and
 * dropping the rest of the body, so the client gets its 413 (or 400) instead of a reset connection.
 */
function limitBytes(input: Readable, maxBytes: number): LimitedBody {
  let bytes = 0;
  let discarding = false;
  const stream = new PassThrough();
  function discardRest(): void {
    discarding = true;
    input.resume();
  }
  input.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes * DRAIN_FACTOR) {
      input.destroy();
    } else if (bytes > maxBytes && !discarding) {
      stream.destroy(new CensusTooLargeError('census file too large'));
      discardRest();
    } else if (!discarding && chunk.includes(0)) {
      // PostgreSQL stores no U+0000: the file is refused whole (400), as the JSON routes refuse one.
      stream.destroy(unstorableTextError('body', 'a NUL character'));
      discardRest();
    } else if (!discarding && !stream.write(chunk)) {
      input.pause();
      stream.once('drain', () => {
        if (!discarding) input.resume();
      });
    }
  });
  input.on('end', () => {
    if (!discarding) stream.end();
  });
  input.on('error', (error) => stream.destroy(error));
  return { stream, discardRest };
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

interface Columns {
  resident: number;
  district: number;
  birthYear: number;
}

function findColumns(record: string[]): Columns | undefined {
  const header = record.map((name) => name.trim().toLowerCase());
  const [resident = -1, district = -1, birthYear = -1] = CENSUS_CSV_COLUMNS.map((name) => header.indexOf(name));
  return Math.min(resident, district, birthYear) < 0 ? undefined : { resident, district, birthYear };
}

/**
 * Reads a census CSV as it streams in, line by line: header `resident_number,district,birth_year`
 * (any order, extra columns ignored, UTF-8 with or without BOM). Resident numbers are hashed at
 * once and never kept in clear. Line numbers are the file's, also after quoted multi-line fields.
 */
export async function parseCensusCsv(input: Readable, options: CensusParseOptions): Promise<CensusParseResult> {
  const limited = limitBytes(input, options.maxBytes);
  const parser = limited.stream.pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, encoding: 'utf8' }),
  );
  limited.stream.on('error', (error) => parser.destroy(error));

  const result: CensusParseResult = { rows: 0, accepted: 0, errors: [], rejected: 0 };
  const seen = new Map<string, number>();
  let columns: Columns | undefined;
  let batch: CensusRow[] = [];

  function reject(line: number, problem: Problem): void {
    result.rejected += 1;
    if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ line, ...problem });
  }

  /** A valid row, or why the line is refused. */
  function checkRow(record: string[], at: Columns): CensusRow | Problem {
    if (record.some((field) => /[\r\n]/.test(field))) {
      return { code: 'line_break', params: {}, message: 'a field contains a line break' };
    }
    const residentNumber = normalizeResidentNumber(record[at.resident] ?? '');
    const districtSlug = (record[at.district] ?? '').trim().toLowerCase();
    const birthYearText = (record[at.birthYear] ?? '').normalize('NFKC').trim();
    const districtId = options.districtsBySlug.get(districtSlug);
    const birthYear = /^\d{4}$/.test(birthYearText) ? Number(birthYearText) : Number.NaN;
    if (residentNumber === undefined) {
      return {
        code: 'resident_number_invalid',
        params: {},
        message: 'resident_number must be 1 to 64 letters or digits',
      };
    }
    if (districtId === undefined) {
      return {
        code: 'district_unknown',
        params: { district: districtSlug },
        message: `unknown or retired district "${districtSlug}" (use a district slug)`,
      };
    }
    if (!(birthYear >= 1900 && birthYear <= options.currentYear)) {
      return {
        code: 'birth_year_invalid',
        params: { min: 1900, max: options.currentYear },
        message: `birth_year must be a year between 1900 and ${String(options.currentYear)}`,
      };
    }
    const residentHash = hashResidentNumber(options.hmacKey, residentNumber);
    const firstLine = seen.get(residentHash);
    if (firstLine !== undefined) {
      return {
        code: 'duplicate_resident',
        params: { firstLine },
        message: `the same resident_number is already on line ${String(firstLine)}`,
      };
    }
    return { residentHash, districtId, birthYear };
  }

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      if (columns === undefined) {
        columns = findColumns(record);
        if (columns !== undefined) continue;
        reject(info.lines, {
          code: 'header_missing',
          params: { columns: CENSUS_CSV_COLUMNS.join(', ') },
          message: `the first line must name the columns ${CENSUS_CSV_COLUMNS.join(', ')}`,
        });
        limited.discardRest();
        break;
      }
      if (record.every((field) => field.trim() === '')) continue;
      result.rows += 1;
      const checked = checkRow(record, columns);
      if ('code' in checked) {
        reject(info.lines, checked);
        continue;
      }
      seen.set(checked.residentHash, info.lines);
      result.accepted += 1;
      if (result.rejected > 0) continue;
      batch.push(checked);
      if (batch.length >= BATCH_SIZE) {
        await options.onBatch(batch);
        batch = [];
      }
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // Malformed CSV (an unclosed quote, say): report where, and read no further.
    reject(typeof error.lines === 'number' ? error.lines : 1, {
      code: 'malformed_csv',
      params: {},
      message: `malformed CSV: ${error.message}`,
    });
    limited.discardRest();
  }
  if (batch.length > 0 && result.rejected === 0) await options.onBatch(batch);
  return result;
}
