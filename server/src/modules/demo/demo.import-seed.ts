import { seededRandom, writePabulib, type MilestoneBody, type PbElection, type ProgressUpdateBody } from '@pb/shared';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { importPabulibFile } from '../imports/imports.service.js';
import { addMilestone, updateProgress } from '../progress/progress.service.js';
import { proposals } from '../proposals/proposals.table.js';

const VOTERS = 320;
const BUDGET = 30_000_000;
/** Fixed, so every demo city shows the same past election. */
const SEED = 20_250_615;

/** Past projects: name, cost, category and how much each of three neighbourhoods likes it. */
const PAST_PROJECTS = [
  { name: '駅前広場の花壇づくり', cost: 2_500_000, category: 'parks', appeal: [0.5, 0.2, 0.1] },
  { name: 'Free Wi-Fi in community centres', cost: 4_000_000, category: 'education', appeal: [0.3, 0.3, 0.3] },
  { name: '高齢者向け買い物送迎バス', cost: 9_000_000, category: 'welfare', appeal: [0.1, 0.5, 0.2] },
  { name: 'Skate park by the river', cost: 7_500_000, category: 'sport', appeal: [0.4, 0.05, 0.1] },
  { name: '通学路の見守りカメラ', cost: 6_000_000, category: 'safety', appeal: [0.2, 0.3, 0.45] },
  { name: 'Repair café and tool library', cost: 1_800_000, category: 'environment', appeal: [0.25, 0.1, 0.3] },
  { name: '公民館の耐震補強と冷房', cost: 14_000_000, category: 'welfare', appeal: [0.15, 0.45, 0.35] },
  { name: 'Picture-book corner at the station', cost: 1_200_000, category: 'culture', appeal: [0.3, 0.15, 0.25] },
  { name: '自転車レーンの整備（北通り）', cost: 11_000_000, category: 'streets', appeal: [0.35, 0.05, 0.2] },
  { name: 'Summer night market', cost: 3_200_000, category: 'culture', appeal: [0.2, 0.2, 0.35] },
] as const;

/**
 * A past approval election (up to three projects per ballot, counted with Equal Shares and Add1)
 * of a few hundred voters in three neighbourhoods with different tastes, as a pabulib file.
 */
export function generateDemoPabulib(): string {
  const random = seededRandom(SEED);
  const voters: PbElection['voters'] = [];
  for (let index = 0; index < VOTERS; index += 1) {
    const neighbourhood = index % 3;
    const picks = PAST_PROJECTS.map((project, position) => ({ position, weight: project.appeal[neighbourhood] ?? 0 }))
      .filter((candidate) => random() < candidate.weight)
      .sort((left, right) => right.weight - left.weight)
      .slice(0, 3)
      .map((candidate) => String(candidate.position + 1));
    const fallback = String(Math.floor(random() * PAST_PROJECTS.length) + 1);
    voters.push({
      id: String(index + 1),
      ballot: (picks.length > 0 ? picks : [fallback]).sort((left, right) => Number(left) - Number(right)),
      points: undefined,
      fields: {},
    });
  }
  return writePabulib({
    meta: [
      ['description', 'Midori City civic budget 2025'],
      ['country', 'Japan'],
      ['unit', 'Midori City'],
      ['instance', '2025'],
      ['num_projects', String(PAST_PROJECTS.length)],
      ['num_votes', String(VOTERS)],
      ['budget', String(BUDGET)],
      ['vote_type', 'approval'],
      ['rule', 'equalshares/add1'],
      ['date_begin', '01.06.2025'],
      ['date_end', '15.06.2025'],
      ['min_length', '1'],
      ['max_length', '3'],
      ['currency', 'JPY'],
      ['language', 'ja'],
    ],
    projectColumns: ['project_id', 'cost', 'name', 'category'],
    projects: PAST_PROJECTS.map((project, index) => ({
      id: String(index + 1),
      cost: String(project.cost),
      fields: { name: project.name, category: project.category },
    })),
    voterColumns: ['voter_id', 'vote'],
    voters,
  });
}

/** How the city is getting on with what the past vote funded, in funding order; the rest stay planned. */
const PAST_PROGRESS: readonly { body: ProgressUpdateBody; milestones: MilestoneBody[] }[] = [
  {
    body: {
      status: 'done',
      percentComplete: 100,
      noteJa: '予定どおり完成し、利用が始まりました。',
      noteEn: 'Finished on schedule and in use.',
    },
    milestones: [
      { onDate: '2025-09-01', titleJa: '業者決定', titleEn: 'Contractor chosen' },
      { onDate: '2025-11-10', titleJa: '着工', titleEn: 'Work started' },
      {
        onDate: '2026-03-20',
        titleJa: '供用開始',
        titleEn: 'Opened',
        noteJa: '開所式を行いました。',
        noteEn: 'Opening ceremony held.',
      },
    ],
  },
  {
    body: {
      status: 'in_progress',
      percentComplete: 40,
      noteJa: '資材の納期が遅れ、完成は秋の見込みです。',
      noteEn: 'Materials arrived late; completion is expected in the autumn.',
    },
    milestones: [
      { onDate: '2025-10-15', titleJa: '設計完了', titleEn: 'Design completed' },
      { onDate: '2027-10-01', titleJa: '完成予定', titleEn: 'Planned completion' },
    ],
  },
  {
    body: {
      status: 'cancelled',
      percentComplete: 10,
      noteJa: '予定地の地権者の同意が得られず、中止しました。',
      noteEn: 'Cancelled: the landowner of the chosen site did not agree.',
    },
    milestones: [{ onDate: '2026-01-30', titleJa: '中止決定', titleEn: 'Cancellation decided' }],
  },
];

/** The demo city's past cycle, imported from the generated file as staff would import one, with its progress. */
export async function seedDemoImportedCycle(db: Database, staffId: string): Promise<void> {
  const imported = await importPabulibFile(db, {
    actorId: staffId,
    bytes: Buffer.from(generateDemoPabulib(), 'utf8'),
    fileName: 'midori-2025.pb',
    titleJa: 'みどり市 市民提案予算 2025（過去の投票・取り込み）',
    titleEn: 'Midori City civic budget 2025 (imported past vote)',
  });
  const funded = await db
    .select({ id: proposals.id, externalId: proposals.externalId })
    .from(proposals)
    .where(eq(proposals.cycleId, imported.cycleId));
  const byExternalId = new Map(funded.map((row) => [row.externalId, row.id]));
  for (const [index, progress] of PAST_PROGRESS.entries()) {
    const externalId = imported.selected[index];
    const proposalId = externalId === undefined ? undefined : byExternalId.get(externalId);
    if (proposalId === undefined) continue;
    const params = { cycleId: imported.cycleId, proposalId };
    await updateProgress(db, staffId, params, progress.body);
    for (const milestone of progress.milestones) await addMilestone(db, staffId, params, milestone);
  }
}
