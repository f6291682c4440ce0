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

/** Uploads beyond this many times the limit are cut off instead of drained. */
const DRAIN_FACTOR = 2;

/**
 * Decodes the upload as UTF-8 (a character split across two chunks stays whole) and feeds the
 * parser. Past `maxBytes` the parser fails, but the rest of the body is still read and dropped, so
 * the client gets its 413 instead of a reset connection.
 */
function feedWithLimit(
  input: Readable,
  parser: NodeJS.ReadWriteStream & { destroy(error?: Error): void },
  maxBytes: number,
): void {
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
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false }) as NodeJS.ReadWriteStream & {
    destroy(error?: Error): void;
  };
  feedWithLimit(input, parser, options.maxBytes);

  const result: CensusParseResult = { rows: 0, accepted: 0, errors: [], rejected: 0 };
  const seen = new Map<string, number>();
  let columns: { resident: number; district: number; birthYear: number } | undefined;
  let batch: CensusRow[] = [];
  let line = 0;

  function reject(message: string): void {
    result.rejected += 1;
    if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ line, message });
  }

  for await (const record of parser as AsyncIterable<string[]>) {
    line += 1;
    if (columns === undefined) {
      const header = record.map((name) =>
        name
          .replace(/^\uFEFF/, '')
          .trim()
          .toLowerCase(),
      );
      const [resident, district, birthYear] = CENSUS_CSV_COLUMNS.map((name) => header.indexOf(name));
      if (
        resident === undefined ||
        district === undefined ||
        birthYear === undefined ||
        Math.min(resident, district, birthYear) < 0
      ) {
        reject(`the first line must name the columns ${CENSUS_CSV_COLUMNS.join(', ')}`);
        break;
      }
      columns = { resident, district, birthYear };
      continue;
    }
    if (record.every((field) => field.trim() === '')) continue;
    result.rows += 1;
    const residentNumber = normalizeResidentNumber(record[columns.resident] ?? '');
    const districtSlug = (record[columns.district] ?? '').trim().toLowerCase();
    const birthYearText = (record[columns.birthYear] ?? '').normalize('NFKC').trim();
    const districtId = options.districtsBySlug.get(districtSlug);
    const birthYear = /^\d{4}$/.test(birthYearText) ? Number(birthYearText) : Number.NaN;
    if (residentNumber === undefined) reject('resident_number must be 1 to 64 letters or digits');
    else if (districtId === undefined) reject(`unknown or retired district "${districtSlug}" (use a district slug)`);
    else if (!(birthYear >= 1900 && birthYear <= options.currentYear)) {
      reject(`birth_year must be a year between 1900 and ${String(options.currentYear)}`);
    } else {
      const residentHash = hashResidentNumber(options.hmacKey, residentNumber);
      const firstLine = seen.get(residentHash);
      if (firstLine !== undefined) {
        reject(`the same resident_number is already on line ${String(firstLine)}`);
        continue;
      }
      seen.set(residentHash, line);
      result.accepted += 1;
      if (result.rejected > 0) continue;
      batch.push({ residentHash, districtId, birthYear });
      if (batch.length >= BATCH_SIZE) {
        await options.onBatch(batch);
        batch = [];
      }
    }
  }
  if (batch.length > 0 && result.rejected === 0) await options.onBatch(batch);
  return result;
}
