import type { BallotChoice, BallotRules } from '@pb/shared';
import request from 'supertest';
import { beforeAll } from 'vitest';
import type { App } from '../../server/src/app.js';
import { createAccount, type TestAccount } from './accounts.js';
import { useTestApp } from './app.js';
import { districtIds, openVotingCycle, type Voter } from './voting.js';

/** A receipt code as the API gives it: 26 Crockford characters in groups of four. */
export const RECEIPT_FORMAT = /^([0-9A-Z]{4}-){6}[0-9A-Z]{2}$/;

/** The project ids of one district, for a district that must have projects. */
export function ids(list: readonly string[] | undefined): string[] {
  if (list === undefined) throw new Error('no projects for this district');
  return [...list];
}

/** Choices that name projects only (no points), as on an approval or knapsack ballot. */
export function only(list: readonly string[]): BallotChoice[] {
  return list.map((proposalId) => ({ proposalId }));
}

let censusCounter = 0;
/** A census number nobody else in this run has. */
export function censusNumber(): string {
  censusCounter += 1;
  return `R${String(process.pid)}X${String(censusCounter)}X${String(Date.now() % 100_000)}`;
}

/** A ballot cast online by `voter`, as the ballot page sends it. */
export function castOnline(
  app: App,
  cycleId: string,
  voter: Voter,
  districtId: string,
  choices: readonly BallotChoice[],
) {
  return request(app.server)
    .post(`/api/cycles/${cycleId}/ballots`)
    .set('authorization', voter.bearer)
    .send({ districtId, choices });
}

export interface VotingHarness {
  app: () => App;
  staff: () => TestAccount;
  confirmer: () => TestAccount;
  district: (slug: string) => string;
}

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('beforeAll did not run');
  return value;
}

/** A test app per describe block, two staff members and the district ids by slug. */
export function useVotingApp(): VotingHarness {
  const current = useTestApp();
  let staff: TestAccount | undefined;
  let confirmer: TestAccount | undefined;
  let slugs: Record<string, string> = {};
  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    confirmer = await createAccount(current().app, ['staff']);
    slugs = await districtIds(current().app);
  });
  return {
    app: () => current().app,
    staff: () => started(staff),
    confirmer: () => started(confirmer),
    district: (slug) => {
      const id = slugs[slug];
      if (id === undefined) throw new Error(`no district ${slug}`);
      return id;
    },
  };
}

/**
 * A cycle in voting for the district kita alone, with `budget` and one project per cost (`p`, in
 * the order given).
 */
export async function openKitaCycle(h: VotingHarness, ballot: BallotRules, costs: readonly number[], budget: number) {
  const kita = h.district('kita');
  const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
    ballot,
    districts: [{ districtId: kita, budget }],
    projects: costs.map((cost) => ({ districtId: kita, cost })),
  });
  return { cycleId: cycle.id, kita, p: ids(projects.get(kita)) };
}
