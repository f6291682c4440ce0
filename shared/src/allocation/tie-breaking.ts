import type { AllocationElection } from './election.js';

export const TIE_POLICIES = ['id', 'cost-votes-id', 'lottery'] as const;
export type TiePolicy = (typeof TIE_POLICIES)[number];

/** A total order of the projects, fixed before counting and used for every tie of the count. */
export interface TieBreaker {
  policy: TiePolicy;
  seed: number | undefined;
  /** rank[project] = position in the order; the smaller rank wins a tie. */
  rank: Int32Array;
  /** Project ids in tie order (recorded for lotteries, so the draw can be audited). */
  order: string[];
}

export interface TieRecord {
  stage: 'greedy' | 'mes' | 'phragmen' | 'completion';
  /** MES/Phragmén round (1-based), or the greedy position of the first tied project. */
  round: number;
  /** Per-voter budget of the MES run (Add1), as a decimal string. */
  voterBudget?: string;
  /** Tied project ids in the order the tie-break ranks them. */
  candidates: string[];
  chosen: string;
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A small seeded PRNG (mulberry32): a lottery must be reproducible from its recorded seed (and
 * generated demo data the same bytes every time).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createTieBreaker(election: AllocationElection, policy: TiePolicy, seed?: number): TieBreaker {
  const indices = election.projects.map((_, index) => index);
  const idOf = (index: number): string => election.projects[index]?.id ?? '';
  indices.sort((a, b) => byId(idOf(a), idOf(b)));
  if (policy === 'cost-votes-id') {
    indices.sort((a, b) => {
      const costA = election.projects[a]?.cost ?? 0n;
      const costB = election.projects[b]?.cost ?? 0n;
      if (costA !== costB) return costA < costB ? -1 : 1;
      return (election.votes[b] ?? 0) - (election.votes[a] ?? 0);
    });
  } else if (policy === 'lottery') {
    if (seed === undefined) throw new Error('a lottery tie-break needs a seed');
    const random = seededRandom(seed);
    for (let i = indices.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [indices[i], indices[j]] = [indices[j] ?? 0, indices[i] ?? 0];
    }
  }
  const rank = new Int32Array(election.projects.length);
  indices.forEach((project, position) => {
    rank[project] = position;
  });
  return { policy, seed: policy === 'lottery' ? seed : undefined, rank, order: indices.map(idOf) };
}

/** Sorts candidate project indices by the tie order (first = winner). */
export function byTieOrder(tieBreaker: TieBreaker, candidates: number[]): number[] {
  return [...candidates].sort((a, b) => (tieBreaker.rank[a] ?? 0) - (tieBreaker.rank[b] ?? 0));
}
