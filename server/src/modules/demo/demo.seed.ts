import { defaultAllocationRules } from '@pb/shared';
import type { Database } from '../../db/database.js';
import type { DistrictRow } from '../city/city.repository.js';
import { cycleDistricts, cyclePhaseEvents, cycles } from '../cycles/cycles.table.js';
import { comments } from '../discussion/discussion.table.js';
import { proposalEvents, proposals } from '../proposals/proposals.table.js';
import { seedDemoPhotos } from './demo.photo-seed.js';

const SAMPLE_PROPOSALS = [
  {
    title: '川沿いの遊歩道にベンチを',
    summary: '散歩の途中で休めるよう、川沿いの遊歩道に木のベンチを10基設置します。',
    description:
      '高齢の方や子ども連れの方が**休める場所**が少ないという声を受けた提案です。\n\n- 木製ベンチ 10基\n- 日陰になる場所を優先',
    category: 'parks',
    estimatedCost: 1_800_000,
    cityWide: false,
    comments: ['毎朝散歩するので、ぜひ実現してほしいです。', '日陰の場所を選ぶのは大賛成です。'],
  },
  {
    title: 'Safer crossings near schools',
    summary: 'Raised zebra crossings and better lighting at the three busiest crossings near primary schools.',
    description:
      'Parents report cars driving fast past the schools at drop-off time.\n\nRaised crossings slow traffic **without** closing roads.',
    category: 'safety',
    estimatedCost: 6_500_000,
    cityWide: false,
    comments: ['My children cross there every day. Please!'],
  },
  {
    title: '図書館の夜間開館',
    summary: '平日の夜も中央図書館を開け、働く人や学生が利用できるようにします。',
    description: '開館時間を平日21時まで延長します。人件費は1年分の試行として見積もっています。',
    category: 'culture',
    estimatedCost: 12_000_000,
    cityWide: true,
    comments: [],
  },
  {
    title: 'Community compost points',
    summary: 'Five neighbourhood compost points with signs in Japanese and English.',
    description: 'Food waste becomes compost for the community gardens. Volunteers look after each point.',
    category: 'environment',
    estimatedCost: 2_400_000,
    cityWide: true,
    comments: ['Who empties them in winter?'],
  },
] as const;

/**
 * A cycle in its submission phase with sample proposals and comments, so a first look at the
 * demo shows a living budget cycle. Written directly (not through the API) by the demo seed only.
 */
export async function seedDemoCycle(
  db: Database,
  people: { staffId: string; residentId: string },
  districts: readonly DistrictRow[],
): Promise<void> {
  const cityWide = districts.find((district) => district.cityWide);
  const local = districts.find((district) => !district.cityWide);
  if (cityWide === undefined || local === undefined) return;
  await db.transaction(async (tx) => {
    const [cycle] = await tx
      .insert(cycles)
      .values({
        phase: 'submission',
        titleJa: 'みどり市 市民提案予算 2027',
        titleEn: 'Midori City civic budget 2027',
        descriptionJa: '市民のみなさんが提案し、投票で選ぶ予算です。',
        descriptionEn: 'Residents propose projects and choose them by vote.',
        ballotRules: { method: 'approval', maxProjects: 5 },
        allocationRules: defaultAllocationRules('approval'),
        requiresVerification: true,
        createdBy: people.staffId,
      })
      .returning({ id: cycles.id });
    if (cycle === undefined) return;
    await tx.insert(cycleDistricts).values(
      districts
        .filter((district) => district.retiredAt === null)
        .map((district) => ({
          cycleId: cycle.id,
          districtId: district.id,
          budget: district.cityWide ? 50_000_000 : 15_000_000,
        })),
    );
    await tx.insert(cyclePhaseEvents).values([
      { cycleId: cycle.id, fromPhase: null, toPhase: 'draft', actorId: people.staffId },
      { cycleId: cycle.id, fromPhase: 'draft', toPhase: 'submission', actorId: people.staffId },
    ]);
    for (const sample of SAMPLE_PROPOSALS) {
      const [proposal] = await tx
        .insert(proposals)
        .values({
          cycleId: cycle.id,
          districtId: sample.cityWide ? cityWide.id : local.id,
          authorId: people.residentId,
          title: sample.title,
          summary: sample.summary,
          description: sample.description,
          category: sample.category,
          estimatedCost: sample.estimatedCost,
          commentCount: sample.comments.length,
        })
        .returning();
      if (proposal === undefined) continue;
      await tx
        .insert(proposalEvents)
        .values({ proposalId: proposal.id, status: 'submitted', ballotEligible: false, actorId: people.residentId });
      await seedDemoPhotos(tx, proposal.id, sample.title);
      if (sample.comments.length > 0) {
        await tx
          .insert(comments)
          .values(sample.comments.map((body) => ({ proposalId: proposal.id, authorId: people.residentId, body })));
      }
    }
  });
}
