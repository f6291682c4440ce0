import type {
  CensusRejected,
  CensusReport,
  CreatedVotingCodes,
  CreateVotingCodesBody,
  ResidentNumberProblem,
  VerificationSummary,
  VotingCodeBatchList,
  VotingCodesRejected,
} from '@pb/shared';
import { apiRequest, apiSend, send, toApiError } from './client.js';

function isCensusRejected(body: unknown): body is CensusRejected {
  return typeof body === 'object' && body !== null && 'error' in body && 'report' in body;
}

/**
 * Sends the census file as it is (text/csv). A file with invalid lines comes back as 422 with the
 * report of what is wrong, which is what staff need to see, so that answer is a result, not an error
 * (an empty file stays an error: its report has nothing to show).
 */
export async function uploadCensus(file: Blob, dryRun: boolean): Promise<CensusReport> {
  const response = await send(`/api/census?dryRun=${String(dryRun)}`, {
    method: 'PUT',
    headers: { 'content-type': 'text/csv' },
    body: file,
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as CensusReport;
  if (response.status === 422 && isCensusRejected(body) && body.error.code !== 'verification.census_empty') {
    return body.report;
  }
  throw toApiError(response.status, body);
}

export function purgeCensus(): Promise<void> {
  return apiSend<undefined>('DELETE', '/api/census');
}

export function fetchVerificationSummary(): Promise<VerificationSummary> {
  return apiRequest<VerificationSummary>('/api/verification/summary');
}

export type VotingCodesOutcome = { created: CreatedVotingCodes } | { rejected: ResidentNumberProblem[] };

function isVotingCodesRejected(body: unknown): body is VotingCodesRejected {
  return typeof body === 'object' && body !== null && 'error' in body && 'rejected' in body;
}

/**
 * One letter per resident number. Numbers that cannot take one come back as 422 with the list,
 * which staff need to correct their list, so that answer is a result, not an error.
 */
export async function createVotingCodes(body: CreateVotingCodesBody): Promise<VotingCodesOutcome> {
  const response = await send('/api/voting-codes', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { created: answer as CreatedVotingCodes };
  if (response.status === 422 && isVotingCodesRejected(answer)) return { rejected: answer.rejected };
  throw toApiError(response.status, answer);
}

export function fetchVotingCodeBatches(): Promise<VotingCodeBatchList> {
  return apiRequest<VotingCodeBatchList>('/api/voting-codes');
}
