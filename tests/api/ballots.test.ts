import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BallotReceipt, BallotSheet, MyVotingStatus, ReceiptLookup } from '@pb/shared';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { createVoter, districtIds, movePhase, openVotingCycle } from '../helpers/voting.js';

describe('casting a ballot', () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let staff: TestAccount;
  let confirmer: TestAccount;
  let ids: Record<string, string>;

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    confirmer = await createAccount(current().app, ['staff']);
    ids = await districtIds(current().app);
  });

  it('a verified resident casts an approval ballot and gets a receipt code of 128 bits, once', async () => {
    const kita = ids.kita ?? '';
    const { cycle, projects } = await openVotingCycle(current().app, staff, confirmer, {
      ballot: { method: 'approval', maxProjects: 2 },
      districts: [{ districtId: kita, budget: 5_000_000 }],
      projects: [1, 2, 3].map(() => ({ districtId: kita, cost: 1_000_000 })),
    });
    const voter = await createVoter(current().app, { districtId: kita });
    const sheet = await request(server())
      .get(`/api/cycles/${cycle.id}/districts/${kita}/ballot`)
      .set('authorization', voter.bearer);
    expect(sheet.status).toBe(200);
    expect((sheet.body as BallotSheet).shuffled).toBe(true);
    const chosen = projects.get(kita)?.slice(0, 2) ?? [];
    const cast = await request(server())
      .post(`/api/cycles/${cycle.id}/ballots`)
      .set('authorization', voter.bearer)
      .send({ districtId: kita, choices: chosen.map((proposalId) => ({ proposalId })) });
    expect(cast.status, cast.text).toBe(201);
    const receipt = (cast.body as BallotReceipt).receipt;
    expect(receipt).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{2}$/);
    const again = await request(server())
      .post(`/api/cycles/${cycle.id}/ballots`)
      .set('authorization', voter.bearer)
      .send({ districtId: kita, choices: [{ proposalId: chosen[0] }] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ballots.already_voted');
    const lookup = await request(server())
      .post(`/api/cycles/${cycle.id}/receipts/lookup`)
      .send({ receipt: receipt.toLowerCase() });
    expect(lookup.body as ReceiptLookup).toEqual({ found: true, status: 'counted', districtId: kita, choices: null });
    const status = await request(server())
      .get(`/api/cycles/${cycle.id}/voting-status`)
      .set('authorization', voter.bearer);
    expect((status.body as MyVotingStatus).districts[0]).toMatchObject({
      voted: true,
      channel: 'online',
      canReplace: true,
    });
    const replaced = await request(server())
      .post(`/api/cycles/${cycle.id}/ballots/replace`)
      .set('authorization', voter.bearer)
      .send({ receipt, choices: [{ proposalId: chosen[1] }] });
    expect(replaced.status, replaced.text).toBe(200);
    const oldLookup = await request(server()).post(`/api/cycles/${cycle.id}/receipts/lookup`).send({ receipt });
    expect(oldLookup.body.status).toBe('replaced');
    expect((await movePhase(current().app, staff, confirmer, cycle.id, 'tallying')).phase).toBe('tallying');
    const newLookup = await request(server())
      .post(`/api/cycles/${cycle.id}/receipts/lookup`)
      .send({ receipt: (replaced.body as BallotReceipt).receipt });
    expect(newLookup.body.status).toBe('counted');
  });
});
