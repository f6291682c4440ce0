import { sql } from 'drizzle-orm';
import { defaultAllocationRules } from '@pb/shared';
import type { Database } from '../../db/database.js';
import type { DistrictRow } from '../city/city.repository.js';
import { cycleDistricts, cyclePhaseEvents, cycleSchedule, cycles } from '../cycles/cycles.table.js';
import { comments } from '../discussion/discussion.table.js';
import { proposalEvents, proposalFollows, proposals, proposalSupports } from '../proposals/proposals.table.js';
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
    point: { latitude: 36.3991, longitude: 139.2877 },
    comments: ['毎朝散歩するので、ぜひ実現してほしいです。', '日陰の場所を選ぶのは大賛成です。'],
    supports: 4,
  },
  {
    title: 'Safer crossings near schools',
    summary: 'Raised zebra crossings and better lighting at the three busiest crossings near primary schools.',
    description:
      'Parents report cars driving fast past the schools at drop-off time.\n\nRaised crossings slow traffic **without** closing roads.',
    category: 'safety',
    estimatedCost: 6_500_000,
    cityWide: false,
    point: { latitude: 36.3902, longitude: 139.276 },
    comments: ['My children cross there every day. Please!'],
    supports: 2,
  },
  {
    title: '図書館の夜間開館',
    summary: '平日の夜も中央図書館を開け、働く人や学生が利用できるようにします。',
    description: '開館時間を平日21時まで延長します。人件費は1年分の試行として見積もっています。',
    category: 'culture',
    estimatedCost: 12_000_000,
    cityWide: true,
    point: { latitude: 36.395, longitude: 139.2826 },
    comments: [],
    supports: 1,
  },
  {
    title: 'Community compost points',
    summary: 'Five neighbourhood compost points with signs in Japanese and English.',
    description: 'Food waste becomes compost for the community gardens. Volunteers look after each point.',
    category: 'environment',
    estimatedCost: 2_400_000,
    cityWide: true,
    point: { latitude: 36.4012, longitude: 139.2741 },
    comments: ['Who empties them in winter?'],
    supports: 3,
  },
] as const;

/** Supports a proposal needs in the demo's current cycle: some samples reach it, some do not yet. */
const DEMO_SUPPORT_THRESHOLD = 3;

/**
 * A cycle in its submission phase with sample proposals, comments and supports (from the demo
 * accounts), so a first look at the demo shows a living budget cycle. Written directly (not
 * through the API) by the demo seed only.
 */
export async function seedDemoCycle(
  db: Database,
  people: { staffId: string; residentId: string; supporterIds: readonly string[] },
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
        supportsEnabled: true,
        supportThreshold: DEMO_SUPPORT_THRESHOLD,
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
    // A date for the end of proposals, so the home page has a deadline to count down to.
    await tx.insert(cycleSchedule).values({
      cycleId: cycle.id,
      toPhase: 'review',
      runAt: sql`date_trunc('day', now()) + interval '24 days'`,
      requestedBy: people.staffId,
    });
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
          // Around DEFAULT_MAP_CENTER, so the demo's maps open on its proposals.
          latitude: sample.point.latitude,
          longitude: sample.point.longitude,
          commentCount: sample.comments.length,
        })
        .returning();
      if (proposal === undefined) continue;
      await tx
        .insert(proposalEvents)
        .values({ proposalId: proposal.id, status: 'submitted', ballotEligible: false, actorId: people.residentId });
      await tx.insert(proposalFollows).values({ proposalId: proposal.id, userId: people.residentId });
      // The demo resident first, so the resident's view shows supports they gave.
      const supporters = [people.residentId, ...people.supporterIds.filter((id) => id !== people.residentId)].slice(
        0,
        sample.supports,
      );
      if (supporters.length > 0) {
        await tx.insert(proposalSupports).values(supporters.map((userId) => ({ proposalId: proposal.id, userId })));
      }
      await seedDemoPhotos(tx, proposal.id, sample.title);
      if (sample.comments.length > 0) {
        await tx
          .insert(comments)
          .values(sample.comments.map((body) => ({ proposalId: proposal.id, authorId: people.residentId, body })));
      }
    }
  });
}
