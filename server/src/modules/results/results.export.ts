import { createHash } from 'node:crypto';
import {
  CanonicalTally,
  canonicalBallotContext,
  canonicalElectionHead,
  canonicalVoter,
  writePabulibHead,
  writePabulibVoters,
  type BallotChoice,
  type ExportManifest,
} from '@pb/shared';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { cycleAuditAnchor } from '../audit/audit.anchor.js';
import { ballots } from '../ballots/ballots.table.js';
import { ResultErrors } from './results.errors.js';
import { getReconciliation } from './results.service.js';
import {
  cycleDistrictInfos,
  districtExportSource,
  findTallyCycle,
  type DistrictInfo,
  type TallyCycle,
} from './results.tally.js';
import { cycleResults } from './results.table.js';
import { tableEntries } from './results.tables.js';
import { assertVisible } from './results.visibility.js';

/** Ballots read per query while streaming: bounded memory whatever the size of the district. */
const PAGE_SIZE = 10_000;

async function exportableCycle(db: Database, cycleId: string, roles: readonly string[]): Promise<TallyCycle> {
  const cycle = await findTallyCycle(db, cycleId);
  if (cycle === undefined || cycle.phase === 'draft') throw new AppError(ResultErrors.notFound);
  assertVisible(cycle.phase, roles, 'exports');
  return cycle;
}

interface DistrictExport {
  name: string;
  districtId: string;
  ballots: number;
  ballotsSha256: string;
  selected: string[];
  /** The file, written as it is read; each call reads the ballots afresh. */
  chunks(): AsyncGenerator<string>;
}

/** Counted ballots of a district in id order (the file's voter order), a page at a time. */
async function* ballotPages(db: Database, cycleId: string, districtId: string, pageSize: number) {
  let after: string | undefined;
  for (;;) {
    const page = await db
      .select({ id: ballots.id, choices: ballots.choices })
      .from(ballots)
      .where(
        and(
          eq(ballots.cycleId, cycleId),
          eq(ballots.districtId, districtId),
          eq(ballots.status, 'counted'),
          after === undefined ? undefined : gt(ballots.id, after),
        ),
      )
      .orderBy(asc(ballots.id))
      .limit(pageSize);
    if (page.length > 0) yield page as { id: string; choices: BallotChoice[] }[];
    if (page.length < pageSize) return;
    after = page.at(-1)?.id;
  }
}

/**
 * The canonical file, read from the database a page at a time: the head carries the vote counts,
 * so the VOTES rows are written to text while the ballots are tallied, and follow the head. Only
 * text is held (4.7 MB for 100 000 ballots), never the ballots themselves; a second read of the
 * ballots instead doubled the time.
 */
function districtExport(
  db: Database,
  cycle: TallyCycle,
  district: DistrictInfo,
  stored: StoredRow,
  pageSize: number,
): DistrictExport {
  const selected = stored.outcome.selected;
  return {
    name: `${district.districtId}.pb`,
    districtId: district.districtId,
    ballots: stored.ballotCount,
    ballotsSha256: stored.ballotsSha256,
    selected,
    async *chunks() {
      const source = await districtExportSource(db, cycle, district, new Set(selected));
      const context = canonicalBallotContext(source.head);
      const columns = canonicalElectionHead(source.head, new CanonicalTally()).voterColumns;
      const tally = new CanonicalTally();
      const rows: string[] = [];
      for await (const page of ballotPages(db, cycle.id, district.districtId, pageSize)) {
        const voters = page.map((row) => {
          const { voter, scorePoints } = canonicalVoter(source.toExportBallot(row), context);
          tally.add(voter, scorePoints);
          return voter;
        });
        rows.push(writePabulibVoters(columns, voters));
      }
      yield writePabulibHead(canonicalElectionHead(source.head, tally));
      yield* rows;
    },
  };
}

type StoredRow = typeof cycleResults.$inferSelect;

async function districtExports(
  db: Database,
  cycle: TallyCycle,
  only?: string,
  pageSize = PAGE_SIZE,
): Promise<DistrictExport[]> {
  const rows = await db.select().from(cycleResults).where(eq(cycleResults.cycleId, cycle.id));
  const stored = new Map(rows.map((row) => [row.districtId, row]));
  const districts = (await cycleDistrictInfos(db, cycle.id)).filter(
    (district) => only === undefined || district.districtId === only,
  );
  if (districts.length === 0)
    throw new AppError(ResultErrors.notFound, 'This district does not take part in this cycle.');
  return districts.map((district) => {
    const row = stored.get(district.districtId);
    if (row === undefined) throw new AppError(ResultErrors.notReady);
    return districtExport(db, cycle, district, row, pageSize);
  });
}

/**
 * One district's counted ballots in pabulib format, with the `selected` column of the count,
 * as a stream of text chunks (checked for visibility and readiness before the first chunk).
 */
export async function exportDistrictPb(
  db: Database,
  cycleId: string,
  districtId: string,
  roles: readonly string[],
  pageSize = PAGE_SIZE,
): Promise<AsyncGenerator<string>> {
  const cycle = await exportableCycle(db, cycleId, roles);
  const [file] = await districtExports(db, cycle, districtId, pageSize);
  if (file === undefined) throw new AppError(ResultErrors.notFound);
  return file.chunks();
}

async function sha256Of(chunks: AsyncGenerator<string>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Every export file of the cycle with its SHA-256, row count and outcome, the rules counted with,
 * and where the cycle stands in the audit chain.
 */
export async function exportManifest(db: Database, cycleId: string, roles: readonly string[]): Promise<ExportManifest> {
  const cycle = await exportableCycle(db, cycleId, roles);
  const files = await districtExports(db, cycle);
  const auditAnchor = await cycleAuditAnchor(db, cycleId, cycle.phase);
  const reconciliation = await getReconciliation(db, cycleId, roles);
  return {
    cycleId,
    phase: cycle.phase,
    rules: cycle.allocationRules,
    tables: await tableEntries(db, cycle),
    files: await Promise.all(
      files.map(async (file) => ({
        name: file.name,
        districtId: file.districtId,
        sha256: await sha256Of(file.chunks()),
        ballots: file.ballots,
        ballotsSha256: file.ballotsSha256,
        selected: file.selected,
      })),
    ),
    auditAnchor,
    reconciliation: reconciliation.districts,
  };
}
