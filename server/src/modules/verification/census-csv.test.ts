import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  CensusTooLargeError,
  MAX_REPORTED_ERRORS,
  hashResidentNumber,
  normalizeResidentNumber,
  parseCensusCsv,
  type CensusRow,
} from './census-csv.js';

const KEY = 'unit-test-census-key-0123456789abcdef';
const DISTRICTS = new Map([
  ['kita', 'district-kita'],
  ['minami', 'district-minami'],
]);
const HEADER = 'resident_number,district,birth_year';

/** Parses `chunks` (each one read from the stream as it is) and collects every batch delivered. */
async function parse(chunks: (string | Buffer)[], maxBytes = 1024 * 1024) {
  const batches: CensusRow[][] = [];
  const input = Readable.from(
    chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)),
    { objectMode: false },
  );
  const result = await parseCensusCsv(input, {
    hmacKey: KEY,
    districtsBySlug: DISTRICTS,
    maxBytes,
    currentYear: 2025,
    async onBatch(rows) {
      batches.push([...rows]);
    },
  });
  return { result, batches, rows: batches.flat() };
}

const lines = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;
const errorLines = (errors: { line: number }[]) => errors.map((error) => error.line);

describe('normalizeResidentNumber', () => {
  it('reads full-width characters, case, spaces and hyphens as the same resident', () => {
    expect(normalizeResidentNumber('１２３４５')).toBe('12345');
    expect(normalizeResidentNumber(' ab-12 34 ')).toBe('AB1234');
    expect(normalizeResidentNumber('ａｂ‐１')).toBe('AB1');
  });

  it('refuses empty, over-long and non-alphanumeric numbers', () => {
    expect(normalizeResidentNumber('')).toBeUndefined();
    expect(normalizeResidentNumber(' - ')).toBeUndefined();
    expect(normalizeResidentNumber('A'.repeat(65))).toBeUndefined();
    expect(normalizeResidentNumber('A'.repeat(64))).toBe('A'.repeat(64));
    expect(normalizeResidentNumber('12#4')).toBeUndefined();
  });
});

describe('hashResidentNumber', () => {
  it('is a keyed SHA-256 in hex that depends on the key and the number', () => {
    const hash = hashResidentNumber(KEY, '12345');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashResidentNumber(KEY, '12345')).toBe(hash);
    expect(hashResidentNumber(`${KEY}x`, '12345')).not.toBe(hash);
    expect(hashResidentNumber(KEY, '12346')).not.toBe(hash);
  });
});

describe('parseCensusCsv', () => {
  it('delivers every valid row hashed, never in clear', async () => {
    const { result, rows } = await parse([lines('A1,kita,1980', 'a-2,Minami,1990')]);
    expect(result).toEqual({ rows: 2, accepted: 2, rejected: 0, errors: [] });
    expect(rows).toEqual([
      { residentHash: hashResidentNumber(KEY, 'A1'), districtId: 'district-kita', birthYear: 1980 },
      { residentHash: hashResidentNumber(KEY, 'A2'), districtId: 'district-minami', birthYear: 1990 },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/A1|A2/);
  });

  it('numbers errors by file line, the header being line 1 and blank lines counted', async () => {
    const csv = lines('A1,kita,1980', '', 'A2,kita,abcd', 'A3,nowhere,1980', ',kita,1980');
    const { result } = await parse([csv]);
    expect(errorLines(result.errors)).toEqual([4, 5, 6]);
    expect(result).toMatchObject({ rows: 4, accepted: 1, rejected: 3 });
    expect(result.errors[0]?.message).toContain('birth_year');
    expect(result.errors[1]?.message).toContain('nowhere');
    expect(result.errors[2]?.message).toContain('resident_number');
    expect(result.errors.slice(0, 3).map((error) => [error.code, error.params])).toEqual([
      ['birth_year_invalid', { min: 1900, max: 2025 }],
      ['district_unknown', { district: 'nowhere' }],
      ['resident_number_invalid', {}],
    ]);
  });

  it('numbers lines the same with Windows line endings', async () => {
    const { result } = await parse([`${HEADER}\r\nA1,kita,1980\r\nA2,kita,1800\r\n`]);
    expect(errorLines(result.errors)).toEqual([3]);
  });

  it('accepts birth years from 1900 to the current year only', async () => {
    const { result } = await parse([
      lines('A1,kita,1899', 'A2,kita,1900', 'A3,kita,2025', 'A4,kita,2026', 'A5,kita,95'),
    ]);
    expect(errorLines(result.errors)).toEqual([2, 5, 6]);
  });

  it('reports a duplicate resident number, however it is written, with the line it repeats', async () => {
    const { result, batches } = await parse([lines('A-1,kita,1980', 'B1,kita,1981', 'ａ１,minami,1990')]);
    expect(result.errors).toEqual([
      { line: 4, code: 'duplicate_resident', params: { firstLine: 2 }, message: expect.stringContaining('line 2') },
    ]);
    expect(result).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(batches).toEqual([]);
  });

  it('finds the columns in any order, ignores extra columns and a byte order mark', async () => {
    const { result, rows } = await parse(['\uFEFFBirth_Year, note ,District,Resident_Number\n1985,x,kita,Z9\n']);
    expect(result).toMatchObject({ rows: 1, accepted: 1, rejected: 0 });
    expect(rows).toEqual([
      { residentHash: hashResidentNumber(KEY, 'Z9'), districtId: 'district-kita', birthYear: 1985 },
    ]);
  });

  it('stops at a header without the three columns, reporting line 1', async () => {
    const { result, batches } = await parse(['resident_number,birth_year\nA1,1980\n']);
    expect(result.errors).toEqual([
      {
        line: 1,
        code: 'header_missing',
        params: { columns: 'resident_number, district, birth_year' },
        message: expect.stringContaining('district'),
      },
    ]);
    expect(result.rejected).toBe(1);
    expect(batches).toEqual([]);
  });

  it('delivers rows in batches of 1000', async () => {
    const rows = Array.from({ length: 2500 }, (_, index) => `R${String(index)},kita,1970`);
    const { result, batches } = await parse([lines(...rows)]);
    expect(result).toMatchObject({ rows: 2500, accepted: 2500, rejected: 0 });
    expect(batches.map((batch) => batch.length)).toEqual([1000, 1000, 500]);
  });

  it('delivers no further batch once an invalid line has been seen', async () => {
    const valid = Array.from({ length: 1500 }, (_, index) => `R${String(index)},kita,1970`);
    const { result, batches } = await parse([lines(...valid.slice(0, 1200), 'BAD,kita,1', ...valid.slice(1200))]);
    expect(batches.map((batch) => batch.length)).toEqual([1000]);
    expect(result).toMatchObject({ rows: 1501, accepted: 1500, rejected: 1 });
    expect(errorLines(result.errors)).toEqual([1202]);
  });

  it(`reports the first ${String(MAX_REPORTED_ERRORS)} problems and counts them all`, async () => {
    const bad = Array.from({ length: MAX_REPORTED_ERRORS + 50 }, (_, index) => `X${String(index)},nowhere,1980`);
    const { result } = await parse([lines(...bad)]);
    expect(result.rejected).toBe(MAX_REPORTED_ERRORS + 50);
    expect(result.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(result.errors.at(-1)?.line).toBe(MAX_REPORTED_ERRORS + 1);
  });

  it('reads a file that arrives in chunks cut in the middle of lines', async () => {
    const csv = lines('A1,kita,1980', 'A2,minami,1990', 'A3,kita,2000');
    const chunks = csv.match(/[\s\S]{1,7}/g) ?? [];
    const { result, rows } = await parse(chunks);
    expect(result).toMatchObject({ rows: 3, accepted: 3, rejected: 0 });
    expect(rows.map((row) => row.birthYear)).toEqual([1980, 1990, 2000]);
  });

  it('reads a full-width character cut in two by a chunk boundary', async () => {
    const bytes = Buffer.from(lines('１２３,kita,1980'), 'utf8');
    const cut = bytes.indexOf(Buffer.from('２', 'utf8')) + 1;
    const { result, rows } = await parse([bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(result.errors).toEqual([]);
    expect(rows).toEqual([
      { residentHash: hashResidentNumber(KEY, '123'), districtId: 'district-kita', birthYear: 1980 },
    ]);
  });

  it('fails with CensusTooLargeError once more than maxBytes have arrived', async () => {
    const chunk = Buffer.from(lines(...Array.from({ length: 100 }, (_, index) => `R${String(index)},kita,1970`)));
    const parsing = parse([chunk, chunk, chunk], chunk.length * 2);
    await expect(parsing).rejects.toBeInstanceOf(CensusTooLargeError);
  });

  it('accepts a file of exactly maxBytes', async () => {
    const csv = Buffer.from(lines('A1,kita,1980'));
    const { result } = await parse([csv], csv.length);
    expect(result.accepted).toBe(1);
  });

  it('keeps counting file lines after a quoted field that spans lines, and refuses that field', async () => {
    const { result } = await parse([lines('A1,kita,1980', '"B\n2",kita,1981', 'C3,kita,1870')]);
    expect(result.errors).toEqual([
      { line: 4, code: 'line_break', params: {}, message: 'a field contains a line break' },
      {
        line: 5,
        code: 'birth_year_invalid',
        params: { min: 1900, max: 2025 },
        message: 'birth_year must be a year between 1900 and 2025',
      },
    ]);
  });

  it('reports malformed CSV (an unclosed quote) with its line instead of failing', async () => {
    const { result, batches } = await parse([lines('A1,kita,1980', '"B2,kita,1981', 'C3,kita,1982')]);
    expect(result.rejected).toBe(1);
    expect(result.errors[0]?.message).toMatch(/^malformed CSV/);
    expect(batches).toEqual([]);
  });

  it('parses a large upload delivered as one chunk', async () => {
    const rows = Array.from({ length: 50_000 }, (_, index) => `R${String(index)},minami,1970`);
    const { result, rows: delivered } = await parse([lines(...rows)], 10 * 1024 * 1024);
    expect(result).toMatchObject({ rows: 50_000, accepted: 50_000, rejected: 0 });
    expect(delivered).toHaveLength(50_000);
  });
});
