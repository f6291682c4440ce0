import { POLL_BOOK_CSV_COLUMNS, type PaperDistrictCount, type PaperUploadReport } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { BallotErrors } from './ballots.errors.js';
import {
  acceptedLine,
  districtsBySlug,
  readPaperCsv,
  refusedLine,
  runPaperUpload,
  unknownDistrictLine,
} from './ballots.paper.js';
import { countPaper, insertPollBookEntry } from './ballots.paper.repository.js';
import type { VotingCycleRow } from './ballots.repository.js';
import { eligibleDistrict, loadCycle } from './ballots.service.js';
import { voterForSheet, type Voter } from './ballots.voters.js';

/**
 * The poll book: a resident received a paper ballot for a district. Checked like any ballot (voter
 * list, district, age, one ballot per person across channels) and written as a paper
 * participation alone; the sheet they return goes into the ballot box with no name on it.
 */
async function recordIssue(tx: Database, cycle: VotingCycleRow, voter: Voter, districtId: string): Promise<void> {
  const district = await eligibleDistrict(tx, cycle, districtId, voter, 'paper');
  const issued = await insertPollBookEntry(tx, {
    cycleId: cycle.id,
    districtId: district.districtId,
    voterKey: voter.key,
    userId: voter.userId,
  });
  if (!issued) throw new AppError(BallotErrors.alreadyVoted);
}

export async function issuePaperBallot(
  db: Database,
  input: { actorId: string; cycleId: string; districtId: string; voter: Voter },
): Promise<PaperDistrictCount> {
  await db.transaction(async (tx) => {
    const cycle = await loadCycle(tx, input.cycleId, true);
    await recordIssue(tx, cycle, input.voter, input.districtId);
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'ballot.paper_issued',
      subjectId: cycle.id,
      details: { districtId: input.districtId },
    });
  });
  const counts = await countPaper(db, input.cycleId);
  return counts.find((count) => count.districtId === input.districtId) ?? { ...input, issued: 0, sheets: 0 };
}

/**
 * The poll book as CSV, one resident per line: `voter` (census number or voting code) and
 * `district` (slug or id); duplicates within the file are refused like a second issue.
 */
export async function uploadPollBook(
  db: Database,
  hmacKey: string,
  input: { actorId: string; cycleId: string; csv: string; dryRun: boolean },
): Promise<PaperUploadReport> {
  const rows = readPaperCsv(input.csv, POLL_BOOK_CSV_COLUMNS);
  const slugs = await districtsBySlug(db);
  return runPaperUpload(
    db,
    { ...input, action: 'ballot.poll_book_uploaded', lines: rows.length },
    async (tx, cycle) => {
      const results = [];
      for (const [index, [voterCell = '', districtCell = '']] of rows.entries()) {
        const line = index + 2;
        const districtId = slugs.get(districtCell.toLowerCase());
        if (districtId === undefined) {
          results.push(unknownDistrictLine(line, districtCell));
          continue;
        }
        try {
          const voter = await voterForSheet(tx, hmacKey, voterCell);
          if (voter === undefined) throw new AppError(BallotErrors.unknownVoter);
          await recordIssue(tx, cycle, voter, districtId);
          results.push(acceptedLine(line));
        } catch (error) {
          results.push(refusedLine(line, error));
        }
      }
      return results;
    },
  );
}
