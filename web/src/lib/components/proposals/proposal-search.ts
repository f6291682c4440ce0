import {
  PROPOSAL_CATEGORIES,
  PROPOSAL_SORTS,
  PROPOSAL_STATUSES,
  type ProposalCategory,
  type ProposalStatus,
} from '@pb/shared';
import type { ProposalSearch } from '../../api/proposals.js';

export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

/** The filters as the form holds them: empty strings mean "any". */
export interface ProposalFilters {
  q: string;
  district: string;
  category: ProposalCategory | '';
  status: ProposalStatus | '';
  sort: ProposalSort;
}

export const EMPTY_FILTERS: ProposalFilters = { q: '', district: '', category: '', status: '', sort: 'newest' };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

/**
 * The filters and page kept in the address (`?q=bench&sort=cost&offset=20`), so a shared link or the
 * back button shows the same list; anything unknown in it is ignored.
 */
export function readFilters(search: string): { filters: ProposalFilters; offset: number } {
  const params = new URLSearchParams(search);
  const offset = Number(params.get('offset') ?? '0');
  return {
    filters: {
      q: (params.get('q') ?? '').slice(0, 100),
      district: /^[0-9a-f-]{36}$/i.test(params.get('district') ?? '') ? (params.get('district') ?? '') : '',
      category: oneOf(PROPOSAL_CATEGORIES, params.get('category')) ?? '',
      status: oneOf(PROPOSAL_STATUSES, params.get('status')) ?? '',
      sort: oneOf(PROPOSAL_SORTS, params.get('sort')) ?? 'newest',
    },
    offset: Number.isInteger(offset) && offset >= 0 && offset <= 100_000 ? offset : 0,
  };
}

export function writeFilters(filters: ProposalFilters, offset: number): string {
  const params = new URLSearchParams();
  const q = filters.q.trim();
  if (q !== '') params.set('q', q);
  if (filters.district !== '') params.set('district', filters.district);
  if (filters.category !== '') params.set('category', filters.category);
  if (filters.status !== '') params.set('status', filters.status);
  if (filters.sort !== 'newest') params.set('sort', filters.sort);
  if (offset > 0) params.set('offset', String(offset));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function toSearch(filters: ProposalFilters, offset: number, limit: number): ProposalSearch {
  const q = filters.q.trim();
  return {
    ...(q === '' ? {} : { q }),
    ...(filters.district === '' ? {} : { district: filters.district }),
    ...(filters.category === '' ? {} : { category: filters.category }),
    ...(filters.status === '' ? {} : { status: filters.status }),
    sort: filters.sort,
    limit,
    offset,
  };
}
