export const VOTE_TYPES = ['approval', 'choose-1', 'cumulative', 'ordinal', 'scoring'] as const;
export type VoteType = (typeof VOTE_TYPES)[number];

export interface PbProject {
  /** Opaque string id; never parse it as a number. */
  id: string;
  /** The cost as written (a decimal; `999999999` marks a withdrawn project). */
  cost: string;
  /** Every other column of the row, by column name. */
  fields: Record<string, string>;
}

export interface PbVoter {
  id: string;
  /** Project ids in ballot order (the ranking for ordinal ballots), each id once. */
  ballot: string[];
  /** Points aligned with `ballot` (cumulative and scoring ballots only). */
  points: number[] | undefined;
  /** Every other column of the row (age, sex, voting_method, ...), by column name. */
  fields: Record<string, string>;
}

/** A pabulib election: all sections kept, with column order, so a written file loses nothing. */
export interface PbElection {
  /** META rows in file order. */
  meta: [key: string, value: string][];
  projectColumns: string[];
  projects: PbProject[];
  voterColumns: string[];
  voters: PbVoter[];
}

export interface PbWarning {
  line: number;
  message: string;
}

export interface PbParseResult {
  election: PbElection;
  warnings: PbWarning[];
}

export class PabulibParseError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${String(line)}: ${problem}`);
    this.name = 'PabulibParseError';
  }
}

export function metaValue(election: PbElection, key: string): string | undefined {
  return election.meta.find(([metaKey]) => metaKey === key)?.[1];
}

export function voteTypeOf(election: PbElection): VoteType {
  const value = metaValue(election, 'vote_type');
  return (VOTE_TYPES as readonly string[]).includes(value ?? '') ? (value as VoteType) : 'approval';
}
