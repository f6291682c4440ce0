import {
  PAPER_CSV_COLUMNS,
  PAPER_UPLOAD_MAX_LINES,
  parseChoiceText,
  type BallotRules,
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
import {
  closePaperEntry,
  countPaperParticipations,
  listBallotProjects,
  listVotingDistricts,
  type BallotProjectRow,
} from './ballots.repository.js';
import { loadCycle, writeBallot } from './ballots.service.js';
import { voterForIdentifier, voterForSheet, votingStatus } from './ballots.voters.js';

class RollbackSignal extends Error {}

/** What staff see after looking a resident up at the counter or before entering a paper sheet. */
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

const OUTCOME_OF_ERROR: Record<string, PaperLineOutcome> = {
  [BallotErrors.invalid.code]: 'invalid',
  [BallotErrors.alreadyVoted.code]: 'already_voted',
  [BallotErrors.unknownVoter.code]: 'unknown_voter',
  [BallotErrors.districtNotEligible.code]: 'not_eligible',
  [BallotErrors.tooYoung.code]: 'not_eligible',
  [BallotErrors.ageUnknown.code]: 'not_eligible',
  [BallotErrors.notFound.code]: 'invalid',
};

function readSheets(csv: string): string[][] {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new AppError(BallotErrors.invalidUpload, `The file is not valid CSV: ${(error as Error).message}`);
  }
  const header = (records[0] ?? []).map((cell) => cell.toLowerCase());
  if (PAPER_CSV_COLUMNS.some((column, index) => header[index] !== column)) {
    throw new AppError(BallotErrors.invalidUpload, `The first line must be the header: ${PAPER_CSV_COLUMNS.join(',')}`);
  }
  if (records.length - 1 > PAPER_UPLOAD_MAX_LINES) {
    throw new AppError(BallotErrors.invalidUpload, `At most ${String(PAPER_UPLOAD_MAX_LINES)} ballot sheets per file.`);
  }
  return records.slice(1);
}

/**
 * Paper ballot sheets, one per line: `voter` (census number or voting code), `district` (slug or
 * id) and `choices` in paper notation. Each line stands or falls on its own; the accepted ones are
 * written in one transaction, so a failure part-way applies nothing. A dry run reports the same
 * outcomes (duplicates within the file included) and rolls back.
 */
export async function uploadPaperBallots(
  db: Database,
  hmacKey: string,
  actorId: string,
  cycleId: string,
  csv: string,
  dryRun: boolean,
): Promise<PaperUploadReport> {
  const sheets = readSheets(csv);
  const slugs = new Map(
    (await listDistricts(db)).flatMap((row) => [
      [row.slug, row.id],
      [row.id, row.id],
    ]),
  );
  const projectsByDistrict = new Map<string, BallotProjectRow[]>();
  const results: PaperUploadLine[] = [];
  try {
    await db.transaction(async (tx) => {
      const cycle = await loadCycle(tx, cycleId, true);
      if (!(cycle.phase === 'voting' || (cycle.phase === 'tallying' && cycle.paperEntryClosedAt === null))) {
        throw new AppError(BallotErrors.paperEntryClosed);
      }
      const method = (cycle.ballotRules as BallotRules).method;
      for (const [index, cells] of sheets.entries()) {
        const line = index + 2;
        const [voterCell = '', districtCell = '', choicesCell = ''] = cells;
        const districtId = slugs.get(districtCell.toLowerCase());
        if (districtId === undefined) {
          results.push({ line, outcome: 'invalid', message: `Unknown district "${districtCell}".` });
          continue;
        }
        let projects = projectsByDistrict.get(districtId);
        if (projects === undefined) {
          projects = await listBallotProjects(tx, cycleId, districtId);
          projectsByDistrict.set(districtId, projects);
        }
        const parsed = parseChoiceText(choicesCell, method, projects);
        if (!parsed.ok) {
          results.push({ line, outcome: 'invalid', message: parsed.message });
          continue;
        }
        const voter = await voterForSheet(tx, hmacKey, voterCell);
        if (voter === undefined) {
          results.push({ line, outcome: 'unknown_voter', message: BallotErrors.unknownVoter.message });
          continue;
        }
        try {
          await writeBallot(tx, cycle, { districtId, choices: parsed.choices, voter, channel: 'paper' });
          results.push({ line, outcome: 'accepted', message: 'Accepted.' });
        } catch (error) {
          if (!(error instanceof AppError) || OUTCOME_OF_ERROR[error.code] === undefined) throw error;
          results.push({ line, outcome: OUTCOME_OF_ERROR[error.code] ?? 'invalid', message: error.message });
        }
      }
      const accepted = results.filter((result) => result.outcome === 'accepted').length;
      if (dryRun) throw new RollbackSignal();
      await recordAudit(tx, {
        actorId,
        action: 'ballot.paper_uploaded',
        subjectId: cycleId,
        details: { lines: sheets.length, accepted },
      });
    });
  } catch (error) {
    if (!(error instanceof RollbackSignal)) throw error;
  }
  const accepted = results.filter((result) => result.outcome === 'accepted').length;
  return { dryRun, lines: sheets.length, accepted, refused: sheets.length - accepted, results };
}

export async function paperEntryState(db: Database, cycleId: string): Promise<PaperEntryState> {
  const cycle = await loadCycle(db, cycleId);
  const open = cycle.phase === 'voting' || (cycle.phase === 'tallying' && cycle.paperEntryClosedAt === null);
  return {
    open,
    closedAt: cycle.paperEntryClosedAt === null ? null : new Date(cycle.paperEntryClosedAt).toISOString(),
    paperBallots: await countPaperParticipations(db, cycleId),
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
