import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  allocate,
  buildElection,
  parsePabulib,
  writePabulib,
  normalizeCode,
  type BallotChoice,
  type BulletinPage,
  type CycleResults,
} from '@pb/shared';
import { countQueries, queryRows } from '../../server/src/db/database.js';
import { getResults } from '../../server/src/modules/results/results.service.js';
import { countCycle, findTallyCycle, tallyCycle } from '../../server/src/modules/results/results.tally.js';
import { recountAndWait, useResultsHarness } from '../helpers/results.js';
import { awaitCount, openVotingCycle } from '../helpers/voting.js';

describe('counting the ballots and showing the results', () => {
  const h = useResultsHarness();
  const app = () => h.current().app;
  const talliedCycle = h.talliedCycle;
  const closePaperEntry = h.closePaperEntry;
  const results = (cycleId: string, bearer?: string) => {
    const pending = request(app().server).get(`/api/cycles/${cycleId}/results`);
    return bearer === undefined ? pending : pending.set('authorization', bearer);
  };

  const BALLOTS = [[0, 1], [0, 1], [0, 2], [2], [2, 3], [3], [0]];
  const COSTS = [400, 300, 500, 200];

  it('counts only once paper entry has closed, and the result equals the engine run on the stored ballots', async () => {
    const { cycleId, ids } = await talliedCycle(COSTS, 1000, BALLOTS);
    const early = await results(cycleId, h.staff().bearer);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('results.not_ready');
    await closePaperEntry(cycleId);

    const shown = await results(cycleId, h.staff().bearer);
    expect(shown.status, shown.text).toBe(200);
    const district = (shown.body as CycleResults).districts[0];
    const stored = await queryRows<{ choices: BallotChoice[] }>(
      app().db,
      sql`SELECT choices FROM ballots WHERE cycle_id = ${cycleId} AND status = 'counted'`,
    );
    const election = buildElection({
      voteType: 'approval',
      budget: '1000',
      projects: ids.map((id, index) => ({ id, cost: String(COSTS[index]) })),
      ballots: stored.map((row) => ({ projects: row.choices.map((choice) => choice.proposalId) })),
    });
    const engine = allocate(election, {
      rule: 'mes',
      utility: 'cost',
      completion: 'add1',
      minVotes: 1,
      ties: 'cost-votes-id',
    });
    const funded = district?.projects.filter((project) => project.selected).map((project) => project.proposalId);
    expect(new Set(funded)).toEqual(new Set(engine.selected));
    expect(district?.used).toBe(engine.selected.reduce((sum, id) => sum + (COSTS[ids.indexOf(id)] ?? 0), 0));
    expect(district?.leftover).toBe(1000 - (district?.used ?? 0));
    expect(district?.ballots).toBe(BALLOTS.length);
    const votesOf = (index: number) => BALLOTS.filter((ballot) => ballot.includes(index)).length;
    for (const project of district?.projects ?? []) {
      expect(project.votes).toBe(votesOf(ids.indexOf(project.proposalId)));
      expect(project.explanation.reason).toBe(project.selected ? 'selected' : project.explanation.reason);
    }
    const greedy = allocate(election, { rule: 'greedy', minVotes: 1, ties: 'cost-votes-id' });
    expect(
      new Set(district?.projects.filter((project) => project.selectedByGreedy).map((project) => project.proposalId)),
    ).toEqual(new Set(greedy.selected));
  });

  it('stores the SHA-256 of the canonical export, and a recount of the same ballots gives the same result', async () => {
    const { cycleId } = await talliedCycle(COSTS, 900, BALLOTS);
    await closePaperEntry(cycleId);
    const cycle = await findTallyCycle(app().db, cycleId);
    if (cycle === undefined) throw new Error('no cycle');
    const [count] = await countCycle(app().db, cycle);
    const text = writePabulib(count?.election ?? parsePabulib('').election);
    const shown = (await results(cycleId, h.auditor().bearer)).body as CycleResults;
    expect(shown.districts[0]?.ballotsSha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(parsePabulib(text).election.voters).toHaveLength(BALLOTS.length);

    const report = await recountAndWait(app(), h.auditor(), cycleId);
    expect(report).toMatchObject({ matches: true });
    const recorded = await queryRows<{ action: string }>(
      app().db,
      sql`SELECT action FROM audit_events WHERE subject_id = ${cycleId} AND action LIKE 'results.recount%' ORDER BY id`,
    );
    expect(recorded.map((row) => row.action)).toEqual(['results.recount_started', 'results.recounted']);
    expect(await tallyCycle(app().db, cycleId)).toBe(0);
    const refused = await app()
      .db.execute(sql`UPDATE cycle_results SET ballot_count = 0 WHERE cycle_id = ${cycleId}`)
      .then(
        () => 'updated',
        () => 'refused',
      );
    expect(refused).toBe('refused');
  });

  it('shows results to staff and auditors during tallying and to everyone once published', async () => {
    const { cycleId } = await talliedCycle(COSTS, 1000, BALLOTS.slice(0, 3));
    await closePaperEntry(cycleId);
    expect((await results(cycleId)).status).toBe(403);
    expect((await results(cycleId, h.resident().bearer)).status).toBe(403);
    expect((await results(cycleId, h.auditor().bearer)).status).toBe(200);
    const tallying = await results(cycleId, h.staff().bearer);
    expect(tallying.status).toBe(200);
    expect(tallying.body as CycleResults).toMatchObject({ phase: 'tallying', published: false });
    await h.publish(cycleId);
    const published = await results(cycleId);
    expect(published.status).toBe(200);
    // The districts' figures are kept after the first read; the phase is read afresh each time.
    expect(published.body as CycleResults).toMatchObject({ phase: 'published', published: true });
    expect((published.body as CycleResults).districts).toEqual((tallying.body as CycleResults).districts);
  });

  it('reading results costs the same number of SQL queries whatever the number of districts', async () => {
    async function queriesOfFirstRead(districtSlugs: readonly string[]): Promise<number> {
      const { cycleId } = await talliedCycle(COSTS, 1000, BALLOTS.slice(0, 3), districtSlugs);
      await closePaperEntry(cycleId);
      const { value, queries } = await countQueries(() => getResults(app().db, cycleId, ['staff']));
      expect(value.districts).toHaveLength(districtSlugs.length);
      return queries;
    }
    expect(await queriesOfFirstRead(['kita', 'minami', 'higashi'])).toBe(await queriesOfFirstRead(['kita']));
  });

  it('closing paper entry answers at once (202) and starts the count, and publishing is refused while a district has no result yet', async () => {
    const { cycleId } = await talliedCycle(COSTS, 1000, BALLOTS.slice(0, 3));
    // Paper entry closed behind the route's back: the count has not run.
    await app().db.execute(sql`UPDATE cycles SET paper_entry_closed_at = now() WHERE id = ${cycleId}`);
    const early = await request(app().server)
      .post(`/api/cycles/${cycleId}/phase`)
      .set('authorization', h.staff().bearer)
      .send({ to: 'published' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('count is still running');

    const { cycleId: closedByStaff } = await talliedCycle(COSTS, 1000, BALLOTS.slice(0, 3));
    const closed = await request(app().server)
      .post(`/api/cycles/${closedByStaff}/paper-entry/close`)
      .set('authorization', h.staff().bearer);
    expect(closed.status).toBe(202);
    await awaitCount(app(), closedByStaff);
    const counted = await queryRows<{ count: number }>(
      app().db,
      sql`SELECT count(*)::int AS count FROM cycle_results WHERE cycle_id = ${closedByStaff}`,
    );
    expect(counted[0]?.count).toBe(1);
  });

  it('has no results while voting is open, not even for staff', async () => {
    const { cycle } = await openVotingCycle(app(), h.staff(), h.confirmer(), {
      ballot: { method: 'approval' },
      districts: [{ districtId: h.kita(), budget: 1000 }],
      projects: [{ districtId: h.kita(), cost: 100 }],
    });
    const response = await results(cycle.id, h.staff().bearer);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('results.not_ready');
  });

  it('the bulletin board lists every counted ballot under its receipt hash, to auditors in tallying and to everyone once published', async () => {
    const { cycleId, ids, receipts } = await talliedCycle(COSTS, 1000, BALLOTS);
    const board = (bearer?: string, query = '') => {
      const pending = request(app().server).get(`/api/cycles/${cycleId}/bulletin${query}`);
      return bearer === undefined ? pending : pending.set('authorization', bearer);
    };
    expect((await board()).status).toBe(403);
    expect((await board(h.staff().bearer)).status).toBe(403);
    expect((await board(h.auditor().bearer)).status).toBe(200);
    await closePaperEntry(cycleId);
    await h.publish(cycleId);

    const entries: BulletinPage['items'] = [];
    let after: string | null = null;
    do {
      const page: BulletinPage = (await board(undefined, `?limit=3${after === null ? '' : `&after=${after}`}`))
        .body as BulletinPage;
      expect(page.items.length).toBeLessThanOrEqual(3);
      entries.push(...page.items);
      after = page.next;
    } while (after !== null);
    expect(entries).toHaveLength(BALLOTS.length);
    expect(entries.map((entry) => entry.ballotId)).toEqual([...entries.map((entry) => entry.ballotId)].sort());
    receipts.forEach((receipt, index) => {
      const hash = createHash('sha256')
        .update(`ballot:${normalizeCode(receipt) ?? ''}`)
        .digest('hex');
      const entry = entries.find((candidate) => candidate.receiptHash === hash);
      expect(entry?.choices.map((choice) => choice.proposalId)).toEqual(
        (BALLOTS[index] ?? []).map((pick) => ids[pick]).sort(),
      );
    });
  });
});
