import type {
  CreateProposalBody,
  Proposal,
  ProposalList,
  ProposalListQuery,
  ReviewProposalBody,
  UpdateProposalBody,
} from '@pb/shared';
import { apiRequest, apiSend, queryString } from './client.js';

/** Filters, search and sorting are all optional; the server's defaults are newest first, 20 a page. */
export type ProposalSearch = Partial<ProposalListQuery>;

export function fetchProposals(cycleId: string, search: ProposalSearch): Promise<ProposalList> {
  return apiRequest<ProposalList>(`/api/cycles/${encodeURIComponent(cycleId)}/proposals${queryString({ ...search })}`);
}

export function createProposal(cycleId: string, body: CreateProposalBody): Promise<Proposal> {
  return apiSend<Proposal>('POST', `/api/cycles/${encodeURIComponent(cycleId)}/proposals`, body);
}

export function fetchProposal(proposalId: string): Promise<Proposal> {
  return apiRequest<Proposal>(`/api/proposals/${encodeURIComponent(proposalId)}`);
}

export function updateProposal(proposalId: string, body: UpdateProposalBody): Promise<Proposal> {
  return apiSend<Proposal>('PATCH', `/api/proposals/${encodeURIComponent(proposalId)}`, body);
}

/** Staff decision on feasibility, cost, ballot eligibility or a merge, with a public reason. */
export function reviewProposal(proposalId: string, body: ReviewProposalBody): Promise<Proposal> {
  return apiSend<Proposal>('POST', `/api/proposals/${encodeURIComponent(proposalId)}/review`, body);
}

export function withdrawProposal(proposalId: string, reason: string): Promise<Proposal> {
  return apiSend<Proposal>('POST', `/api/proposals/${encodeURIComponent(proposalId)}/withdraw`, { reason });
}
