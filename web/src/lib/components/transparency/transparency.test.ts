import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bulletinPageSize,
  choiceNumbers,
  exportsVisible,
  receiptHash,
  shortHash,
  statBars,
  statisticsVisible,
} from './transparency.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('receipt hash', () => {
  it('hashes "ballot:" and the canonical code, ignoring hyphens and case', async () => {
    const expected = createHash('sha256').update('ballot:ABCD2345').digest('hex');
    expect(await receiptHash('abcd-2345')).toBe(expected);
    expect(await receiptHash(' ABCD 2345 ')).toBe(expected);
  });

  it('refuses text that cannot be a code', async () => {
    expect(await receiptHash('')).toBeUndefined();
    expect(await receiptHash('??')).toBeUndefined();
  });

  it('shortens a hash for the table', () => {
    expect(shortHash('0123456789abcdef')).toBe('0123456789ab…');
    expect(shortHash('abc')).toBe('abc');
  });
});

describe('choices as ballot numbers', () => {
  const numbers = new Map([
    [A, 3],
    [B, 1],
  ]);
  it('sorts by number and shows points', () => {
    const entry = { ballotId: A, districtId: A, receiptHash: null, choices: [{ proposalId: A }, { proposalId: B }] };
    expect(choiceNumbers(entry, numbers)).toEqual(['1', '3']);
    const points = { ...entry, choices: [{ proposalId: A, points: 2 }] };
    expect(choiceNumbers(points, numbers)).toEqual(['3×2']);
  });
});

describe('statistics bars', () => {
  it('draws counts relative to the largest and no bar for "< 10"', () => {
    expect(
      statBars([
        { label: 'a', count: 20 },
        { label: 'b', count: 10 },
        { label: 'c', count: '< 10' },
      ]).map((bar) => bar.share),
    ).toEqual([1, 0.5, 0]);
    expect(statBars([{ label: 'c', count: '< 10' }])[0]?.share).toBe(0);
  });
});

describe('visibility', () => {
  it('exports: auditors while tallying, everyone once published', () => {
    expect(exportsVisible('tallying', true)).toBe(true);
    expect(exportsVisible('tallying', false)).toBe(false);
    expect(exportsVisible('published', false)).toBe(true);
    expect(exportsVisible('voting', true)).toBe(false);
  });

  it('statistics: staff and auditors while voting and tallying, everyone once published', () => {
    expect(statisticsVisible('voting', true)).toBe(true);
    expect(statisticsVisible('voting', false)).toBe(false);
    expect(statisticsVisible('closed', false)).toBe(true);
    expect(statisticsVisible('proposals', true)).toBe(false);
  });
});

describe('bulletin page size', () => {
  it('reads ?per= when sensible, else 50', () => {
    expect(bulletinPageSize('?per=2')).toBe(2);
    expect(bulletinPageSize('')).toBe(50);
    expect(bulletinPageSize('?per=0')).toBe(50);
    expect(bulletinPageSize('?per=abc')).toBe(50);
    expect(bulletinPageSize('?per=5000')).toBe(50);
  });
});
