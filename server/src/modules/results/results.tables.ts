import type { BallotChoice, ParticipationStatistics } from '@pb/shared';
import { and, asc, eq } from 'drizzle-orm';
import { csvText } from '../../csv.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { listBallotProjects, publicProjectId } from '../ballots/ballots.repository.js';
import { ballots } from '../ballots/ballots.table.js';
import { ResultErrors } from './results.errors.js';
import { getResults } from './results.service.js';
import { participationStatistics } from './results.statistics.js';
import { cycleDistrictInfos, findTallyCycle, sha256, type TallyCycle } from './results.tally.js';
import { cycleResults } from './results.table.js';
import { assertVisible } from './results.visibility.js';

export const EXPORT_TABLES = ['projects.csv', 'ballots.csv', 'statistics.csv', 'results.json'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export interface TableFile {
  name: ExportTable;
  text: string;
  rows: number;
}

async function countedCycle(db: Database, cycleId: string, roles: readonly string[]): Promise<TallyCycle> {
  const cycle = await findTallyCycle(db, cycleId);
  if (cycle === undefined || cycle.phase === 'draft') throw new AppError(ResultErrors.notFound);
  assertVisible(cycle.phase, roles, 'exports');
  return cycle;
}

/** Every project of every district with its figures and both outcomes (the rule's and greedy's). */
async function projectsTable(db: Database, cycle: TallyCycle): Promise<TableFile> {
  const stored = new Map(
    (await db.select().from(cycleResults).where(eq(cycleResults.cycleId, cycle.id))).map((row) => [
      row.districtId,
      row,
    ]),
  );
  const rows: (string | number)[][] = [];
  for (const district of await cycleDistrictInfos(db, cycle.id)) {
    const result = stored.get(district.districtId);
    if (result === undefined) throw new AppError(ResultErrors.notReady);
    const explanations = new Map(result.outcome.explanations.map((entry) => [entry.projectId, entry]));
    const selected = new Set(result.outcome.selected);
    const greedy = new Set(result.outcome.greedySelected);
    for (const project of await listBallotProjects(db, cycle.id, district.districtId)) {
      const id = publicProjectId(project);
      const explanation = explanations.get(id);
      rows.push([
        district.districtId,
        district.name,
        id,
        project.id,
        project.title,
        project.cost,
        explanation?.votes ?? 0,
        explanation?.score ?? 0,
        selected.has(id) ? 1 : 0,
        greedy.has(id) ? 1 : 0,
        project.withdrawn ? 1 : 0,
        explanation?.reason ?? '',
      ]);
    }
  }
  const header = ['district_id', 'district', 'project_id', 'proposal_id', 'title', 'cost', 'votes', 'score'];
  return {
    name: 'projects.csv',
    text: csvText([...header, 'selected', 'selected_by_greedy', 'withdrawn', 'reason'], rows),
    rows: rows.length,
  };
}

function choiceText(choices: readonly BallotChoice[], numbers: ReadonlyMap<string, string>): string {
  return choices
    .map((choice) => {
      const number = numbers.get(choice.proposalId) ?? choice.proposalId;
      return choice.points === undefined ? number : `${number}:${String(choice.points)}`;
    })
    .join(' ');
}

/** Every counted ballot: the bulletin board as one table (ballot numbers as on paper; an import's own ids). */
async function ballotsTable(db: Database, cycle: TallyCycle): Promise<TableFile> {
  const numbers = new Map<string, string>();
  for (const district of await cycleDistrictInfos(db, cycle.id)) {
    for (const project of await listBallotProjects(db, cycle.id, district.districtId))
      numbers.set(project.id, publicProjectId(project));
  }
  const rows = await db
    .select({
      id: ballots.id,
      districtId: ballots.districtId,
      receiptHash: ballots.receiptHash,
      choices: ballots.choices,
    })
    .from(ballots)
    .where(and(eq(ballots.cycleId, cycle.id), eq(ballots.status, 'counted')))
    .orderBy(asc(ballots.id));
  return {
    name: 'ballots.csv',
    text: csvText(
      ['ballot_id', 'district_id', 'receipt_hash', 'choices'],
      rows.map((row) => [row.id, row.districtId, row.receiptHash ?? '', choiceText(row.choices, numbers)]),
    ),
    rows: rows.length,
  };
}

function statisticsRows(statistics: ParticipationStatistics): (string | number)[][] {
  return [
    ['total', 'participations', statistics.total, '', ''],
    ['total', 'voters', statistics.voters, '', ''],
    ...statistics.byDistrict.map((row) => [
      'district',
      row.districtId,
      row.participations,
      row.censusSize,
      row.turnoutPercent ?? '',
    ]),
    ...statistics.byChannel.map((row) => ['channel', row.channel, row.participations, '', '']),
    ...statistics.byDay.map((row) => ['day', row.day, row.participations, '', '']),
    ...statistics.byAgeBand.map((row) => ['age_band', row.band, row.voters, row.censusSize, row.turnoutPercent ?? '']),
  ];
}

/** The participation statistics, suppression included ("< 10"). */
async function statisticsTable(db: Database, cycle: TallyCycle): Promise<TableFile> {
  const rows = statisticsRows(await participationStatistics(db, cycle.id, ['auditor']));
  return {
    name: 'statistics.csv',
    text: csvText(['section', 'key', 'count', 'census', 'turnout_percent'], rows),
    rows: rows.length,
  };
}

/** The results as the API shows them, one district per row of `districts`. */
async function resultsJson(db: Database, cycle: TallyCycle): Promise<TableFile> {
  const results = await getResults(db, cycle.id, ['auditor']);
  return { name: 'results.json', text: `${JSON.stringify(results, null, 2)}\n`, rows: results.districts.length };
}

const BUILDERS: Record<ExportTable, (db: Database, cycle: TallyCycle) => Promise<TableFile>> = {
  'projects.csv': projectsTable,
  'ballots.csv': ballotsTable,
  'statistics.csv': statisticsTable,
  'results.json': resultsJson,
};

export async function exportTable(
  db: Database,
  cycleId: string,
  name: ExportTable,
  roles: readonly string[],
): Promise<TableFile> {
  return BUILDERS[name](db, await countedCycle(db, cycleId, roles));
}

/** The tables as the manifest lists them (called once the caller may see exports). */
export async function tableEntries(
  db: Database,
  cycle: TallyCycle,
): Promise<{ name: string; sha256: string; rows: number }[]> {
  const entries = [];
  for (const name of EXPORT_TABLES) {
    const table = await BUILDERS[name](db, cycle);
    entries.push({ name: table.name, sha256: sha256(table.text), rows: table.rows });
  }
  return entries;
}
