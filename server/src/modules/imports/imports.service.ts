import { createHash } from 'node:crypto';
import {
  importPlanFromPabulib,
  PabulibImportError,
  PabulibParseError,
  parsePabulib,
  type ImportedCycle,
  type ImportPlan,
  type PbParseResult,
} from '@pb/shared';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { findDistrict, listDistricts } from '../city/city.repository.js';
import { cycleResults } from '../results/results.table.js';
import { keepStatistics } from '../results/results.statistics.js';
import { tallyCycle } from '../results/results.tally.js';
import { ImportErrors } from './imports.errors.js';
import { insertImportedCycle, insertImportedProjects, insertImportedVotes } from './imports.repository.js';

export interface ImportRequest {
  actorId: string;
  /** The file as uploaded: its SHA-256 is taken of these bytes. */
  bytes: Buffer;
  fileName: string;
  districtId?: string | undefined;
  titleJa?: string | undefined;
  titleEn?: string | undefined;
}

const MAX_WARNINGS = 20;

function invalid(problem: string): AppError {
  return new AppError(ImportErrors.invalidFile, `${ImportErrors.invalidFile.message} ${problem}`);
}

function readFile(bytes: Buffer): PbParseResult {
  if (bytes.length === 0) throw new AppError(ImportErrors.emptyFile);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid('The file is not UTF-8 text.');
  }
  try {
    return parsePabulib(text);
  } catch (error) {
    if (error instanceof PabulibParseError) throw invalid(`Line ${String(error.line)}: ${error.problem}.`);
    throw error;
  }
}

/** The plan and the warnings only: the parsed file (text, rows) is garbage once this returns. */
function planFile(
  bytes: Buffer,
  titles: Pick<ImportRequest, 'titleJa' | 'titleEn'>,
): { plan: ImportPlan; warnings: string[] } {
  const parsed = readFile(bytes);
  try {
    return {
      plan: importPlanFromPabulib(parsed.election, titles),
      warnings: parsed.warnings
        .slice(0, MAX_WARNINGS)
        .map((warning) => `Line ${String(warning.line)}: ${warning.message}`),
    };
  } catch (error) {
    if (error instanceof PabulibImportError) throw invalid(`${error.problem}.`);
    throw error;
  }
}

async function districtFor(db: Database, districtId: string | undefined): Promise<string> {
  if (districtId !== undefined) {
    const district = await findDistrict(db, districtId);
    if (district === undefined) throw new AppError(ImportErrors.districtNotFound);
    return district.id;
  }
  const cityWide = (await listDistricts(db)).find((district) => district.cityWide && district.retiredAt === null);
  if (cityWide === undefined) throw new AppError(ImportErrors.noDistrict);
  return cityWide.id;
}

/**
 * A past election from a pabulib file becomes a published cycle with source `imported`: its
 * district and budget, the ballot list (keeping the file's project ids), the ballots and their
 * participations, the count and the frozen participation figures, all in one transaction. The database accepts those rows only in
 * the transaction that created the cycle (migration 0015), so nothing can be added afterwards.
 * A file that does not parse writes nothing and names the line.
 */
export async function importPabulibFile(db: Database, request: ImportRequest): Promise<ImportedCycle> {
  const sha256 = createHash('sha256').update(request.bytes).digest('hex');
  const { plan, warnings } = planFile(request.bytes, request);
  const ballotCount = plan.ballots.length;
  const districtId = await districtFor(db, request.districtId);
  const castOnDay = plan.votingEnded ?? new Date().toISOString().slice(0, 10);
  const cycleId = await db.transaction(async (tx) => {
    const id = await insertImportedCycle(tx, {
      titleJa: plan.titleJa,
      titleEn: plan.titleEn,
      ballot: plan.ballot,
      allocation: plan.allocation,
      fileName: request.fileName,
      sha256,
      actorId: request.actorId,
      districtId,
      budget: plan.budget,
    });
    const proposalIds = await insertImportedProjects(tx, id, districtId, request.actorId, plan.projects);
    await insertImportedVotes(tx, { cycleId: id, districtId, castOnDay, proposalIds }, plan.ballots);
    // The ballots are the large part: let them go before the count reads its own copy back.
    plan.ballots = [];
    await tallyCycle(tx, id);
    await keepStatistics(tx, id);
    await recordAudit(tx, {
      actorId: request.actorId,
      action: 'cycle.imported',
      subjectId: id,
      details: { districtId, projects: plan.projects.length, ballots: ballotCount, fileSha256: sha256 },
    });
    return id;
  });
  const [result] = await db
    .select({ outcome: cycleResults.outcome })
    .from(cycleResults)
    .where(eq(cycleResults.cycleId, cycleId));
  return {
    cycleId,
    districtId,
    fileName: request.fileName,
    sha256,
    titleJa: plan.titleJa,
    titleEn: plan.titleEn,
    budget: plan.budget,
    projects: plan.projects.length,
    ballots: ballotCount,
    ballot: plan.ballot,
    allocation: plan.allocation,
    selected: result?.outcome.selected ?? [],
    warnings,
  };
}
