import type {
  CreateProposalBody,
  CurrentUser,
  Cycle,
  District,
  GeoPoint,
  Proposal,
  ProposalCategory,
  UpdateProposalBody,
} from '@pb/shared';
import { moneyInputValue, parseMoney } from '../../money.js';
import { samePoint } from '../map/geo-point.js';
import { checkLength, problemWith, type Check } from '../../validation.js';

export type ProposalField =
  'title' | 'summary' | 'description' | 'category' | 'districtId' | 'estimatedCost' | 'location';

export interface ProposalFormValues {
  title: string;
  summary: string;
  description: string;
  category: ProposalCategory | '';
  districtId: string;
  estimatedCost: string;
  location: string;
  /** Chosen on the map; null when there is no map or no place was chosen. */
  point: GeoPoint | null;
}

export function proposalValues(proposal: Proposal | undefined, digits: number): ProposalFormValues {
  return {
    title: proposal?.title ?? '',
    summary: proposal?.summary ?? '',
    description: proposal?.description ?? '',
    category: proposal?.category ?? '',
    districtId: proposal?.districtId ?? '',
    estimatedCost: proposal === undefined ? '' : moneyInputValue(proposal.estimatedCost, digits),
    location: proposal?.location ?? '',
    point: proposal?.point ?? null,
  };
}

/**
 * The districts a resident may propose for: any of the cycle's when it asks for no verification,
 * otherwise their own and the city-wide ones (the server checks the same). A proposal being edited
 * keeps its own district on offer.
 */
export function allowedDistrictIds(
  cycle: Cycle,
  user: CurrentUser,
  districts: readonly District[],
  current?: string,
): string[] {
  const cityWide = new Set(districts.filter((district) => district.cityWide).map((district) => district.id));
  return cycle.districts
    .map((entry) => entry.districtId)
    .filter((id) => !cycle.requiresVerification || id === user.districtId || cityWide.has(id) || id === current);
}

export function checkProposalForm(values: ProposalFormValues, digits: number): [ProposalField, Check][] {
  return [
    ['title', checkLength(values.title, 3, 120)],
    ['summary', checkLength(values.summary, 10, 500)],
    ['description', checkLength(values.description, 10, 20_000)],
    ['category', values.category === '' ? 'proposalForm.categoryRequired' : undefined],
    ['districtId', values.districtId === '' ? 'proposalForm.districtRequired' : undefined],
    [
      'estimatedCost',
      values.estimatedCost.trim() === ''
        ? 'validation.required'
        : parseMoney(values.estimatedCost, digits) === undefined
          ? 'validation.moneyInvalid'
          : undefined,
    ],
    ['location', values.location.trim().length > 200 ? problemWith('validation.tooLong', { max: 200 }) : undefined],
  ];
}

/** The body of a new proposal (after {@link checkProposalForm} passed). */
export function toCreateBody(values: ProposalFormValues, digits: number): CreateProposalBody {
  const location = values.location.trim();
  return {
    title: values.title.trim(),
    summary: values.summary.trim(),
    description: values.description,
    category: values.category as ProposalCategory,
    districtId: values.districtId,
    estimatedCost: parseMoney(values.estimatedCost, digits) ?? 0,
    ...(location === '' ? {} : { location }),
    ...(values.point === null ? {} : { point: values.point }),
  };
}

/** Only what changed, so an edit never re-checks a district the author did not touch; empty when nothing did. */
export function toUpdateBody(values: ProposalFormValues, proposal: Proposal, digits: number): UpdateProposalBody {
  const next = toCreateBody(values, digits);
  const body: UpdateProposalBody = {};
  if (next.title !== proposal.title) body.title = next.title;
  if (next.summary !== proposal.summary) body.summary = next.summary;
  if (next.description !== proposal.description) body.description = next.description;
  if (next.category !== proposal.category) body.category = next.category;
  if (next.districtId !== proposal.districtId) body.districtId = next.districtId;
  if (next.estimatedCost !== proposal.estimatedCost) body.estimatedCost = next.estimatedCost;
  const location = next.location ?? null;
  if (location !== (proposal.location ?? null)) body.location = location;
  if (!samePoint(values.point, proposal.point)) body.point = values.point;
  return body;
}
