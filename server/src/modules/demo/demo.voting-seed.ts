import { createHash, randomBytes } from 'node:crypto';
import { defaultAllocationRules, type ProposalCategory } from '@pb/shared';
import { eq, sql } from 'drizzle-orm';
import { DEFAULT_MAP_CENTER } from '../../config.js';
import type { Database } from '../../db/database.js';
import { ballots, participations } from '../ballots/ballots.table.js';
import type { DistrictRow } from '../city/city.repository.js';
import { cycleDistricts, cyclePhaseEvents, cycleSchedule, cycles } from '../cycles/cycles.table.js';
import { proposalEvents, proposals } from '../proposals/proposals.table.js';

const LOCAL_BUDGET = 10_000_000;
const CITY_WIDE_BUDGET = 20_000_000;
const DEMO_BALLOTS = 60;

/** Places on a small circle around the demo map centre, one per project. */
function demoPoint(index: number): { latitude: number; longitude: number } {
  const angle = (index / BALLOT_PROJECTS.length) * 2 * Math.PI;
  const round = (value: number) => Math.round(value * 100_000) / 100_000;
  return {
    latitude: round(DEFAULT_MAP_CENTER.latitude + 0.008 * Math.sin(angle)),
    longitude: round(DEFAULT_MAP_CENTER.longitude + 0.01 * Math.cos(angle)),
  };
}

const BALLOT_PROJECTS: {
  title: string;
  summary: string;
  category: ProposalCategory;
  cost: number;
  cityWide: boolean;
}[] = [
  {
    title: '公園に日よけテントを',
    summary: '子ども広場に日よけを4基。',
    category: 'parks',
    cost: 2_000_000,
    cityWide: false,
  },
  {
    title: 'Bus shelter benches',
    summary: 'Benches and roofs at six bus stops.',
    category: 'streets',
    cost: 3_500_000,
    cityWide: false,
  },
  {
    title: '通学路の街灯をLEDに',
    summary: '暗い通学路の街灯40本を明るいLEDに。',
    category: 'safety',
    cost: 5_000_000,
    cityWide: false,
  },
  {
    title: 'Library picture books',
    summary: '600 new picture books in Japanese and English.',
    category: 'culture',
    cost: 1_200_000,
    cityWide: false,
  },
  {
    title: '市内循環バスの増便',
    summary: '土日の循環バスを1時間に2本へ。',
    category: 'streets',
    cost: 8_000_000,
    cityWide: true,
  },
  {
    title: 'Accessible city website',
    summary: 'An easy-Japanese and screen-reader audit of the city website.',
    category: 'other',
    cost: 4_000_000,
    cityWide: true,
  },
  {
    title: '防災倉庫の備蓄更新',
    summary: '全地区の防災倉庫の水と食料を更新。',
    category: 'safety',
    cost: 12_000_000,
    cityWide: true,
  },
] as const;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A random knapsack ballot: projects in random order, each kept while it still fits. */
function randomKnapsack(projects: readonly { id: string; cost: number }[], budget: number): { proposalId: string }[] {
  let left = budget;
  const chosen: string[] = [];
  for (const project of [...projects].sort(() => Math.random() - 0.5)) {
    if (project.cost <= left && Math.random() < 0.7) {
      chosen.push(project.id);
      left -= project.cost;
    }
  }
  if (chosen.length === 0 && projects[0] !== undefined) chosen.push(projects[0].id);
  return chosen.sort().map((proposalId) => ({ proposalId }));
}

/**
 * A second demo cycle, in voting, with a knapsack ballot and some anonymous ballots already cast
 * (online and paper), so the ballot page, the receipt check and the staff desks have something
 * to show. Demo voters are made-up keys: no account stands behind them.
 */
export async function seedDemoVotingCycle(
  db: Database,
  people: { staffId: string; confirmerId: string },
  districts: readonly DistrictRow[],
): Promise<void> {
  const { staffId } = people;
  const cityWide = districts.find((district) => district.cityWide);
  const local = districts.find((district) => !district.cityWide);
  if (cityWide === undefined || local === undefined) return;
  await db.transaction(async (tx) => {
    const [cycle] = await tx
      .insert(cycles)
      .values({
        titleJa: 'みどり市 市民提案予算 2026（投票中）',
        titleEn: 'Midori City civic budget 2026 (voting)',
        descriptionJa: '予算の範囲内で、実現してほしい事業を選んでください。',
        descriptionEn: 'Choose the projects you want, within the budget.',
        ballotRules: { method: 'knapsack', minSpendPercent: 0 },
        allocationRules: defaultAllocationRules('knapsack'),
        requiresVerification: true,
        createdBy: staffId,
      })
      .returning({ id: cycles.id });
    if (cycle === undefined) return;
    await tx.insert(cycleDistricts).values([
      { cycleId: cycle.id, districtId: local.id, budget: LOCAL_BUDGET },
      { cycleId: cycle.id, districtId: cityWide.id, budget: CITY_WIDE_BUDGET },
    ]);
    const rows = await tx
      .insert(proposals)
      .values(
        BALLOT_PROJECTS.map((project, index) => ({
          cycleId: cycle.id,
          districtId: project.cityWide ? cityWide.id : local.id,
          authorId: null,
          title: project.title,
          summary: project.summary,
          description: project.summary,
          category: project.category,
          estimatedCost: project.cost,
          ...demoPoint(index),
          cost: project.cost,
          status: 'feasible',
          ballotEligible: true,
          createdAt: sql`now() - interval '60 days' + ${index} * interval '1 minute'`,
        })),
      )
      .returning({ id: proposals.id, districtId: proposals.districtId, cost: proposals.cost });
    await tx.insert(proposalEvents).values(
      rows.map((row) => ({
        proposalId: row.id,
        status: 'feasible',
        cost: row.cost,
        ballotEligible: true,
        actorId: staffId,
      })),
    );
    // One step at a time, as the phase trigger demands; entering voting creates the ballot storage.
    let from: string | null = null;
    for (const to of ['draft', 'submission', 'review', 'voting']) {
      if (from !== null) await tx.update(cycles).set({ phase: to }).where(eq(cycles.id, cycle.id));
      await tx.insert(cyclePhaseEvents).values({ cycleId: cycle.id, fromPhase: from, toPhase: to, actorId: staffId });
      from = to;
    }
    // The close of voting, planned and confirmed by a second person, so residents see when voting ends.
    await tx.insert(cycleSchedule).values({
      cycleId: cycle.id,
      toPhase: 'tallying',
      runAt: sql`date_trunc('day', now()) + interval '10 days 9 hours'`,
      requestedBy: staffId,
      confirmedBy: people.confirmerId,
    });
    const byDistrict = (districtId: string) =>
      rows.filter((row) => row.districtId === districtId).map((row) => ({ id: row.id, cost: row.cost ?? 0 }));
    for (let index = 0; index < DEMO_BALLOTS; index += 1) {
      const paper = index % 5 === 0;
      const voterKey = `demo:${randomBytes(8).toString('hex')}`;
      for (const [districtId, budget] of [
        [local.id, LOCAL_BUDGET],
        [cityWide.id, CITY_WIDE_BUDGET],
      ] as const) {
        const code = randomBytes(16).toString('hex');
        await tx.insert(participations).values({
          cycleId: cycle.id,
          districtId,
          voterKey,
          channel: paper ? 'paper' : 'online',
          castOnDay: sql`current_date - ${index % 7}::int`,
          replaceTag: paper ? null : sha256(`participation:${code}`),
        });
        await tx.insert(ballots).values({
          cycleId: cycle.id,
          districtId,
          receiptHash: paper ? null : sha256(`ballot:${code}`),
          choices: randomKnapsack(byDistrict(districtId), budget),
        });
      }
    }
  });
}
