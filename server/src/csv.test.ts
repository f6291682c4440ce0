import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvText } from './csv.js';

/** The one data line of a one-column table, as written. */
const line = (cell: string | number) => csvText(['title'], [[cell]]).slice('title\n'.length, -1);

describe('csvText', () => {
  it.each([
    ['=HYPERLINK("http://x","click")', `"'=HYPERLINK(""http://x"",""click"")"`],
    ["+cmd|' /C calc'!A0", `"'+cmd|' /C calc'!A0"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcalc', `"'\tcalc"`],
    ['\rcalc', `"'\rcalc"`],
    ['＝1+1', `"'＝1+1"`],
    ['＋1', `"'＋1"`],
    ['－1', `"'－1"`],
    ['＠SUM(A1)', `"'＠SUM(A1)"`],
  ])('a text cell starting %j gets a leading apostrophe and is quoted', (cell, written) => {
    expect(line(cell)).toBe(written);
  });

  it('a text cell that starts like a formula and holds a line break is neutralised too', () => {
    expect(line('=1+1\nnote')).toBe(`"'=1+1\nnote"`);
  });

  it('a harmless title, and one with a formula character later on, are written unchanged', () => {
    expect(line('Park benches')).toBe('Park benches');
    expect(line('北公園のベンチ = 10 台')).toBe('北公園のベンチ = 10 台');
  });

  it('a negative number stays a bare number, while the text "-5" is neutralised', () => {
    expect(line(-5)).toBe('-5');
    expect(line(-2.5)).toBe('-2.5');
    expect(line('-5')).toBe(`"'-5"`);
  });

  it('parses back to the cells with the apostrophe kept, numbers as written, header first and a final newline', () => {
    const text = csvText(
      ['title', 'cost'],
      [
        ['=1+1', -300],
        ['Library', 1200],
      ],
    );
    expect(text.endsWith('\n')).toBe(true);
    expect(Papa.parse<string[]>(text, { skipEmptyLines: true }).data).toEqual([
      ['title', 'cost'],
      ["'=1+1", '-300'],
      ['Library', '1200'],
    ]);
  });
});
