import type { BallotSheet, CreateCycleBody, Cycle, CycleResults } from '@pb/shared';
import { api, createAccount, districtIdOf, type BrowserSession, type E2eAccount } from './helpers.js';
import {
  castBallotOverApi,
  closePaperEntryAndAwaitResults,
  moveOverApi,
  verifiedResident,
  votingCycleOverApi,
  type BallotProjectSeed,
} from './cycle-helpers.js';

/** A one-district cycle to open, vote in over the API and count (see `countedCycleOverApi`). */
export interface CountedCycleSetup {
  ballot: CreateCycleBody['ballot'];
  /** The seeded district the cycle runs in, by slug. */
  district: string;
  budget: number;
  projects: readonly BallotProjectSeed[];
  /** Titles and other cycle fields, as for `votingCycleOverApi`. */
  overrides: Partial<CreateCycleBody>;
  /** One entry per online ballot: the titles of the projects chosen. */
  ballots: readonly (readonly string[])[];
  /** Each voter is a verified resident named `<voterName> <n>`, n counting from 1. */
  voterName: string;
}

export interface CountedCycle {
  /** The staff member who created and moved the cycle. */
  staff: E2eAccount;
  /** The second staff member, who confirmed opening voting (and can confirm publication). */
  confirmer: E2eAccount;
  cycle: Cycle;
  districtId: string;
  /** The voters' receipt codes, in the order of `ballots`. */
  receipts: string[];
  results: CycleResults;
}

/**
 * A cycle counted over the API and not yet published: two staff members open voting, each ballot
 * is cast by a new verified resident, then staff move to tallying and close paper entry, and the
 * count's results are awaited.
 */
export async function countedCycleOverApi(session: BrowserSession, setup: CountedCycleSetup): Promise<CountedCycle> {
  const staff = await createAccount(session, ['staff'], { label: 'staff' });
  const confirmer = await createAccount(session, ['staff'], { label: 'staff' });
  const districtId = await districtIdOf(session, setup.district);
  const cycle = await votingCycleOverApi(
    session,
    staff,
    confirmer,
    setup.ballot,
    { [setup.district]: { budget: setup.budget, projects: setup.projects } },
    setup.overrides,
  );
  const sheet = (
    await api(session.baseUrl, 'GET', `/api/cycles/${cycle.id}/districts/${districtId}/ballot?order=number`, {
      token: staff.token,
    })
  ).body as BallotSheet;
  const idOf = (title: string): string => sheet.projects.find((project) => project.title === title)?.id ?? '';
  const receipts: string[] = [];
  for (const [index, choice] of setup.ballots.entries()) {
    const voter = await verifiedResident(session, setup.district, `${setup.voterName} ${String(index + 1)}`);
    receipts.push(await castBallotOverApi(session, voter, cycle.id, districtId, choice.map(idOf)));
  }
  await moveOverApi(session, staff, cycle.id, 'tallying', confirmer);
  const results = await closePaperEntryAndAwaitResults(session, staff, cycle.id);
  return { staff, confirmer, cycle, districtId, receipts, results };
}
