import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ParticipationStatistics } from '@pb/shared';
import { useResultsHarness } from '../helpers/results.js';
import { createVoter, movePhase, openVotingCycle } from '../helpers/voting.js';

describe('participation statistics', () => {
  const h = useResultsHarness();
  const app = () => h.current().app;
  let censusCounter = 0;

  async function castWithCensus(cycleId: string, proposalId: string, birthYear: number) {
    censusCounter += 1;
    const voter = await createVoter(app(), {
      districtId: h.kita(),
      census: { number: `S${String(Date.now())}${String(censusCounter)}`, birthYear },
    });
    const cast = await request(app().server)
      .post(`/api/cycles/${cycleId}/ballots`)
      .set('authorization', voter.bearer)
      .send({ districtId: h.kita(), choices: [{ proposalId }] });
    expect(cast.status, cast.text).toBe(201);
  }

  it('counts by district, channel, day and age band, suppresses counts below 10, and follows the phase table', async () => {
    const { cycle, projects } = await openVotingCycle(app(), h.staff(), h.confirmer(), {
      ballot: { method: 'approval' },
      districts: [{ districtId: h.kita(), budget: 1000 }],
      projects: [{ districtId: h.kita(), cost: 100 }],
    });
    const proposalId = projects.get(h.kita())?.[0] ?? '';
    const thisYear = new Date().getFullYear();
    for (let index = 0; index < 12; index += 1) await castWithCensus(cycle.id, proposalId, thisYear - 35);
    for (let index = 0; index < 3; index += 1) await castWithCensus(cycle.id, proposalId, thisYear - 75);
    const path = `/api/cycles/${cycle.id}/statistics`;

    expect((await h.get(path)).status).toBe(403);
    expect((await h.get(path, h.resident())).status).toBe(403);
    const during = (await h.get(path, h.staff())).body as ParticipationStatistics;
    expect(during).toMatchObject({ total: 15, voters: 15, byChannel: [], byDay: [], byAgeBand: [] });
    expect(during.byDistrict[0]).toMatchObject({ districtId: h.kita(), participations: 15 });

    await movePhase(app(), h.staff(), h.confirmer(), cycle.id, 'tallying');
    const tallying = (await h.get(path, h.auditor())).body as ParticipationStatistics;
    expect(tallying.byChannel).toEqual([{ channel: 'online', participations: 15 }]);
    expect(tallying.byDay).toHaveLength(1);
    const bands = Object.fromEntries(tallying.byAgeBand.map((band) => [band.band, band.voters]));
    expect(bands['30-39']).toBe(12);
    expect(bands['70-79']).toBe('< 10');
    const census = tallying.byDistrict[0]?.censusSize;
    expect(typeof census === 'number' && census >= 15).toBe(true);
    expect(tallying.byDistrict[0]?.turnoutPercent).toBe(
      typeof census === 'number' ? Math.round((15 / census) * 1000) / 10 : null,
    );
    expect(tallying.byAgeBand.find((band) => band.band === '70-79')?.turnoutPercent).toBeNull();

    await h.closePaperEntry(cycle.id);
    await h.publish(cycle.id);
    const published = await h.get(path);
    expect(published.status).toBe(200);
    expect(JSON.stringify(published.body)).not.toMatch(/"(voters|participations|censusSize)":[1-9],/);

    // The figures were frozen by the count: a census uploaded for the next cycle changes nothing.
    const replaced = await request(app().server)
      .put('/api/census')
      .set('authorization', h.staff().bearer)
      .set('content-type', 'text/csv')
      .send('resident_number,district,birth_year\nNEXT00001,kita,1990\n');
    expect(replaced.status, replaced.text).toBe(200);
    const later = await h.get(path);
    expect(later.body).toEqual(published.body);
    expect((later.body as ParticipationStatistics).byDistrict[0]?.censusSize).toBe(census);
  });
});
