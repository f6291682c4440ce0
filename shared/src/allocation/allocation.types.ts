import type { TiePolicy, TieRecord } from './tie-breaking.js';

export const RULES = ['greedy', 'mes', 'phragmen'] as const;
export type Rule = (typeof RULES)[number];
export const UTILITIES = ['cost', 'cardinality', 'points', 'points-cost'] as const;
export type Utility = (typeof UTILITIES)[number];
export const COMPLETIONS = ['none', 'greedy', 'add1', 'add1-greedy'] as const;
export type Completion = (typeof COMPLETIONS)[number];
export const ADD1_STOPS = ['exhaustive', 'overspend'] as const;
export type Add1Stop = (typeof ADD1_STOPS)[number];

export interface AllocationOptions {
  rule: Rule;
  /** MES utilities; `cost` on approval ballots is what cities use. */
  utility: Utility;
  completion: Completion;
  add1Stop: Add1Stop;
  /** Add1 raises each voter's budget by this many currency units per step. */
  increment: string;
  /** Keep MES unless strictly more voters prefer the greedy outcome (Wieliczka). */
  comparison: 'none' | 'greedy';
  /** Greedy: stop at the first project that does not fit. */
  noSkip: boolean;
  /** Greedy: ignore projects scoring below this (the file's `min_project_score_threshold`). */
  threshold: number | undefined;
  /** Every rule: a project needs at least this many votes to be eligible. */
  minVotes: number;
  ties: TiePolicy;
  seed: number | undefined;
}

export const DEFAULT_OPTIONS: AllocationOptions = {
  rule: 'greedy',
  utility: 'cost',
  completion: 'none',
  add1Stop: 'exhaustive',
  increment: '1',
  comparison: 'none',
  noSkip: false,
  threshold: undefined,
  minVotes: 0,
  ties: 'id',
  seed: undefined,
};

export type SelectionStage = 'greedy' | 'mes' | 'completion' | 'phragmen' | 'free';

export type ExplanationReason =
  | 'selected'
  | 'did_not_fit'
  | 'exceeds_budget'
  | 'below_threshold'
  | 'below_min_votes'
  | 'stopped_no_skip'
  | 'not_affordable'
  | 'no_supporters'
  | 'phragmen_stopped';

export interface MesPayments {
  supporters: number;
  /** Supporters who paid the full equal share (the project's maximum payment). */
  paidFullShare: number;
  /** Supporters who could not afford the full share and paid everything they had left. */
  paidAllTheyHad: number;
  maxPerVoter: number;
  minPerVoter: number;
}

export interface ProjectExplanation {
  projectId: string;
  cost: string;
  votes: number;
  score: number;
  selected: boolean;
  reason: ExplanationReason;
  /** The stage that selected the project. */
  stage?: SelectionStage;
  /** 1-based order of selection within its stage (the MES round, the greedy position...). */
  round?: number;
  /** Greedy: 1-based position in the score order; money left when the project came up. */
  rank?: number;
  remainingBefore?: number;
  /** MES: the round's rho; with cost utilities 1/rho is the project's effective vote count. */
  rho?: number;
  effectiveVotes?: number;
  payments?: MesPayments;
  /** MES: the round in which the supporters' remaining money fell below the cost, and that money. */
  unaffordableInRound?: number;
  supportersMoney?: number;
  /** Add1: the per-voter budget of the MES run whose outcome was kept. */
  voterBudget?: number;
  /** Phragmén: the load of each supporter after the project was bought. */
  load?: number;
}

export interface ComparisonResult {
  winner: 'mes' | 'greedy';
  preferMes: number;
  preferGreedy: number;
}

export interface AllocationResult {
  options: AllocationOptions;
  /** Project ids in the order they were selected. */
  selected: string[];
  /** Exact decimal string. */
  totalCost: string;
  budget: string;
  ties: TieRecord[];
  tieOrder: string[];
  comparison?: ComparisonResult;
  add1?: { steps: number; voterBudget: string };
  explanations: ProjectExplanation[];
}
