import { writePabulib, type ExportManifest } from '@pb/shared';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { ResultErrors } from './results.errors.js';
import { cycleDistrictInfos, districtElection, findTallyCycle, sha256, type TallyCycle } from './results.tally.js';
import { cycleResults } from './results.table.js';
import { tableEntries } from './results.tables.js';
import { assertVisible } from './results.visibility.js';

async function exportableCycle(db: Database, cycleId: string, roles: readonly string[]): Promise<TallyCycle> {
  const cycle = await findTallyCycle(db, cycleId);
  if (cycle === undefined || cycle.phase === 'draft') throw new AppError(ResultErrors.notFound);
  assertVisible(cycle.phase, roles, 'exports');
  return cycle;
}

async function storedResults(db: Database, cycleId: string) {
  const rows = await db.select().from(cycleResults).where(eq(cycleResults.cycleId, cycleId));
  return new Map(rows.map((row) => [row.districtId, row]));
}

interface DistrictFile {
  name: string;
  districtId: string;
  text: string;
  ballots: number;
  ballotsSha256: string;
  selected: string[];
}

async function districtFiles(db: Database, cycle: TallyCycle, only?: string): Promise<DistrictFile[]> {
  const stored = await storedResults(db, cycle.id);
  const districts = (await cycleDistrictInfos(db, cycle.id)).filter(
    (district) => only === undefined || district.districtId === only,
  );
  if (districts.length === 0)
    throw new AppError(ResultErrors.notFound, 'This district does not take part in this cycle.');
  const files: DistrictFile[] = [];
  for (const district of districts) {
    const result = stored.get(district.districtId);
    if (result === undefined) throw new AppError(ResultErrors.notReady);
    const selected = result.outcome.selected;
    const { election, ballotCount } = await districtElection(db, cycle, district, new Set(selected));
    files.push({
      name: `${district.districtId}.pb`,
      districtId: district.districtId,
      text: writePabulib(election),
      ballots: ballotCount,
      ballotsSha256: result.ballotsSha256,
      selected,
    });
  }
  return files;
}

/** One district's counted ballots in pabulib format, with the `selected` column of the count. */
export async function exportDistrictPb(
  db: Database,
  cycleId: string,
  districtId: string,
  roles: readonly string[],
): Promise<string> {
  const cycle = await exportableCycle(db, cycleId, roles);
  const [file] = await districtFiles(db, cycle, districtId);
  if (file === undefined) throw new AppError(ResultErrors.notFound);
  return file.text;
}

/** Every export file of the cycle with its SHA-256, row count and outcome, and the rules counted with. */
export async function exportManifest(db: Database, cycleId: string, roles: readonly string[]): Promise<ExportManifest> {
  const cycle = await exportableCycle(db, cycleId, roles);
  const files = await districtFiles(db, cycle);
  return {
    cycleId,
    phase: cycle.phase,
    rules: cycle.allocationRules,
    tables: await tableEntries(db, cycle),
    files: files.map((file) => ({
      name: file.name,
      districtId: file.districtId,
      sha256: sha256(file.text),
      ballots: file.ballots,
      ballotsSha256: file.ballotsSha256,
      selected: file.selected,
    })),
  };
}
