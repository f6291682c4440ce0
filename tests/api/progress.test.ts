import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CycleProgress, CycleResults, Milestone, ProjectProgress } from '@pb/shared';
import { queryRows } from '../../server/src/db/database.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { useResultsHarness } from '../helpers/results.js';
import { movePhase } from '../helpers/voting.js';

/** Three projects in Kita: the first two fit and get votes, the third costs more than the budget. */
const COSTS = [400, 300, 2000];
const BALLOTS = [[0, 1], [0], [1, 2], [0, 2]];

describe('implementation progress of funded projects', () => {
  const h = useResultsHarness();
  const app = () => h.current().app;
  let admin: TestAccount;

  beforeAll(async () => {
    admin = await createAccount(app(), ['admin']);
  });

  const progressPath = (cycleId: string) => `/api/cycles/${cycleId}/progress`;
  const put = (cycleId: string, proposalId: string, body: object, caller: TestAccount) =>
    request(app().server)
      .put(`${progressPath(cycleId)}/${proposalId}`)
      .set('authorization', caller.bearer)
      .send(body);
  const addMilestone = (cycleId: string, proposalId: string, body: object, caller: TestAccount = h.staff()) =>
    request(app().server)
      .post(`${progressPath(cycleId)}/${proposalId}/milestones`)
      .set('authorization', caller.bearer)
      .send(body);

  /** A counted cycle, not yet published, with the ids of its funded and unfunded projects. */
  async function countedCycle(): Promise<{ cycleId: string; ids: string[]; funded: string[]; unfunded: string[] }> {
    const { cycleId, ids } = await h.talliedCycle(COSTS, 1000, BALLOTS);
    await h.closePaperEntry(cycleId);
    const results = await h.get(`/api/cycles/${cycleId}/results`, h.staff());
    expect(results.status, results.text).toBe(200);
    const projects = (results.body as CycleResults).districts.flatMap((district) => district.projects);
    const funded = projects.filter((project) => project.selected).map((project) => project.proposalId);
    expect(new Set(funded)).toEqual(new Set(ids.slice(0, 2)));
    return { cycleId, ids, funded, unfunded: ids.filter((id) => !funded.includes(id)) };
  }

  async function publishedCycle() {
    const cycle = await countedCycle();
    await h.publish(cycle.cycleId);
    return cycle;
  }

  it('is public only once the results are published, and lists every funded project as planned until staff record something', async () => {
    const { cycleId, ids, funded } = await countedCycle();
    for (const caller of [undefined, h.resident(), h.staff()]) {
      const early = await h.get(progressPath(cycleId), caller);
      expect(early.status).toBe(404);
      expect(early.body.error.code).toBe('progress.not_published');
    }
    const refused = await put(
      cycleId,
      funded[0] ?? '',
      { status: 'planned', percentComplete: 0, noteJa: '', noteEn: '' },
      h.staff(),
    );
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('progress.not_published');

    await h.publish(cycleId);
    const shown = await h.get(progressPath(cycleId));
    expect(shown.status, shown.text).toBe(200);
    const body = shown.body as CycleProgress;
    expect(body.phase).toBe('published');
    expect(body.districts.map((district) => district.districtId)).toEqual([h.kita()]);
    const projects = body.districts[0]?.projects ?? [];
    expect(projects.map((project) => project.proposalId)).toEqual(funded);
    for (const project of projects) {
      expect(project).toMatchObject({ status: 'planned', percentComplete: 0, noteJa: '', noteEn: '', updatedAt: null });
      expect(project.milestones).toEqual([]);
      expect(project.cost).toBe(COSTS[ids.indexOf(project.proposalId)]);
      expect(project.districtId).toBe(h.kita());
    }
  });

  it('answers 404 with its own code for an unknown cycle', async () => {
    const unknown = await h.get(progressPath('00000000-0000-4000-8000-000000000009'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('progress.cycle_not_found');
  });

  it('lets staff and admins record status, percent and notes, shown publicly with the time of the update', async () => {
    const { cycleId, funded } = await publishedCycle();
    const [first, second] = funded as [string, string];
    const before = Date.now();
    const updated = await put(
      cycleId,
      first,
      { status: 'in_progress', percentComplete: 40, noteJa: ' 着工しました ', noteEn: 'Construction started' },
      h.staff(),
    );
    expect(updated.status, updated.text).toBe(200);
    const project = updated.body as ProjectProgress;
    expect(project).toMatchObject({
      proposalId: first,
      status: 'in_progress',
      percentComplete: 40,
      noteJa: '着工しました',
      noteEn: 'Construction started',
    });
    expect(Date.parse(project.updatedAt ?? '')).toBeGreaterThanOrEqual(before - 5_000);

    const byAdmin = await put(cycleId, second, { status: 'done', percentComplete: 100, noteJa: '', noteEn: '' }, admin);
    expect(byAdmin.status, byAdmin.text).toBe(200);
    const shown = (await h.get(progressPath(cycleId))).body as CycleProgress;
    const listed = shown.districts[0]?.projects ?? [];
    expect(listed.find((entry) => entry.proposalId === first)).toMatchObject({
      status: 'in_progress',
      percentComplete: 40,
    });
    expect(listed.find((entry) => entry.proposalId === second)).toMatchObject({ status: 'done', percentComplete: 100 });

    // Building goes on after the cycle closes.
    await movePhase(app(), h.staff(), h.confirmer(), cycleId, 'closed');
    const afterClose = await put(
      cycleId,
      first,
      { status: 'in_progress', percentComplete: 80, noteJa: '', noteEn: '' },
      h.staff(),
    );
    expect(afterClose.status, afterClose.text).toBe(200);
    expect(((await h.get(progressPath(cycleId))).body as CycleProgress).phase).toBe('closed');
  });

  it('refuses a percent that contradicts the status, and malformed bodies, with 400', async () => {
    const { cycleId, funded } = await publishedCycle();
    const proposalId = funded[0] ?? '';
    const notes = { noteJa: '', noteEn: '' };
    for (const [status, percentComplete] of [
      ['planned', 10],
      ['done', 99],
      ['in_progress', 100],
    ] as const) {
      const refused = await put(cycleId, proposalId, { status, percentComplete, ...notes }, h.staff());
      expect(refused.status, `${status} ${String(percentComplete)}`).toBe(400);
      expect(refused.body.error.code).toBe('progress.percent_mismatch');
    }
    const cancelledHalfway = await put(
      cycleId,
      proposalId,
      { status: 'cancelled', percentComplete: 30, ...notes },
      h.staff(),
    );
    expect(cancelledHalfway.status).toBe(200);
    for (const body of [
      { status: 'finished', percentComplete: 100, ...notes },
      { status: 'in_progress', percentComplete: 101, ...notes },
      { status: 'in_progress', percentComplete: -1, ...notes },
      { status: 'in_progress', percentComplete: 12.5, ...notes },
      { status: 'in_progress', percentComplete: 10 },
      { status: 'in_progress', percentComplete: 10, noteJa: 'x'.repeat(2001), noteEn: '' },
    ]) {
      const refused = await put(cycleId, proposalId, body, h.staff());
      expect(refused.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(refused.body.error.code).toBe('request.invalid');
    }
    for (const body of [
      { onDate: '2027-02-30', titleJa: '着工', titleEn: 'Start' },
      { onDate: '1 May 2027', titleJa: '着工', titleEn: 'Start' },
      { onDate: '2027-05-01', titleJa: '', titleEn: 'Start' },
      { onDate: '2027-05-01', titleJa: '着工' },
    ]) {
      const refused = await addMilestone(cycleId, proposalId, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    // Nothing refused reached the database.
    const shown = (await h.get(progressPath(cycleId))).body as CycleProgress;
    expect(shown.districts[0]?.projects.find((entry) => entry.proposalId === proposalId)).toMatchObject({
      status: 'cancelled',
      percentComplete: 30,
      milestones: [],
    });
  });

  it('refuses projects the count did not fund with 409, and projects of another cycle with 404', async () => {
    const { cycleId, unfunded } = await publishedCycle();
    const other = await publishedCycle();
    const body = { status: 'in_progress', percentComplete: 10, noteJa: '', noteEn: '' };
    expect(unfunded.length).toBeGreaterThan(0);
    const notFunded = await put(cycleId, unfunded[0] ?? '', body, h.staff());
    expect(notFunded.status).toBe(409);
    expect(notFunded.body.error.code).toBe('progress.not_funded');
    const milestone = await addMilestone(cycleId, unfunded[0] ?? '', {
      onDate: '2027-05-01',
      titleJa: '着工',
      titleEn: 'Start',
    });
    expect(milestone.status).toBe(409);
    const elsewhere = await put(cycleId, other.funded[0] ?? '', body, h.staff());
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('progress.project_not_found');
  });

  it('refuses residents, auditors and visitors', async () => {
    const { cycleId, funded } = await publishedCycle();
    const body = { status: 'in_progress', percentComplete: 10, noteJa: '', noteEn: '' };
    for (const caller of [h.resident(), h.auditor()]) {
      const refused = await put(cycleId, funded[0] ?? '', body, caller);
      expect(refused.status).toBe(403);
      const milestone = await addMilestone(
        cycleId,
        funded[0] ?? '',
        { onDate: '2027-05-01', titleJa: '着工', titleEn: 'Start' },
        caller,
      );
      expect(milestone.status).toBe(403);
    }
    const anonymous = await request(app().server)
      .put(`${progressPath(cycleId)}/${funded[0] ?? ''}`)
      .send(body);
    expect(anonymous.status).toBe(401);
  });

  it('lists milestones oldest first whatever order they were entered in, and removes one entered by mistake', async () => {
    const { cycleId, funded } = await publishedCycle();
    const proposalId = funded[0] ?? '';
    const entered: Milestone[] = [];
    for (const [onDate, titleEn] of [
      ['2027-09-01', 'Opening'],
      ['2027-04-10', 'Tender awarded'],
      ['2027-06-15', 'Construction started'],
      ['2027-04-10', 'Wrong entry'],
    ] as const) {
      const added = await addMilestone(cycleId, proposalId, {
        onDate,
        titleJa: `${titleEn}（日本語）`,
        titleEn,
        noteEn: `note for ${titleEn}`,
      });
      expect(added.status, added.text).toBe(201);
      entered.push(added.body as Milestone);
    }
    expect(entered[0]).toMatchObject({
      onDate: '2027-09-01',
      titleEn: 'Opening',
      noteJa: '',
      noteEn: 'note for Opening',
    });
    const listed = async () =>
      ((await h.get(progressPath(cycleId))).body as CycleProgress).districts[0]?.projects.find(
        (project) => project.proposalId === proposalId,
      );
    const before = await listed();
    expect(before?.milestones.map((milestone) => milestone.titleEn)).toEqual([
      'Tender awarded',
      'Wrong entry',
      'Construction started',
      'Opening',
    ]);
    // A milestone alone counts as an update, and the project stays planned until staff say otherwise.
    expect(before).toMatchObject({ status: 'planned', percentComplete: 0 });
    expect(before?.updatedAt).not.toBeNull();

    const wrong = entered[3]?.id ?? '';
    const removed = await request(app().server)
      .delete(`${progressPath(cycleId)}/${proposalId}/milestones/${wrong}`)
      .set('authorization', h.staff().bearer);
    expect(removed.status, removed.text).toBe(204);
    expect((await listed())?.milestones.map((milestone) => milestone.titleEn)).toEqual([
      'Tender awarded',
      'Construction started',
      'Opening',
    ]);
    const again = await request(app().server)
      .delete(`${progressPath(cycleId)}/${proposalId}/milestones/${wrong}`)
      .set('authorization', h.staff().bearer);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('progress.milestone_not_found');
    const byResident = await request(app().server)
      .delete(`${progressPath(cycleId)}/${proposalId}/milestones/${entered[0]?.id ?? ''}`)
      .set('authorization', h.resident().bearer);
    expect(byResident.status).toBe(403);
  });

  it('writes an audit entry for every change with ids, status and percent, and nothing personal', async () => {
    const { cycleId, funded } = await publishedCycle();
    const proposalId = funded[0] ?? '';
    await put(
      cycleId,
      proposalId,
      { status: 'in_progress', percentComplete: 25, noteJa: '個人名なし', noteEn: 'n' },
      h.staff(),
    );
    const added = (await addMilestone(cycleId, proposalId, { onDate: '2027-05-01', titleJa: '着工', titleEn: 'Start' }))
      .body as Milestone;
    await request(app().server)
      .delete(`${progressPath(cycleId)}/${proposalId}/milestones/${added.id}`)
      .set('authorization', admin.bearer);
    const rows = await queryRows<{
      actorId: string;
      actorRole: string | null;
      action: string;
      subjectId: string;
      details: Record<string, unknown>;
    }>(
      app().db,
      sql`SELECT actor_id AS "actorId", actor_role AS "actorRole", action, subject_id AS "subjectId", details
          FROM audit_events WHERE action LIKE 'progress.%' AND details->>'cycleId' = ${cycleId} ORDER BY id`,
    );
    expect(rows.map((row) => [row.action, row.subjectId, row.actorId])).toEqual([
      ['progress.updated', proposalId, h.staff().id],
      ['progress.milestone_added', added.id, h.staff().id],
      ['progress.milestone_deleted', added.id, admin.id],
    ]);
    expect(rows[0]?.details).toEqual({ cycleId, status: 'in_progress', percentComplete: 25 });
    expect(rows[1]?.details).toEqual({ cycleId, proposalId, onDate: '2027-05-01' });
    expect(rows[2]?.details).toEqual({ cycleId, proposalId, onDate: '2027-05-01' });
    const text = JSON.stringify(rows);
    expect(text).not.toContain(h.staff().email);
    expect(text).not.toContain('個人名なし');
  });
});
