import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { countPending, runScheduledMoves } from '../../server/src/modules/cycles/cycles.jobs.js';
import { countedJob } from '../../server/src/modules/metrics/metrics.registry.js';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { createCensusEntry, createVoter, districtIds, openVotingCycle } from '../helpers/voting.js';
import { censusNumber } from '../helpers/voting-harness.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The value of one series in Prometheus text format, e.g. `pb_ballots_cast_total{channel="online"}`; 0 when absent. */
function seriesValue(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('GET /metrics with METRICS_TOKEN set', () => {
  const current = useTestApp({ config: { metricsToken: METRICS_TOKEN } });
  const server = () => current().app.server;
  const scrape = async (): Promise<string> => {
    const response = await request(server()).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(response.status, response.text).toBe(200);
    return response.text;
  };

  it('answers 401 with the error body when the token is missing, wrong or not a bearer token', async () => {
    for (const header of [undefined, `Bearer ${METRICS_TOKEN}x`, 'Bearer short', `Basic ${METRICS_TOKEN}`]) {
      const call = request(server()).get('/metrics');
      const response = await (header === undefined ? call : call.set('authorization', header));
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({ error: { code: 'metrics.unauthorized', message: expect.any(String) } });
      expect(response.text).not.toContain('pb_http_requests_total');
    }
  });

  it('serves the Prometheus text format with every metric family to the token holder', async () => {
    const response = await request(server()).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = [
      'pb_http_requests_total',
      'pb_http_request_duration_seconds',
      'pb_ballots_cast_total',
      'pb_job_runs_total',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ];
    const pool = ['pb_db_pool_connections_total', 'pb_db_pool_connections_idle', 'pb_db_pool_requests_waiting'];
    // PGlite has no connection pool, so its gauges exist only on PostgreSQL.
    const postgres = current().app.database.driver === 'postgres';
    for (const family of [...families, ...(postgres ? pool : [])]) {
      expect(response.text).toContain(`# TYPE ${family} `);
    }
    if (!postgres) for (const family of pool) expect(response.text).not.toContain(family);
    expect(response.text).toMatch(/^pb_ballots_cast_total\{channel="paper"\} 0$/m);
  });

  it('counts and times a request under its route pattern, never with an id in a label', async () => {
    const series = '{method="GET",route="/api/cycles/:cycleId",status_code="404"}';
    const before = await scrape();
    const missing = await request(server()).get(`/api/cycles/${randomUUID()}`);
    expect(missing.status).toBe(404);
    const after = await scrape();
    expect(seriesValue(after, `pb_http_requests_total${series}`)).toBe(
      seriesValue(before, `pb_http_requests_total${series}`) + 1,
    );
    expect(seriesValue(after, `pb_http_request_duration_seconds_count${series}`)).toBe(
      seriesValue(before, `pb_http_request_duration_seconds_count${series}`) + 1,
    );
    const labelled = after.split('\n').filter((line) => line.includes('{'));
    expect(labelled.filter((line) => UUID.test(line))).toEqual([]);
  });

  it('labels requests that match no route as unmatched instead of their URL', async () => {
    await request(server()).get(`/api/no-such-route/${randomUUID()}`);
    const text = await scrape();
    expect(seriesValue(text, 'pb_http_requests_total{method="GET",route="unmatched",status_code="404"}')).toBe(1);
    expect(text).not.toContain('no-such-route');
  });

  describe('ballots and jobs', () => {
    let staff: TestAccount;
    let confirmer: TestAccount;

    beforeAll(async () => {
      staff = await createAccount(current().app, ['staff']);
      confirmer = await createAccount(current().app, ['staff']);
    });

    it('counts an online and a paper ballot once each is cast, and not a refused second one', async () => {
      const kita = (await districtIds(current().app)).kita ?? '';
      const { cycle, projects } = await openVotingCycle(current().app, staff, confirmer, {
        ballot: { method: 'approval', maxProjects: 1 },
        districts: [{ districtId: kita, budget: 5_000_000 }],
        projects: [{ districtId: kita, cost: 1_000_000 }],
      });
      const voter = await createVoter(current().app, { districtId: kita });
      const online = 'pb_ballots_cast_total{channel="online"}';
      const paper = 'pb_ballots_cast_total{channel="paper"}';
      const before = await scrape();
      const choices = [{ proposalId: projects.get(kita)?.[0] ?? '' }];
      for (const expected of [201, 409]) {
        const cast = await request(server())
          .post(`/api/cycles/${cycle.id}/ballots`)
          .set('authorization', voter.bearer)
          .send({ districtId: kita, choices });
        expect(cast.status, cast.text).toBe(expected);
      }
      const number = censusNumber();
      await createCensusEntry(current().app, number, kita, 1980);
      const issued = await request(server())
        .post(`/api/cycles/${cycle.id}/paper-ballots/issued`)
        .set('authorization', staff.bearer)
        .send({ voter: { kind: 'census', value: number }, districtId: kita });
      expect(issued.status, issued.text).toBe(201);
      // The poll book entry is no ballot yet; the sheet in the box is, once, and not one beyond the book.
      expect(seriesValue(await scrape(), paper)).toBe(seriesValue(before, paper));
      for (const expected of [201, 409]) {
        const sheet = await request(server())
          .post(`/api/cycles/${cycle.id}/paper-sheets`)
          .set('authorization', staff.bearer)
          .send({ districtId: kita, choices });
        expect(sheet.status, sheet.text).toBe(expected);
      }
      const after = await scrape();
      expect(seriesValue(after, online)).toBe(seriesValue(before, online) + 1);
      expect(seriesValue(after, paper)).toBe(seriesValue(before, paper) + 1);
      expect(seriesValue(after, 'pb_ballots_cast_total{channel="assisted"}')).toBe(0);
    });

    it('counts runs of the count and scheduled phase move jobs with their outcome', async () => {
      const count = 'pb_job_runs_total{job="count",outcome="ok"}';
      const moves = 'pb_job_runs_total{job="phase_moves",outcome="ok"}';
      const before = await scrape();
      await countPending(current().app);
      await runScheduledMoves(current().app);
      const after = await scrape();
      expect(seriesValue(after, count)).toBe(seriesValue(before, count) + 1);
      expect(seriesValue(after, moves)).toBe(seriesValue(before, moves) + 1);
      expect(seriesValue(after, 'pb_job_runs_total{job="count",outcome="error"}')).toBe(0);
    });

    it('counts a failed job run as an error and passes the failure on', async () => {
      const failed = 'pb_job_runs_total{job="purge",outcome="error"}';
      const before = seriesValue(await scrape(), failed);
      const run = countedJob(current().app.metrics, 'purge', () => Promise.reject(new Error('database gone')));
      await expect(run).rejects.toThrow('database gone');
      expect(seriesValue(await scrape(), failed)).toBe(before + 1);
    });
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  const current = useTestApp({ config: { metricsToken: undefined } });

  it('answers 404 with the error body, whatever token is sent', async () => {
    for (const header of [undefined, `Bearer ${METRICS_TOKEN}`]) {
      const call = request(current().app.server).get('/metrics');
      const response = await (header === undefined ? call : call.set('authorization', header));
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: { code: 'metrics.disabled', message: expect.any(String) } });
    }
  });
});
