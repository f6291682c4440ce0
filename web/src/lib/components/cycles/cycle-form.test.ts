import type { Cycle, District } from '@pb/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.js';
import { collectProblems } from '../../validation.js';
import { checkCycleForm, fieldOfRefusal, initialValues, toCycleSettings, withMethod } from './cycle-form.js';

const district = (id: string, retired = false): District => ({
  id,
  slug: id,
  nameJa: id,
  nameEn: id,
  cityWide: false,
  retired,
  sortOrder: 0,
});
const DISTRICTS = [district('kita'), district('minami'), district('old', true)];

function filledIn() {
  const values = initialValues(undefined, DISTRICTS, 0);
  values.titleJa = '2027年度 市民予算';
  values.titleEn = 'Civic budget 2027';
  values.budgets[0] = { districtId: 'kita', included: true, amount: '10,000,000' };
  return values;
}

describe('the cycle set-up form', () => {
  it('starts a new cycle with every active district offered, none chosen, and the product defaults', () => {
    const values = initialValues(undefined, DISTRICTS, 0);
    expect(values.budgets.map((row) => [row.districtId, row.included])).toEqual([
      ['kita', false],
      ['minami', false],
    ]);
    expect(values).toMatchObject({ method: 'approval', rule: 'mes', completion: 'add1', ties: 'cost-votes-id' });
    expect(values).toMatchObject({ minVotes: '1', proposalQuota: '3', requiresVerification: true });
  });

  it('asks for the titles, a district and a budget, each at its own field', () => {
    const values = initialValues(undefined, DISTRICTS, 0);
    values.budgets[1] = { districtId: 'minami', included: true, amount: '-3' };
    const problems = collectProblems(checkCycleForm(values, 0));
    expect(problems).toEqual({
      titleJa: 'validation.required',
      titleEn: 'validation.required',
      'budget-minami': 'validation.moneyInvalid',
    });
    values.budgets[1].included = false;
    expect(collectProblems(checkCycleForm(values, 0)).districts).toBe('cycleForm.districtsRequired');
  });

  it("checks only the chosen ballot method's fields, and that a minimum does not exceed its maximum", () => {
    const values = filledIn();
    values.minProjects = '6';
    values.maxProjects = '5';
    values.maxRanked = 'many';
    expect(collectProblems(checkCycleForm(values, 0))).toEqual({ minProjects: 'cycleForm.minAboveMax' });
    Object.assign(values, withMethod(values, 'cumulative'), { points: '', maxPointsPerProject: '20' });
    expect(collectProblems(checkCycleForm(values, 0))).toEqual({ points: 'validation.required' });
    values.points = '10';
    expect(collectProblems(checkCycleForm(values, 0))).toEqual({
      maxPointsPerProject: 'cycleForm.perProjectAbovePoints',
    });
  });

  it('sends only the chosen method and rule options; a lottery sends its seed', () => {
    const values = filledIn();
    values.maxProjects = '5';
    values.minSpendPercent = '50';
    let settings = toCycleSettings(values, 0);
    expect(settings.ballot).toEqual({ method: 'approval', maxProjects: 5 });
    expect(settings.districts).toEqual([{ districtId: 'kita', budget: 10_000_000 }]);
    expect(settings.minimumAge).toBeNull();

    Object.assign(values, { rule: 'greedy', ties: 'lottery', seed: '42', completion: 'add1', comparison: 'greedy' });
    settings = toCycleSettings(values, 0);
    expect(settings.allocation).toMatchObject({ rule: 'greedy', completion: 'none', comparison: 'none', seed: 42 });
  });

  it('keeps a points utility only for ballots that carry points', () => {
    const values = filledIn();
    Object.assign(values, withMethod(values, 'ranked'));
    expect(values.utility).toBe('points-cost');
    Object.assign(values, withMethod(values, 'approval'));
    expect(values.utility).toBe('cost');
  });

  it('reads an existing cycle back into the form, budgets in the main unit', () => {
    const cycle = {
      titleJa: 'A',
      titleEn: 'B',
      descriptionJa: '',
      descriptionEn: '',
      ballot: { method: 'knapsack', minSpendPercent: 80 },
      allocation: {
        rule: 'phragmen',
        utility: 'cost',
        completion: 'none',
        add1Stop: 'exhaustive',
        increment: '1',
        comparison: 'none',
        minVotes: 0,
        ties: 'id',
      },
      requiresVerification: false,
      minimumAge: 16,
      proposalQuota: 2,
      commentPhases: ['submission'],
      flagThreshold: 5,
      districts: [{ districtId: 'old', budget: 123_456 }],
    } as unknown as Cycle;
    const values = initialValues(cycle, DISTRICTS, 2);
    expect(values.budgets.find((row) => row.districtId === 'old')).toEqual({
      districtId: 'old',
      included: true,
      amount: '1234.56',
    });
    expect(values).toMatchObject({ method: 'knapsack', minSpendPercent: '80', rule: 'phragmen', minimumAge: '16' });
    expect(toCycleSettings(values, 2).districts).toEqual([{ districtId: 'old', budget: 123_456 }]);
  });

  it("ties the server's refusal of inconsistent rules to the field its message names", () => {
    const refusal = (code: string, message: string) => fieldOfRefusal(new ApiError(400, code, message));
    expect(refusal('cycles.invalid_rules', 'ballot.minProjects must not exceed ballot.maxProjects')).toBe(
      'minProjects',
    );
    expect(refusal('cycles.invalid_rules', 'a lottery tie-break needs allocation.seed')).toBe('seed');
    expect(refusal('cycles.invalid_rules', 'something new')).toBe('method');
    expect(refusal('cycles.unknown_district', 'District x is unknown')).toBe('districts');
    expect(refusal('cycles.rules_frozen', 'frozen')).toBeUndefined();
  });
});
