import type { CurrentUser, Cycle, District, Proposal } from '@pb/shared';
import { describe, expect, it } from 'vitest';
import { collectProblems } from '../../validation.js';
import { allowedDistrictIds, checkProposalForm, proposalValues, toCreateBody, toUpdateBody } from './proposal-form.js';

const districts = [
  { id: 'all', cityWide: true },
  { id: 'kita', cityWide: false },
  { id: 'minami', cityWide: false },
] as District[];
const cycle = (requiresVerification: boolean) =>
  ({ requiresVerification, districts: districts.map((district) => ({ districtId: district.id, budget: 1 })) }) as Cycle;
const user = { districtId: 'kita' } as CurrentUser;

const filled = {
  title: 'Benches along the river',
  summary: 'Ten oak benches on the river path.',
  description: 'Older residents need places to rest.',
  category: 'parks',
  districtId: 'kita',
  estimatedCost: '1,500,000',
  location: '',
  point: null,
} as const;

describe('the proposal form', () => {
  it('offers a verified resident their own district and the city-wide one, and every district otherwise', () => {
    expect(allowedDistrictIds(cycle(true), user, districts)).toEqual(['all', 'kita']);
    expect(allowedDistrictIds(cycle(true), user, districts, 'minami')).toEqual(['all', 'kita', 'minami']);
    expect(allowedDistrictIds(cycle(false), user, districts)).toEqual(['all', 'kita', 'minami']);
  });

  it('asks for every required field with the lengths the server accepts', () => {
    expect(collectProblems(checkProposalForm(proposalValues(undefined, 0), 0))).toEqual({
      title: 'validation.required',
      summary: 'validation.required',
      description: 'validation.required',
      category: 'proposalForm.categoryRequired',
      districtId: 'proposalForm.districtRequired',
      estimatedCost: 'validation.required',
    });
    expect(collectProblems(checkProposalForm({ ...filled, title: 'ab', estimatedCost: '1.5' }, 0))).toEqual({
      title: 'validation.tooShort?min=3',
      estimatedCost: 'validation.moneyInvalid',
    });
  });

  it('sends the cost in the smallest unit and leaves an empty location out', () => {
    expect(toCreateBody(filled, 0)).toEqual({
      title: 'Benches along the river',
      summary: 'Ten oak benches on the river path.',
      description: 'Older residents need places to rest.',
      category: 'parks',
      districtId: 'kita',
      estimatedCost: 1_500_000,
    });
  });

  it('sends only what changed when editing', () => {
    const proposal = { ...toCreateBody(filled, 0), location: null, point: null } as Proposal;
    const values = proposalValues(proposal, 0);
    expect(toUpdateBody(values, proposal, 0)).toEqual({});
    expect(
      toUpdateBody({ ...values, title: 'Oak benches by the river ', location: 'North bank' }, proposal, 0),
    ).toEqual({
      title: 'Oak benches by the river',
      location: 'North bank',
    });
  });

  it('sends a place chosen on the map, and on editing only a moved or removed one', () => {
    const point = { latitude: 36.39812, longitude: 139.28501 };
    expect(toCreateBody({ ...filled, point }, 0).point).toEqual(point);
    const proposal = { ...toCreateBody(filled, 0), location: null, point } as Proposal;
    const values = proposalValues(proposal, 0);
    expect(toUpdateBody(values, proposal, 0)).toEqual({});
    expect(toUpdateBody({ ...values, point: { latitude: 36.4, longitude: 139.28501 } }, proposal, 0)).toEqual({
      point: { latitude: 36.4, longitude: 139.28501 },
    });
    expect(toUpdateBody({ ...values, point: null }, proposal, 0)).toEqual({ point: null });
  });
});
