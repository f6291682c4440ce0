import {
  PAPER_SHEET_CSV_COLUMNS,
  parseChoiceText,
  type BallotChoice,
  type BallotRules,
  type PaperDistrictCount,
  type PaperUploadLine,
  type PaperUploadReport,
} from '@pb/shared';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { findCycleDistrict } from './ballots.context.js';
import { BallotErrors } from './ballots.errors.js';
import {
  acceptedLine,
  districtsBySlug,
  isPaperEntryOpen,
  readPaperCsv,
  refusedLine,
  runPaperUpload,
  unknownDistrictLine,
} from './ballots.paper.js';
import { countPaper, insertSheets, lockPollBook } from './ballots.paper.repository.js';
import {
  listBallotProjects,
  listVotingDistricts,
  type BallotProjectRow,
  type VotingCycleRow,
} from './ballots.repository.js';
import { checkedChoices, loadCycle, validChoices } from './ballots.service.js';

/**
 * The ballot box: returned paper sheets, entered with their district and choices and nothing
 * else, so no sheet can be traced to the resident the poll book says received it. A district
 * never holds more sheets than the poll book has ballots handed out there (the database checks
 * this too, at commit).
 */
function exceeds(counts: { issued: number; sheets: number }): AppError {
  return new AppError(
    BallotErrors.sheetsExceedPollBook,
    `This district has ${String(counts.sheets)} paper sheets for ${String(counts.issued)} paper ballots handed out.`,
    { params: { sheets: counts.sheets, issued: counts.issued } },
  );
}

async function checkedSheet(
  tx: Database,
  cycle: VotingCycleRow,
  districtId: string,
  choices: readonly BallotChoice[],
): Promise<BallotChoice[]> {
  const district = findCycleDistrict(await listVotingDistricts(tx, cycle.id), districtId);
  return checkedChoices(tx, cycle.id, cycle.ballotRules as BallotRules, district, choices);
}

export async function enterSheet(
  db: Database,
  input: { actorId: string; cycleId: string; districtId: string; choices: readonly BallotChoice[] },
): Promise<PaperDistrictCount> {
  await db.transaction(async (tx) => {
    const cycle = await loadCycle(tx, input.cycleId, true);
    if (!isPaperEntryOpen(cycle)) throw new AppError(BallotErrors.paperEntryClosed);
    const sheet = await checkedSheet(tx, cycle, input.districtId, input.choices);
    await lockPollBook(tx, cycle.id, [input.districtId]);
    const outcome = await insertSheets(tx, cycle.id, input.districtId, [sheet]);
    if (outcome.inserted === 0) throw exceeds(outcome);
    await recordAudit(tx, {
      actorId: input.actorId,
      action: 'ballot.paper_sheet_entered',
      subjectId: cycle.id,
      details: { districtId: input.districtId },
    });
  });
  const counts = await countPaper(db, input.cycleId);
  return counts.find((count) => count.districtId === input.districtId) ?? { ...input, issued: 0, sheets: 0 };
}

const INSERT_CHUNK = 1000;

/**
 * Sheets as CSV, one per line: `district` (slug or id) and `choices` in paper notation. Every
 * district named is locked first (in one order, so two uploads cannot deadlock), so the room
 * read once per district stays true while the lines are checked.
 */
export async function uploadSheets(
  db: Database,
  input: { actorId: string; cycleId: string; csv: string; dryRun: boolean },
): Promise<PaperUploadReport> {
  const rows = readPaperCsv(input.csv, PAPER_SHEET_CSV_COLUMNS);
  const slugs = await districtsBySlug(db);
  return runPaperUpload(
    db,
    { ...input, action: 'ballot.paper_sheets_uploaded', lines: rows.length },
    async (tx, cycle) => {
      const rules = cycle.ballotRules as BallotRules;
      const named = new Set(rows.flatMap(([cell = '']) => slugs.get(cell.toLowerCase()) ?? []));
      const inCycle = new Map(
        (await listVotingDistricts(tx, cycle.id)).map((district) => [district.districtId, district]),
      );
      await lockPollBook(
        tx,
        cycle.id,
        [...named].filter((districtId) => inCycle.has(districtId)),
      );
      const counts = new Map((await countPaper(tx, cycle.id)).map((count) => [count.districtId, { ...count }]));
      const projects = new Map<string, BallotProjectRow[]>();
      const accepted = new Map<string, BallotChoice[][]>();
      const results: PaperUploadLine[] = [];
      for (const [index, [districtCell = '', choicesCell = '']] of rows.entries()) {
        const line = index + 2;
        const districtId = slugs.get(districtCell.toLowerCase());
        const count = districtId === undefined ? undefined : counts.get(districtId);
        const district = districtId === undefined ? undefined : inCycle.get(districtId);
        if (districtId === undefined || count === undefined || district === undefined) {
          results.push(unknownDistrictLine(line, districtCell));
          continue;
        }
        const list = projects.get(districtId) ?? (await listBallotProjects(tx, cycle.id, districtId));
        projects.set(districtId, list);
        try {
          const parsed = parseChoiceText(choicesCell, rules.method, list);
          if (!parsed.ok) throw new AppError(BallotErrors.invalid, parsed.message, { params: parsed.problem });
          const sheet = validChoices(rules, district.budget, list, parsed.choices);
          if (count.sheets >= count.issued) throw exceeds(count);
          count.sheets += 1;
          const sheets = accepted.get(districtId) ?? [];
          if (sheets.length === 0) accepted.set(districtId, sheets);
          sheets.push(sheet);
          results.push(acceptedLine(line));
        } catch (error) {
          results.push(refusedLine(line, error));
        }
      }
      for (const [districtId, sheets] of accepted) {
        for (let start = 0; start < sheets.length; start += INSERT_CHUNK) {
          const chunk = sheets.slice(start, start + INSERT_CHUNK);
          const outcome = await insertSheets(tx, cycle.id, districtId, chunk);
          if (outcome.inserted !== chunk.length) throw exceeds(outcome);
        }
      }
      return results;
    },
  );
}
