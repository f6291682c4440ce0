import { PHASES, type Cycle, type Phase, type Proposal } from '@pb/shared';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { closePaperEntryAndCount } from '../helpers/voting.js';

type Action = 'patch cycle' | 'propose' | 'edit proposal' | 'review' | 'withdraw' | 'comment';

/** Which actions each phase allows; everything else must be refused with a 4xx. */
const ALLOWED: Record<Phase, readonly Action[]> = {
  draft: ['patch cycle'],
  submission: ['patch cycle', 'propose', 'edit proposal', 'review', 'withdraw', 'comment'],
  review: ['patch cycle', 'review', 'withdraw', 'comment'],
  voting: ['withdraw'],
  tallying: [],
  published: [],
  closed: [],
};
const ACTIONS: readonly Action[] = ['patch cycle', 'propose', 'edit proposal', 'review', 'withdraw', 'comment'];

describe('what each phase allows', () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let staff: TestAccount;
  let secondStaff: TestAccount;
  let resident: TestAccount;
  let kita: string;
  let cycle: Cycle;
  let editable: Proposal;
  let onBallot: Proposal;
  const spare: Proposal[] = [];

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    secondStaff = await createAccount(current().app, ['staff']);
    resident = await createAccount(current().app, ['resident']);
    const city = await request(server()).get('/api/city');
    kita = (city.body.districts as { id: string }[])[1]?.id ?? '';
    await updateUser(current().app.db, resident.id, {
      districtId: kita,
      verificationMethod: 'code',
      verifiedAt: new Date(),
    });
    cycle = (
      await request(server())
        .post('/api/cycles')
        .set('authorization', staff.bearer)
        .send({
          titleJa: '段階',
          titleEn: 'Phases',
          ballot: { method: 'approval' },
          districts: [{ districtId: kita, budget: 9_000_000 }],
          proposalQuota: 20,
        })
    ).body as Cycle;
  });

  const proposalBody = (title: string) => ({
    title,
    summary: 'A summary long enough.',
    description: 'A description long enough.',
    category: 'parks',
    districtId: kita,
    estimatedCost: 100_000,
  });

  async function attempt(action: Action, phase: Phase): Promise<number> {
    const as = (account: TestAccount) => ({ authorization: account.bearer });
    switch (action) {
      case 'patch cycle':
        return (await request(server()).patch(`/api/cycles/${cycle.id}`).set(as(staff)).send({ proposalQuota: 21 }))
          .status;
      case 'propose':
        return (
          await request(server())
            .post(`/api/cycles/${cycle.id}/proposals`)
            .set(as(resident))
            .send(proposalBody(`New in ${phase}`))
        ).status;
      case 'edit proposal':
        return (
          await request(server())
            .patch(`/api/proposals/${editable.id}`)
            .set(as(resident))
            .send({ title: `Edited in ${phase}` })
        ).status;
      case 'review':
        return (
          await request(server())
            .post(`/api/proposals/${onBallot.id}/review`)
            .set(as(staff))
            .send({ cost: 120_000, reason: `Costed in ${phase}` })
        ).status;
      case 'withdraw': {
        const target = spare.shift();
        if (target === undefined) throw new Error('no spare proposal left');
        return (
          await request(server())
            .post(`/api/proposals/${target.id}/withdraw`)
            .set(as(staff))
            .send({ reason: `Withdrawn in ${phase}` })
        ).status;
      }
      case 'comment':
        return (
          await request(server())
            .post(`/api/proposals/${onBallot.id}/comments`)
            .set(as(resident))
            .send({ body: `Said in ${phase}` })
        ).status;
    }
  }

  it('allows exactly the listed actions in each phase, from draft to closed', async () => {
    const outcomes: string[] = [];
    for (const phase of PHASES) {
      if (phase === 'published') {
        // Publishing counts paper ballots only once none can be added.
        await closePaperEntryAndCount(current().app, staff, cycle.id);
      }
      if (phase !== 'draft') {
        let moved = await request(server())
          .post(`/api/cycles/${cycle.id}/phase`)
          .set('authorization', staff.bearer)
          .send({ to: phase });
        if (moved.status === 202) {
          moved = await request(server())
            .post(`/api/cycles/${cycle.id}/phase/confirm`)
            .set('authorization', secondStaff.bearer);
        }
        expect({ phase, status: moved.status }).toEqual({ phase, status: 200 });
      }
      if (phase === 'draft') {
        expect(await attempt('propose', phase)).toBe(404);
      }
      if (phase === 'submission') {
        const create = (title: string) =>
          request(server())
            .post(`/api/cycles/${cycle.id}/proposals`)
            .set('authorization', resident.bearer)
            .send(proposalBody(title));
        editable = (await create('Editable')).body as Proposal;
        onBallot = (await create('On the ballot')).body as Proposal;
        for (const title of ['Spare 1', 'Spare 2', 'Spare 3', 'Spare 4', 'Spare 5', 'Spare 6'])
          spare.push((await create(title)).body as Proposal);
        await request(server())
          .post(`/api/proposals/${onBallot.id}/review`)
          .set('authorization', staff.bearer)
          .send({ status: 'feasible', ballotEligible: true, reason: 'Checked.' });
      }
      for (const action of ACTIONS) {
        if (phase === 'draft' && action !== 'patch cycle') continue;
        const status = await attempt(action, phase);
        const allowed = ALLOWED[phase].includes(action);
        const ok = allowed ? status >= 200 && status < 300 : status >= 400 && status < 500;
        outcomes.push(
          `${phase} / ${action}: ${String(status)}${ok ? '' : ` (expected ${allowed ? 'allowed' : 'refused'})`}`,
        );
      }
    }
    expect(outcomes.filter((outcome) => outcome.includes('expected'))).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(30);
  });
});
