import { describe, expect, it } from 'vitest';
import { PROPOSAL_CATEGORIES } from '@pb/shared';
import { CATEGORY_CHECK } from './proposals.table.js';

describe('the proposals table', () => {
  it('admits exactly the categories the app knows', () => {
    expect(CATEGORY_CHECK).toBe(`(${PROPOSAL_CATEGORIES.map((category) => `'${category}'`).join(', ')})`);
  });
});
