import {
  PAPER_UPLOAD_MAX_LINES,
  type PaperEntryState,
  type PaperLineOutcome,
  type PaperUploadLine,
  type PaperUploadReport,
  type VoterLookup,
  type VoterIdentifier,
} from '@pb/shared';
import { parse } from 'csv-parse/sync';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { listDistricts } from '../city/city.repository.js';
import { BallotErrors } from './ballots.errors.js';
import { countPaper } from './ballots.paper.repository.js';
import { closePaperEntry, listVotingDistricts, type VotingCycleRow } from './ballots.repository.js';
import { loadCycle } from './ballots.service.js';
import { voterForIdentifier, votingStatus } from './ballots.voters.js';

class RollbackSignal extends Error {}

/** What staff see after looking a resident up at the counter or at the poll book. */
export async function lookupVoter(
  db: Database,
  hmacKey: string,
  cycleId: string,
  identifier: VoterIdentifier,
  channel: 'assisted' | 'paper',
): Promise<VoterLookup> {
  const cycle = await loadCycle(db, cycleId);
  const voter = await voterForIdentifier(db, hmacKey, identifier);
  const districts = await listVotingDistricts(db, cycleId);
  return {
    found: true,
    homeDistrictId: voter.homeDistrictId,
    birthYear: voter.birthYear,
    districts: await votingStatus(db, cycle, districts, voter, channel),
  };
}

/** How a refused line is reported, by the error the single-entry route would answer. */
const OUTCOME_OF_ERROR: Record<string, PaperLineOutcome> = {
  [BallotErrors.invalid.code]: 'invalid',
  [BallotErrors.alreadyVoted.code]: 'already_voted',
  [BallotErrors.unknownVoter.code]: 'unknown_voter',
  [BallotErrors.districtNotEligible.code]: 'not_eligible',
  [BallotErrors.tooYoung.code]: 'not_eligible',
  [BallotErrors.ageUnknown.code]: 'not_eligible',
  [BallotErrors.verificationRequired.code]: 'not_eligible',
  [BallotErrors.notFound.code]: 'invalid',
  [BallotErrors.sheetsExceedPollBook.code]: 'exceeds_poll_book',
};

export function acceptedLine(line: number): PaperUploadLine {
  return { line, outcome: 'accepted', code: null, message: 'Accepted.' };
}

/** The report line of a refusal the single-entry route would answer; anything else is rethrown. */
export function refusedLine(line: number, error: unknown): PaperUploadLine {
  const outcome = error instanceof AppError ? OUTCOME_OF_ERROR[error.code] : undefined;
  if (outcome === undefined || !(error instanceof AppError)) throw error;
  return {
    line,
    outcome,
    code: error.code,
    message: error.message,
    ...(error.params === undefined ? {} : { params: error.params }),
  };
}

export function unknownDistrictLine(line: number, cell: string): PaperUploadLine {
  return { line, outcome: 'invalid', code: BallotErrors.notFound.code, message: `Unknown district "${cell}".` };
}

/** The rows under a header that must be exactly `columns`. */
export function readPaperCsv(csv: string, columns: readonly string[]): string[][] {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new AppError(BallotErrors.invalidUpload, `The file is not valid CSV: ${(error as Error).message}`);
  }
  const header = (records[0] ?? []).map((cell) => cell.toLowerCase());
  if (header.length !== columns.length || columns.some((column, index) => header[index] !== column)) {
    throw new AppError(BallotErrors.invalidUpload, `The first line must be the header: ${columns.join(',')}`);
  }
  if (records.length - 1 > PAPER_UPLOAD_MAX_LINES) {
    throw new AppError(BallotErrors.invalidUpload, `At most ${String(PAPER_UPLOAD_MAX_LINES)} lines per file.`);
  }
  return records.slice(1);
}

/** District slugs (and ids) to ids, as a CSV may name them. */
export async function districtsBySlug(db: Database): Promise<Map<string, string>> {
  return new Map(
    (await listDistricts(db)).flatMap((row) => [
      [row.slug, row.id],
      [row.id, row.id],
    ]),
  );
}

export function isPaperEntryOpen(cycle: Pick<VotingCycleRow, 'phase' | 'paperEntryClosedAt'>): boolean {
  return cycle.phase === 'voting' || (cycle.phase === 'tallying' && cycle.paperEntryClosedAt === null);
}

/**
 * Runs a CSV upload in one transaction that holds the cycle FOR SHARE: `lines` reports each line;
 * the accepted ones are written together, so a failure part-way applies nothing, and a dry run
 * reports the same outcomes and rolls back.
 */
export async function runPaperUpload(
  db: Database,
  upload: { cycleId: string; actorId: string; action: string; lines: number; dryRun: boolean },
  lines: (tx: Database, cycle: VotingCycleRow) => Promise<PaperUploadLine[]>,
): Promise<PaperUploadReport> {
  let results: PaperUploadLine[] = [];
  const accepted = (): number => results.filter((result) => result.outcome === 'accepted').length;
  try {
    await db.transaction(async (tx) => {
      const cycle = await loadCycle(tx, upload.cycleId, true);
      if (!isPaperEntryOpen(cycle)) throw new AppError(BallotErrors.paperEntryClosed);
      results = await lines(tx, cycle);
      if (upload.dryRun) throw new RollbackSignal();
      await recordAudit(tx, {
        actorId: upload.actorId,
        action: upload.action,
        subjectId: upload.cycleId,
        details: { lines: upload.lines, accepted: accepted() },
      });
    });
  } catch (error) {
    if (!(error instanceof RollbackSignal)) throw error;
  }
  return {
    dryRun: upload.dryRun,
    lines: upload.lines,
    accepted: accepted(),
    refused: upload.lines - accepted(),
    results,
  };
}

export async function paperEntryState(db: Database, cycleId: string): Promise<PaperEntryState> {
  const cycle = await loadCycle(db, cycleId);
  const districts = await countPaper(db, cycleId);
  return {
    open: isPaperEntryOpen(cycle),
    closedAt: cycle.paperEntryClosedAt === null ? null : new Date(cycle.paperEntryClosedAt).toISOString(),
    paperBallots: districts.reduce((sum, district) => sum + district.issued, 0),
    sheets: districts.reduce((sum, district) => sum + district.sheets, 0),
    districts,
  };
}

/** Ends paper entry for the cycle: from now on its ballots are final and can be counted. */
export async function closePaper(db: Database, actorId: string, cycleId: string): Promise<PaperEntryState> {
  await db.transaction(async (tx) => {
    const cycle = await loadCycle(tx, cycleId, true);
    if (cycle.phase !== 'tallying' || cycle.paperEntryClosedAt !== null) {
      throw new AppError(BallotErrors.paperEntryNotClosable);
    }
    await closePaperEntry(tx, cycleId);
    await recordAudit(tx, { actorId, action: 'ballot.paper_entry_closed', subjectId: cycleId });
  });
  return paperEntryState(db, cycleId);
}
