import request from 'supertest';
import { beforeAll, expect } from 'vitest';
import type { BallotReceipt, RecountReport, RecountStatus } from '@pb/shared';
import type { App } from '../../server/src/app.js';
import { useTestApp, type TestApp } from './app.js';
import { createAccount, type TestAccount } from './accounts.js';
import { closePaperEntryAndCount, createVoter, districtIds, movePhase, openVotingCycle } from './voting.js';

export interface ResultsHarness {
  current: () => TestApp;
  staff: () => TestAccount;
  confirmer: () => TestAccount;
  auditor: () => TestAccount;
  resident: () => TestAccount;
  kita: () => string;
  /**
   * An approval cycle with `ballots` cast (indices into its projects), moved to tallying: in Kita,
   * or the same projects and ballots in each district named by slug; `titles` name the projects in
   * the order of `costs` ("Project <n>" where not given).
   */
  talliedCycle: (
    costs: number[],
    budget: number,
    ballots: number[][],
    districtSlugs?: readonly string[],
    titles?: readonly string[],
  ) => Promise<TalliedCycle>;
  /** Closes paper entry (which starts the count) and runs the count here too (idempotent). */
  closePaperEntry: (cycleId: string) => Promise<void>;
  publish: (cycleId: string) => Promise<void>;
  get: (path: string, account?: TestAccount) => request.Test;
}

export interface TalliedCycle {
  cycleId: string;
  ids: string[];
  receipts: string[];
}

/** One test app per file with staff, a second staff member, an auditor and a resident. */
export function useResultsHarness(): ResultsHarness {
  const current = useTestApp();
  const app = () => current().app;
  const accounts: Record<string, TestAccount> = {};
  let kita = '';
  let districtsBySlug: Record<string, string> = {};
  beforeAll(async () => {
    for (const [name, role] of [
      ['staff', 'staff'],
      ['confirmer', 'staff'],
      ['auditor', 'auditor'],
      ['resident', 'resident'],
    ] as const) {
      accounts[name] = await createAccount(app(), [role]);
    }
    districtsBySlug = await districtIds(app());
    kita = districtsBySlug.kita ?? '';
  });
  const account = (name: string) => () => {
    const found = accounts[name];
    if (found === undefined) throw new Error(`no ${name} account yet`);
    return found;
  };
  const staff = account('staff');
  const confirmer = account('confirmer');
  return {
    current,
    staff,
    confirmer,
    auditor: account('auditor'),
    resident: account('resident'),
    kita: () => kita,
    async talliedCycle(costs, budget, ballots, districtSlugs = ['kita'], titles = []) {
      const districts = districtSlugs.map((slug) => districtsBySlug[slug] ?? '');
      const { cycle, projects } = await openVotingCycle(app(), staff(), confirmer(), {
        ballot: { method: 'approval', maxProjects: costs.length },
        districts: districts.map((districtId) => ({ districtId, budget })),
        projects: districts.flatMap((districtId) =>
          costs.map((cost, index) => ({ districtId, cost, title: titles[index] })),
        ),
      });
      const receipts: string[] = [];
      for (const districtId of districts) {
        const ids = projects.get(districtId) ?? [];
        for (const picks of ballots) {
          const voter = await createVoter(app(), { districtId });
          const cast = await request(app().server)
            .post(`/api/cycles/${cycle.id}/ballots`)
            .set('authorization', voter.bearer)
            .send({ districtId, choices: picks.map((index) => ({ proposalId: ids[index] })) });
          expect(cast.status, cast.text).toBe(201);
          receipts.push((cast.body as BallotReceipt).receipt);
        }
      }
      await movePhase(app(), staff(), confirmer(), cycle.id, 'tallying');
      return { cycleId: cycle.id, ids: projects.get(districts[0] ?? '') ?? [], receipts };
    },
    async closePaperEntry(cycleId) {
      await closePaperEntryAndCount(app(), staff(), cycleId);
    },
    async publish(cycleId) {
      await movePhase(app(), staff(), confirmer(), cycleId, 'published');
    },
    get(path, caller) {
      const pending = request(app().server).get(path);
      return caller === undefined ? pending : pending.set('authorization', caller.bearer);
    },
  };
}

/** Starts a recount as staff or auditors do (202) and waits for its report. */
export async function recountAndWait(app: App, account: TestAccount, cycleId: string): Promise<RecountReport> {
  const started = await request(app.server)
    .post(`/api/cycles/${cycleId}/results/recount`)
    .set('authorization', account.bearer);
  expect(started.status, started.text).toBe(202);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await request(app.server)
      .get(`/api/cycles/${cycleId}/results/recount`)
      .set('authorization', account.bearer);
    const body = status.body as RecountStatus;
    if (body.state === 'done' && body.report !== null) return body.report;
    if (body.state !== 'running' || Date.now() > deadline) throw new Error(`recount: ${status.text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
