import type {
  AuditAnchor,
  BulletinPage,
  BulletinQuery,
  CycleReconciliation,
  CycleResults,
  DistrictResult,
  ProjectExplanation,
  ProjectExplanationDto,
  RecountReport,
} from '@pb/shared';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { cycleAuditAnchor } from '../audit/audit.anchor.js';
import {
  listCycleBallotProjects,
  listVotingDistricts,
  publicProjectId,
  type BallotProjectRow,
} from '../ballots/ballots.repository.js';
import { ballots } from '../ballots/ballots.table.js';
import { ResultErrors } from './results.errors.js';
import { cycleReconciliation, isCountStopped } from './results.reconcile.js';
import { countCycle, findCyclePhase, findTallyCycle, isCountable, type TallyCycle } from './results.tally.js';
import { cycleResults, type StoredOutcome } from './results.table.js';
import { assertVisible, type Disclosure } from './results.visibility.js';

const PUBLISHED = ['published', 'closed'];

function explanationDto(explanation: ProjectExplanation | undefined): ProjectExplanationDto {
  if (explanation === undefined) return { reason: 'no_supporters' };
  const { reason, stage, round, rank, remainingBefore, effectiveVotes, payments } = explanation;
  const { unaffordableInRound, supportersMoney, voterBudget, load } = explanation;
  const optional = { stage, round, rank, remainingBefore, effectiveVotes, payments };
  const more = { unaffordableInRound, supportersMoney, voterBudget, load };
  return Object.fromEntries(
    Object.entries({ reason, ...optional, ...more }).filter(([, value]) => value !== undefined),
  ) as ProjectExplanationDto;
}

function costOf(numbers: readonly string[], projects: ReadonlyMap<string, BallotProjectRow>): number {
  return numbers.reduce((sum, number) => sum + (projects.get(number)?.cost ?? 0), 0);
}

function districtResult(
  row: typeof cycleResults.$inferSelect,
  budget: number,
  projects: readonly BallotProjectRow[],
): DistrictResult {
  const outcome: StoredOutcome = row.outcome;
  const byNumber = new Map(projects.map((project) => [publicProjectId(project), project]));
  const explanations = new Map(outcome.explanations.map((explanation) => [explanation.projectId, explanation]));
  const funded = new Map(outcome.selected.map((number, index) => [number, index]));
  const greedy = new Set(outcome.greedySelected);
  const used = costOf(outcome.selected, byNumber);
  const ordered = [...projects].sort((left, right) => {
    const leftRank = funded.get(publicProjectId(left));
    const rightRank = funded.get(publicProjectId(right));
    if (leftRank !== undefined || rightRank !== undefined) return (leftRank ?? Infinity) - (rightRank ?? Infinity);
    const scoreOf = (project: BallotProjectRow) => explanations.get(publicProjectId(project))?.score ?? 0;
    return scoreOf(right) - scoreOf(left) || left.number - right.number;
  });
  return {
    districtId: row.districtId,
    budget,
    used,
    leftover: budget - used,
    greedyUsed: costOf(outcome.greedySelected, byNumber),
    ballots: row.ballotCount,
    ballotsSha256: row.ballotsSha256,
    rules: row.rules,
    tiesMet: outcome.tiesMet,
    computedAt: row.computedAt.toISOString(),
    reconciliation: outcome.reconciliation ?? null,
    projects: ordered.map((project) => {
      const explanation = explanations.get(publicProjectId(project));
      return {
        proposalId: project.id,
        number: project.number,
        title: project.title,
        cost: project.cost,
        votes: explanation?.votes ?? 0,
        score: explanation?.score ?? 0,
        selected: funded.has(publicProjectId(project)),
        withdrawn: project.withdrawn,
        selectedByGreedy: greedy.has(publicProjectId(project)),
        explanation: explanationDto(explanation),
      };
    }),
  };
}

async function visibleCycle(
  db: Database,
  cycleId: string,
  roles: readonly string[],
  what: Disclosure,
): Promise<TallyCycle> {
  const cycle = await findTallyCycle(db, cycleId);
  if (cycle === undefined || cycle.phase === 'draft') throw new AppError(ResultErrors.notFound);
  assertVisible(cycle.phase, roles, what);
  return cycle;
}

/**
 * Complete results by cycle, per database handle. Nothing in them can change once every district
 * has its row: stored results refuse UPDATE and DELETE (trigger), and the ballot list (titles,
 * costs, withdrawals) is frozen from voting on. So this is a cache no other instance needs to know
 * of; the phase, which does change, is read on every request.
 */
const completeResults = new WeakMap<Database, Map<string, DistrictResult[]>>();

async function loadDistrictResults(db: Database, cycleId: string): Promise<DistrictResult[]> {
  const rows = await db.select().from(cycleResults).where(eq(cycleResults.cycleId, cycleId));
  const districts = await listVotingDistricts(db, cycleId);
  if (rows.length === 0 || rows.length < districts.length) {
    throw new AppError((await isCountStopped(db, cycleId)) ? ResultErrors.countStopped : ResultErrors.notReady);
  }
  const budgets = new Map(districts.map((district) => [district.districtId, district.budget]));
  const projects = await listCycleBallotProjects(db, cycleId);
  const results = rows.map((row) =>
    districtResult(row, budgets.get(row.districtId) ?? 0, projects.get(row.districtId) ?? []),
  );
  const order = districts.map((district) => district.districtId);
  return results.sort((left, right) => order.indexOf(left.districtId) - order.indexOf(right.districtId));
}

async function visiblePhase(db: Database, cycleId: string, roles: readonly string[]): Promise<string> {
  const phase = await findCyclePhase(db, cycleId);
  if (phase === undefined || phase === 'draft') throw new AppError(ResultErrors.notFound);
  assertVisible(phase, roles, 'results');
  return phase;
}

/** Public after publication; staff and auditors see them during tallying (DESIGN.md's table). */
export async function getResults(db: Database, cycleId: string, roles: readonly string[]): Promise<CycleResults> {
  const phase = await visiblePhase(db, cycleId, roles);
  let cached = completeResults.get(db);
  if (cached === undefined) completeResults.set(db, (cached = new Map<string, DistrictResult[]>()));
  let districts = cached.get(cycleId);
  if (districts === undefined) {
    districts = await loadDistrictResults(db, cycleId);
    cached.set(cycleId, districts);
  }
  return { cycleId, phase, published: PUBLISHED.includes(phase), districts };
}

/** The manifest's audit anchor, to whoever may see the results (kept apart: results.json must not change with it). */
export async function resultsAuditAnchor(
  db: Database,
  cycleId: string,
  roles: readonly string[],
): Promise<AuditAnchor> {
  return cycleAuditAnchor(db, cycleId, await visiblePhase(db, cycleId, roles));
}

/**
 * Ballots against participations per district: as the count found them once it has run (the
 * purge later deletes participations), live before that, with whether the count stopped.
 */
export async function getReconciliation(
  db: Database,
  cycleId: string,
  roles: readonly string[],
): Promise<CycleReconciliation> {
  await visiblePhase(db, cycleId, roles);
  const [rows, districts] = await Promise.all([
    db.select({ outcome: cycleResults.outcome }).from(cycleResults).where(eq(cycleResults.cycleId, cycleId)),
    listVotingDistricts(db, cycleId),
  ]);
  const stored = new Map(
    rows
      .flatMap(({ outcome }) =>
        outcome.reconciliation === undefined || outcome.reconciliation === null ? [] : [outcome.reconciliation],
      )
      .map((figures) => [figures.districtId, figures]),
  );
  // Once counted, the figures are the count's own: no need to count the rows again (and after the
  // purge the participations are gone). A stored result means the count did not stop.
  const counted = districts
    .flatMap((district) => stored.get(district.districtId) ?? [])
    .sort((left, right) => (left.districtId < right.districtId ? -1 : 1));
  if (counted.length === districts.length && counted.length > 0) {
    return { cycleId, countStopped: false, districts: counted };
  }
  return cycleReconciliation(db, cycleId);
}

/** A cycle this caller may recount: its results are visible to them and its ballots are all in. */
export async function recountableCycle(db: Database, cycleId: string, roles: readonly string[]): Promise<TallyCycle> {
  const cycle = await visibleCycle(db, cycleId, roles, 'results');
  if (!isCountable(cycle)) throw new AppError(ResultErrors.notReady);
  return cycle;
}

/** Counts the stored ballots again and compares with the stored result, without writing. */
export async function recount(db: Database, cycleId: string, roles: readonly string[]): Promise<RecountReport> {
  const cycle = await recountableCycle(db, cycleId, roles);
  const stored = new Map(
    (await db.select().from(cycleResults).where(eq(cycleResults.cycleId, cycleId))).map((row) => [row.districtId, row]),
  );
  const districts = (await countCycle(db, cycle)).map((count) => {
    const row = stored.get(count.districtId);
    return {
      districtId: count.districtId,
      storedSha256: row?.ballotsSha256 ?? '',
      recountedSha256: count.ballotsSha256,
      sameBallots: row?.ballotsSha256 === count.ballotsSha256,
      sameResult: JSON.stringify(row?.outcome.selected) === JSON.stringify(count.outcome.selected),
    };
  });
  const reconciliation = await getReconciliation(db, cycleId, roles);
  return {
    cycleId,
    matches:
      districts.every((d) => d.sameBallots && d.sameResult) &&
      reconciliation.districts.every((district) => district.matches),
    districts,
    reconciliation: reconciliation.districts,
  };
}

/**
 * Every counted ballot with its receipt hash, in ballot-id order (random, so it says nothing of
 * who voted when): auditors during tallying, everyone once published.
 */
export async function bulletinPage(
  db: Database,
  cycleId: string,
  query: BulletinQuery,
  roles: readonly string[],
): Promise<BulletinPage> {
  await visibleCycle(db, cycleId, roles, 'bulletin');
  const conditions = [eq(ballots.cycleId, cycleId), eq(ballots.status, 'counted')];
  if (query.districtId !== undefined) conditions.push(eq(ballots.districtId, query.districtId));
  if (query.after !== undefined) conditions.push(gt(ballots.id, query.after));
  const rows = await db
    .select({
      ballotId: ballots.id,
      districtId: ballots.districtId,
      receiptHash: ballots.receiptHash,
      choices: ballots.choices,
    })
    .from(ballots)
    .where(and(...conditions))
    .orderBy(asc(ballots.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  return { items, next: rows.length > query.limit ? (items.at(-1)?.ballotId ?? null) : null };
}
