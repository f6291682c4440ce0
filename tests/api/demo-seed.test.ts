import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, sql } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import {
  ROLES,
  type Cycle,
  type CycleProgress,
  type CycleResults,
  type MyVotingStatus,
  type ProposalList,
  type ProposalSummary,
} from '@pb/shared';
import { DEFAULT_MAP_CENTER } from '../../server/src/config.js';
import { queryRows } from '../../server/src/db/database.js';
import { users } from '../../server/src/db/schema.js';
import { createTestApp } from '../helpers/app.js';

describe('demo accounts', () => {
  it('the embedded database gets one account per role on first start, printed once and kept for the owner only', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pb-demo-'));
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    const testApp = await createTestApp({
      database: {
        config: { driver: 'pglite', dataDir: join(dataDir, 'pglite') },
        label: 'PGlite on disk',
        drop: async () => undefined,
      },
      config: { dataDir, seedDemo: true },
    });
    spy.mockRestore();
    try {
      await testApp.app.ready();
      const file = join(dataDir, 'demo-accounts.txt');
      expect(statSync(file).mode & 0o077).toBe(0);
      const lines = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.includes('@demo.example'));
      expect(lines.map((line) => line.trim().split(/\s+/)[0])).toEqual([...ROLES]);
      expect(printed.join('')).toContain('admin@demo.example');
      const [, email, password] = (lines.find((line) => line.trim().startsWith('staff')) ?? '').trim().split(/\s+/);
      const login = await request(testApp.app.server).post('/api/auth/login').send({ email, password });
      expect(login.status).toBe(200);
      expect(login.body.user.roles).toEqual(['staff']);
      const resident =
        lines
          .find((line) => line.trim().startsWith('resident'))
          ?.trim()
          .split(/\s+/) ?? [];
      const residentLogin = await request(testApp.app.server)
        .post('/api/auth/login')
        .send({ email: resident[1], password: resident[2] });
      expect(residentLogin.body.user.verification.verified).toBe(true);

      const cycles = await request(testApp.app.server).get('/api/cycles');
      const listed = cycles.body.items as {
        id: string;
        phase: string;
        titleEn: string;
        districts: { districtId: string }[];
      }[];
      expect(listed.map((cycle) => [cycle.phase, cycle.titleEn]).sort()).toEqual([
        ['published', 'Midori City civic budget 2025 (imported past vote)'],
        ['submission', 'Midori City civic budget 2027'],
        ['voting', 'Midori City civic budget 2026 (voting)'],
      ]);
      // The live cycles carry a planned next move in the future, so the home page can count down to it.
      const planned = (cycles.body.items as Cycle[]).map((cycle) => [
        cycle.phase,
        cycle.plannedMoves.map((move) => move.to),
        cycle.plannedMoves.every((move) => Date.parse(move.at) > Date.now()),
      ]);
      expect(planned.sort()).toEqual([
        ['published', [], true],
        ['submission', ['review'], true],
        ['voting', ['tallying'], true],
      ]);
      const past = listed.find((cycle) => cycle.phase === 'published');
      const pastResults = await request(testApp.app.server).get(`/api/cycles/${String(past?.id)}/results`);
      expect(pastResults.status).toBe(200);
      expect((pastResults.body as CycleResults).districts[0]?.ballots).toBe(320);
      expect((pastResults.body as CycleResults).districts[0]?.projects.some((project) => project.selected)).toBe(true);
      const progress = await request(testApp.app.server).get(`/api/cycles/${String(past?.id)}/progress`);
      expect(progress.status).toBe(200);
      const statuses = (progress.body as CycleProgress).districts.flatMap((district) =>
        district.projects.map((project) => project.status),
      );
      expect(statuses.slice(0, 3)).toEqual(['done', 'in_progress', 'cancelled']);
      expect(statuses.length).toBe(
        (pastResults.body as CycleResults).districts[0]?.projects.filter((project) => project.selected).length,
      );
      const voting = listed.find((cycle) => cycle.phase === 'voting');
      const residentToken = String(residentLogin.body.token);
      const status = await request(testApp.app.server)
        .get(`/api/cycles/${String(voting?.id)}/voting-status`)
        .set('authorization', `Bearer ${residentToken}`);
      expect((status.body as MyVotingStatus).districts.map((row) => row.eligible)).toEqual([true, true]);
      const counted = await queryRows<{ count: number }>(
        testApp.app.db,
        sql`SELECT count(*)::int AS count FROM ballots WHERE cycle_id = ${String(voting?.id)} AND status = 'counted'`,
      );
      expect(counted[0]?.count).toBe(120);
      // Every proposal of the voting cycle lists and opens: its rows hold only categories the app knows.
      const votingList = await request(testApp.app.server).get(`/api/cycles/${String(voting?.id)}/proposals`);
      expect(votingList.status, votingList.text).toBe(200);
      const votingItems = votingList.body.items as { id: string; category: string }[];
      expect(votingItems.length).toBeGreaterThan(0);
      for (const item of votingItems) {
        expect((await request(testApp.app.server).get(`/api/proposals/${item.id}`)).status).toBe(200);
      }
      const unknownCategory = await testApp.app.db
        .execute(
          sql`INSERT INTO proposals (cycle_id, district_id, title, summary, description, category, estimated_cost)
              SELECT ${String(listed.find((cycle) => cycle.phase === 'submission')?.id)}, district_id, 't', 's', 'd', 'transport', 1
              FROM cycle_districts LIMIT 1`,
        )
        .then(
          () => 'inserted',
          (error: unknown) => String((error as { cause?: { constraint?: string } }).cause?.constraint),
        );
      expect(unknownCategory).toBe('proposals_category');
      expect((await request(testApp.app.server).get(`/api/cycles/${String(voting?.id)}/proposals`)).status).toBe(200);
      const cycleId = String(listed.find((cycle) => cycle.phase === 'submission')?.id);
      const proposals = await request(testApp.app.server)
        .get(`/api/cycles/${cycleId}/proposals`)
        .query({ sort: 'discussed' });
      expect(proposals.body.total).toBe(4);
      // Demo proposals carry places near the demo map centre, so the demo's maps show them.
      for (const item of [...(proposals.body.items as ProposalSummary[]), ...(votingItems as ProposalSummary[])]) {
        expect(item.point, item.title).not.toBeNull();
        expect(Math.abs((item.point?.latitude ?? 0) - DEFAULT_MAP_CENTER.latitude)).toBeLessThan(0.05);
        expect(Math.abs((item.point?.longitude ?? 0) - DEFAULT_MAP_CENTER.longitude)).toBeLessThan(0.05);
      }
      const mostDiscussed = proposals.body.items[0] as { id: string; commentCount: number };
      expect(mostDiscussed.commentCount).toBe(2);
      const thread = await request(testApp.app.server).get(`/api/proposals/${mostDiscussed.id}/comments`);
      expect(thread.body.items).toHaveLength(2);
      // The current cycle collects supports: the samples have some, and some still need more.
      const current = listed.find((cycle) => cycle.phase === 'submission') as unknown as Cycle;
      expect([current.supportsEnabled, current.supportThreshold]).toEqual([true, 3]);
      const bySupport = (
        await request(testApp.app.server)
          .get(`/api/cycles/${cycleId}/proposals`)
          .query({ sort: 'supported' })
          .set('authorization', `Bearer ${residentToken}`)
      ).body as ProposalList;
      expect(bySupport.items.map((item) => [item.supportCount, item.supportsNeeded])).toEqual([
        [4, 0],
        [3, 0],
        [2, 1],
        [1, 2],
      ]);
      expect(bySupport.items.every((item) => item.supportedByMe)).toBe(true);

      const withPhotos = (proposals.body.items as { id: string; thumbnailUrl: string | null }[]).filter(
        (item) => item.thumbnailUrl !== null,
      );
      expect(withPhotos).toHaveLength(2);
      const page = await request(testApp.app.server).get(`/api/proposals/${String(withPhotos[0]?.id)}`);
      const images = page.body.images as { url: string; alt: string; altLocale: string; width: number }[];
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) {
        expect(image.alt.length).toBeGreaterThan(10);
        expect(['ja', 'en']).toContain(image.altLocale);
        const served = await request(testApp.app.server).get(image.url);
        expect(served.status).toBe(200);
        expect(served.headers['content-type']).toBe('image/jpeg');
        expect(image.width).toBe(1200);
      }
    } finally {
      await testApp.close();
    }
  }, 120_000);

  it('production never has default accounts, even with SEED_DEMO=true', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pb-prod-'));
    const testApp = await createTestApp({
      database: {
        config: { driver: 'pglite', dataDir: join(dataDir, 'pglite') },
        label: 'PGlite on disk',
        drop: async () => undefined,
      },
      config: { production: true, seedDemo: true, dataDir },
    });
    try {
      const rows = await testApp.app.db.select({ n: count() }).from(users);
      expect(rows[0]?.n).toBe(0);
      expect(() => statSync(join(dataDir, 'demo-accounts.txt'))).toThrow();
    } finally {
      await testApp.close();
    }
  });
});
