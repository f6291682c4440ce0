import type {
  BallotReceipt,
  BallotSheet,
  CastBallotBody,
  MyVotingStatus,
  PaperDistrictCount,
  PaperEntryState,
  PaperSheetBody,
  PaperUploadReport,
  PollBookBody,
  ReceiptLookup,
  ReceiptLookupBody,
  ReplaceBallotBody,
  StaffBallotBody,
  VoterLookup,
  VoterLookupBody,
} from '@pb/shared';
import { apiRequest, apiSend, queryString, send, toApiError } from './client.js';

function cyclePath(cycleId: string): `/api/${string}` {
  return `/api/cycles/${encodeURIComponent(cycleId)}`;
}

/** Per district of the cycle: whether this person may vote there, why not, and whether they have. */
export function fetchVotingStatus(cycleId: string): Promise<MyVotingStatus> {
  return apiRequest<MyVotingStatus>(`${cyclePath(cycleId)}/voting-status`);
}

/** The ballot of one district: in the voter's own shuffled order, or by ballot number (printing, paper entry). */
export function fetchBallotSheet(
  cycleId: string,
  districtId: string,
  order?: 'shuffled' | 'number',
): Promise<BallotSheet> {
  return apiRequest<BallotSheet>(
    `${cyclePath(cycleId)}/districts/${encodeURIComponent(districtId)}/ballot${queryString({ order })}`,
  );
}

export function castBallot(cycleId: string, body: CastBallotBody): Promise<BallotReceipt> {
  return apiSend<BallotReceipt>('POST', `${cyclePath(cycleId)}/ballots`, body);
}

/** The old ballot is kept, marked replaced; the new one comes with a new receipt code. */
export function replaceBallot(cycleId: string, body: ReplaceBallotBody): Promise<BallotReceipt> {
  return apiSend<BallotReceipt>('POST', `${cyclePath(cycleId)}/ballots/replace`, body);
}

/** Public and rate-limited: whether a receipt's ballot is counted (and, after publication, the ballot). */
export function lookupReceipt(cycleId: string, body: ReceiptLookupBody): Promise<ReceiptLookup> {
  return apiSend<ReceiptLookup>('POST', `${cyclePath(cycleId)}/receipts/lookup`, body);
}

/** Staff at the counter: a resident by census number or voting code. */
export function lookupVoter(cycleId: string, body: VoterLookupBody): Promise<VoterLookup> {
  return apiSend<VoterLookup>('POST', `${cyclePath(cycleId)}/voters/lookup`, body);
}

export function castAssistedBallot(cycleId: string, body: StaffBallotBody): Promise<BallotReceipt> {
  return apiSend<BallotReceipt>('POST', `${cyclePath(cycleId)}/assisted/ballots`, body);
}

/** Poll book: a resident received a paper ballot (checked against the voter list; no choices). */
export function issuePaperBallot(cycleId: string, body: PollBookBody): Promise<PaperDistrictCount> {
  return apiSend<PaperDistrictCount>('POST', `${cyclePath(cycleId)}/paper-ballots/issued`, body);
}

/** Ballot box: one returned sheet, with no voter. */
export function enterPaperSheet(cycleId: string, body: PaperSheetBody): Promise<PaperDistrictCount> {
  return apiSend<PaperDistrictCount>('POST', `${cyclePath(cycleId)}/paper-sheets`, body);
}

export const PAPER_UPLOAD_PATHS = { pollBook: 'paper-ballots/issued/upload', sheets: 'paper-sheets/upload' } as const;

/** Sends the CSV as it is; a dry run reports every line and records nothing. */
export async function uploadPaperFile(
  cycleId: string,
  kind: keyof typeof PAPER_UPLOAD_PATHS,
  file: Blob,
  dryRun: boolean,
): Promise<PaperUploadReport> {
  const response = await send(`${cyclePath(cycleId)}/${PAPER_UPLOAD_PATHS[kind]}?dryRun=${String(dryRun)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: file,
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, body);
  return body as PaperUploadReport;
}

export function fetchPaperEntry(cycleId: string): Promise<PaperEntryState> {
  return apiRequest<PaperEntryState>(`${cyclePath(cycleId)}/paper-entry`);
}

export function closePaperEntry(cycleId: string): Promise<PaperEntryState> {
  return apiSend<PaperEntryState>('POST', `${cyclePath(cycleId)}/paper-entry/close`);
}
