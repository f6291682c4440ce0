import { randomInt } from 'node:crypto';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { BallotChoice, BallotReceipt, BallotSheet, ReceiptLookup } from '@pb/shared';
import type { App } from '../../server/src/app.js';
import {
  closePaperEntryAndCount,
  createReviewCycle,
  createVoter,
  movePhase,
  openVotingCycle,
  storedBallots,
  type Voter,
} from '../helpers/voting.js';
import {
  castOnline,
  countedChoices,
  descending,
  ids,
  only,
  openKitaCycle,
  RECEIPT_FORMAT,
  useVotingApp,
} from '../helpers/voting-harness.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A well-formed receipt code (26 Crockford characters, grouped) that nobody was given. */
function randomReceipt(): string {
  const characters = Array.from({ length: 26 }, () => CROCKFORD[randomInt(CROCKFORD.length)] ?? '0').join('');
  return (characters.match(/.{1,4}/g) ?? []).join('-');
}

function lookup(app: App, cycleId: string, receipt: string) {
  return request(app.server).post(`/api/cycles/${cycleId}/receipts/lookup`).send({ receipt });
}

function replace(app: App, cycleId: string, voter: Voter, receipt: string, choices: readonly BallotChoice[]) {
  return request(app.server)
    .post(`/api/cycles/${cycleId}/ballots/replace`)
    .set('authorization', voter.bearer)
    .send({ receipt, choices });
}

describe('ballot sheets', () => {
  const h = useVotingApp();

  function sheet(cycleId: string, districtId: string, bearer?: string, order?: 'number' | 'shuffled') {
    const call = request(h.app().server)
      .get(`/api/cycles/${cycleId}/districts/${districtId}/ballot`)
      .query(order === undefined ? {} : { order });
    return bearer === undefined ? call : call.set('authorization', bearer);
  }

  async function fourteenProjects() {
    const kita = h.district('kita');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: { method: 'approval' },
      districts: [{ districtId: kita, budget: 10_000 }],
      projects: Array.from({ length: 14 }, (_, index) => ({ districtId: kita, cost: 100 + index })),
    });
    return { cycleId: cycle.id, kita, byNumber: ids(projects.get(kita)) };
  }

  it('shows each signed-in voter the projects in their own order, the same on every reload, each with its fixed number', async () => {
    const { cycleId, kita, byNumber } = await fourteenProjects();
    const first = await createVoter(h.app(), { districtId: kita });
    const second = await createVoter(h.app(), { districtId: kita });
    const a1 = await sheet(cycleId, kita, first.bearer);
    const a2 = await sheet(cycleId, kita, first.bearer);
    const b = await sheet(cycleId, kita, second.bearer);
    for (const response of [a1, a2, b]) {
      expect(response.status, response.text).toBe(200);
      const body = response.body as BallotSheet;
      expect(body.shuffled).toBe(true);
      expect(body.projects.map((project) => project.id).sort()).toEqual([...byNumber].sort());
      for (const project of body.projects) expect(byNumber[project.number - 1]).toBe(project.id);
    }
    const orderOf = (response: request.Response) =>
      (response.body as BallotSheet).projects.map((project) => project.id);
    expect(orderOf(a2)).toEqual(orderOf(a1));
    expect(orderOf(b)).not.toEqual(orderOf(a1));
    expect(orderOf(a1)).not.toEqual(byNumber);
  });

  it('lists the projects by ballot number 1..n for anonymous visitors and for order=number', async () => {
    const { cycleId, kita, byNumber } = await fourteenProjects();
    const voter = await createVoter(h.app(), { districtId: kita });
    for (const response of [await sheet(cycleId, kita), await sheet(cycleId, kita, voter.bearer, 'number')]) {
      expect(response.status, response.text).toBe(200);
      const body = response.body as BallotSheet;
      expect(body.shuffled).toBe(false);
      expect(body.projects.map((project) => project.number)).toEqual(byNumber.map((_, index) => index + 1));
      expect(body.projects.map((project) => project.id)).toEqual(byNumber);
    }
  });

  it('answers 409 ballots.sheet_not_ready before voting for the public and residents, but shows it to staff in review', async () => {
    const kita = h.district('kita');
    const { cycleId, projects } = await createReviewCycle(h.app(), h.staff(), {
      ballot: { method: 'approval' },
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [
        { districtId: kita, cost: 100 },
        { districtId: kita, cost: 200 },
      ],
    });
    const voter = await createVoter(h.app(), { districtId: kita });
    for (const response of [await sheet(cycleId, kita), await sheet(cycleId, kita, voter.bearer)]) {
      expect(response.status, response.text).toBe(409);
      expect(response.body.error.code).toBe('ballots.sheet_not_ready');
    }
    const preview = await sheet(cycleId, kita, h.staff().bearer, 'number');
    expect(preview.status, preview.text).toBe(200);
    expect((preview.body as BallotSheet).projects.map((project) => project.id)).toEqual(ids(projects.get(kita)));
    expect((preview.body as BallotSheet).budget).toBe(1000);
  });
});

describe('receipt codes', () => {
  // At most 30 lookups per IP in 15 minutes: this block stays well below.
  const h = useVotingApp();

  function votingCycle() {
    return openKitaCycle(h, { method: 'approval', maxProjects: 2 }, [100, 200, 300], 1000);
  }

  async function castFor(cycleId: string, kita: string, choices: BallotChoice[]) {
    const voter = await createVoter(h.app(), { districtId: kita });
    const response = await castOnline(h.app(), cycleId, voter, kita, choices);
    expect(response.status, response.text).toBe(201);
    return { voter, receipt: (response.body as BallotReceipt).receipt };
  }

  it('reports an unknown, a malformed and another cycle’s receipt code as not found, without an error', async () => {
    const { cycleId } = await votingCycle();
    const other = await votingCycle();
    const { receipt } = await castFor(other.cycleId, other.kita, only([other.p[0] ?? '']));
    const notFound: ReceiptLookup = { found: false, status: null, districtId: null, choices: null };
    for (const typed of [randomReceipt(), 'not a receipt!', 'ABCD', receipt]) {
      const response = await lookup(h.app(), cycleId, typed);
      expect(response.status, `${typed}: ${response.text}`).toBe(200);
      expect(response.body, typed).toEqual(notFound);
    }
  });

  it('shows a counted ballot as published with its canonical choices after publication, and a replaced one as replaced', async () => {
    const { cycleId, kita, p } = await votingCycle();
    const chosen = descending([p[0] ?? '', p[2] ?? '']);
    const { voter, receipt: first } = await castFor(cycleId, kita, only([p[1] ?? '']));
    const replaced = await replace(h.app(), cycleId, voter, first, only(chosen));
    expect(replaced.status, replaced.text).toBe(200);
    const second = (replaced.body as BallotReceipt).receipt;
    await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'tallying');
    await closePaperEntryAndCount(h.app(), h.staff(), cycleId);
    const published = await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'published');
    expect(published.phase).toBe('published');
    const now = await lookup(h.app(), cycleId, second);
    expect(now.body as ReceiptLookup).toEqual({
      found: true,
      status: 'published',
      districtId: kita,
      choices: only([...chosen].sort()),
    });
    const old = await lookup(h.app(), cycleId, first);
    expect(old.body as ReceiptLookup).toEqual({ found: true, status: 'replaced', districtId: kita, choices: null });
  });

  it('replaces a ballot during voting: the old receipt shows replaced, the new one counted, and only the new one replaces again', async () => {
    const { cycleId, kita, p } = await votingCycle();
    const { voter, receipt: first } = await castFor(cycleId, kita, only([p[0] ?? '']));
    const invalid = await replace(h.app(), cycleId, voter, first, only(p));
    expect(invalid.status, invalid.text).toBe(400);
    expect(invalid.body.error.code).toBe('ballots.invalid');
    const replaced = await replace(h.app(), cycleId, voter, first.toLowerCase(), only([p[2] ?? '', p[1] ?? '']));
    expect(replaced.status, replaced.text).toBe(200);
    const second = replaced.body as BallotReceipt;
    expect(second).toEqual({
      receipt: expect.stringMatching(RECEIPT_FORMAT),
      cycleId,
      districtId: kita,
      channel: 'online',
    });
    expect(second.receipt).not.toBe(first);
    expect((await lookup(h.app(), cycleId, first)).body).toMatchObject({ found: true, status: 'replaced' });
    expect((await lookup(h.app(), cycleId, second.receipt)).body).toMatchObject({ found: true, status: 'counted' });
    const rows = await storedBallots(h.app(), cycleId);
    expect(rows.map((row) => row.status).sort()).toEqual(['counted', 'replaced']);
    expect(rows.find((row) => row.status === 'counted')?.choices).toEqual(only([p[1] ?? '', p[2] ?? ''].sort()));
    expect(rows.find((row) => row.status === 'replaced')?.choices).toEqual(only([p[0] ?? '']));
    const withOld = await replace(h.app(), cycleId, voter, first, only([p[0] ?? '']));
    expect(withOld.status, withOld.text).toBe(404);
    expect(withOld.body.error.code).toBe('ballots.receipt_not_found');
  });

  it('answers 404 ballots.receipt_not_found to a replacement with a wrong or malformed receipt and keeps the ballot', async () => {
    const { cycleId, kita, p } = await votingCycle();
    const { voter, receipt } = await castFor(cycleId, kita, only([p[0] ?? '']));
    for (const typed of [randomReceipt(), 'no such receipt']) {
      const response = await replace(h.app(), cycleId, voter, typed, only([p[1] ?? '']));
      expect(response.status, response.text).toBe(404);
      expect(response.body.error.code).toBe('ballots.receipt_not_found');
    }
    expect((await lookup(h.app(), cycleId, receipt)).body).toMatchObject({ found: true, status: 'counted' });
    expect(await storedBallots(h.app(), cycleId)).toHaveLength(1);
  });

  it("answers 404 ballots.receipt_not_found to replacing someone else's ballot, which stays counted", async () => {
    const { cycleId, kita, p } = await votingCycle();
    const { receipt: theirs } = await castFor(cycleId, kita, only([p[0] ?? '']));
    const { voter: me } = await castFor(cycleId, kita, only([p[1] ?? '']));
    const response = await replace(h.app(), cycleId, me, theirs, only([p[2] ?? '']));
    expect(response.status, response.text).toBe(404);
    expect(response.body.error.code).toBe('ballots.receipt_not_found');
    expect((await lookup(h.app(), cycleId, theirs)).body).toMatchObject({ found: true, status: 'counted' });
    const counted = await countedChoices(h.app(), cycleId);
    expect(counted).toHaveLength(2);
    expect(counted).not.toContainEqual(only([p[2] ?? '']));
  });

  it('answers 409 ballots.voting_closed to a replacement once voting has closed', async () => {
    const { cycleId, kita, p } = await votingCycle();
    const { voter, receipt } = await castFor(cycleId, kita, only([p[0] ?? '']));
    await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'tallying');
    const response = await replace(h.app(), cycleId, voter, receipt, only([p[1] ?? '']));
    expect(response.status, response.text).toBe(409);
    expect(response.body.error.code).toBe('ballots.voting_closed');
    expect((await lookup(h.app(), cycleId, receipt)).body).toMatchObject({ found: true, status: 'counted' });
  });
});
