import type { AllocationOptions } from '../allocation/allocation.types.js';
import {
  defaultAllocationRules,
  type AllocationRules,
  type BallotMethod,
  type BallotRules,
} from '../cycles/cycles.schema.js';
import { parseDecimal } from '../pabulib/decimal.js';
import { metaValue, voteTypeOf, type PbElection } from '../pabulib/pabulib.types.js';
import { PROPOSAL_CATEGORIES, type ProposalCategory } from '../proposals/proposals.schema.js';
import { allocationOptionsFromMeta } from '../results/canonical-export.js';

/** A file that parses as pabulib but cannot become a cycle here (the reason names the line). */
export class PabulibImportError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'PabulibImportError';
  }
}

export interface ImportProject {
  externalId: string;
  cost: number;
  name: string;
  category: ProposalCategory;
}

/** One voter's ballot; the arrays are the parsed file's own (no copy of a large file's votes). */
export interface ImportBallot {
  voterId: string;
  /** Project ids in ballot order (a ranking best first). */
  projectIds: readonly string[];
  /** Points aligned with `projectIds`, for cumulative ballots only. */
  points: readonly number[] | undefined;
}

export interface ImportPlan {
  titleJa: string;
  titleEn: string;
  budget: number;
  ballot: BallotRules;
  allocation: AllocationRules;
  /** ISO date (YYYY-MM-DD) of the end of voting, when the file gives a readable one. */
  votingEnded: string | undefined;
  projects: ImportProject[];
  ballots: ImportBallot[];
}

const MAX_TITLE = 200;

function wholeAmount(text: string, what: string): number {
  const value = parseDecimal(text);
  if (value === undefined || value.units < 0n)
    throw new PabulibImportError(`${what} "${text}" is not a non-negative number`);
  const divisor = 10n ** BigInt(value.scale);
  if (value.units % divisor !== 0n) {
    throw new PabulibImportError(`${what} "${text}" has a fraction; amounts here are whole currency units`);
  }
  const whole = value.units / divisor;
  if (whole > BigInt(Number.MAX_SAFE_INTEGER)) throw new PabulibImportError(`${what} "${text}" is too large`);
  return Number(whole);
}

function metaInteger(election: PbElection, key: string): number | undefined {
  const text = metaValue(election, key);
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? Math.floor(value) : undefined;
}

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** The ballot a voter filled in, as close as our ballot methods come to the file's `vote_type`. */
export function ballotRulesFromPabulib(election: PbElection, budget: number): BallotRules {
  const voteType = voteTypeOf(election);
  const minLength = metaInteger(election, 'min_length');
  const maxLength = metaInteger(election, 'max_length');
  switch (voteType) {
    case 'choose-1':
      return { method: 'approval', maxProjects: 1 };
    case 'approval': {
      const maxSumCost = metaInteger(election, 'max_sum_cost');
      if (maxSumCost !== undefined) {
        const minSumCost = metaInteger(election, 'min_sum_cost') ?? 0;
        const percent = budget > 0 ? clamp(Math.floor((minSumCost * 100) / budget), 0, 100) : 0;
        return { method: 'knapsack', minSpendPercent: percent };
      }
      return {
        method: 'approval',
        ...optional('minProjects', minLength === undefined ? undefined : clamp(minLength, 0, 1000)),
        ...optional('maxProjects', maxLength === undefined ? undefined : clamp(maxLength, 1, 1000)),
      };
    }
    case 'cumulative': {
      const points = metaInteger(election, 'max_sum_points');
      const maxPoints = metaInteger(election, 'max_points');
      return {
        method: 'cumulative',
        ...optional('points', points === undefined ? undefined : clamp(points, 1, 1000)),
        ...optional('maxPointsPerProject', maxPoints === undefined ? undefined : clamp(maxPoints, 1, 1000)),
      };
    }
    case 'ordinal':
      return {
        method: 'ranked',
        ...optional('maxRanked', maxLength === undefined ? undefined : clamp(maxLength, 1, 100)),
      };
    case 'scoring':
      throw new PabulibImportError(
        'vote_type "scoring" has no ballot method here (approval, choose-1, cumulative, ordinal)',
      );
  }
}

function fromOptions(options: Partial<AllocationOptions>, method: BallotMethod): AllocationRules {
  const base = importDefaults(method);
  return {
    rule: options.rule ?? base.rule,
    utility: options.utility ?? base.utility,
    completion: options.completion ?? base.completion,
    add1Stop: options.add1Stop ?? base.add1Stop,
    increment: options.increment ?? base.increment,
    comparison: options.comparison ?? base.comparison,
    minVotes: options.minVotes ?? base.minVotes,
    ties: options.ties ?? base.ties,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
}

/** pabulib counts every project that got votes and breaks ties by project id. */
function importDefaults(method: BallotMethod): AllocationRules {
  return { ...defaultAllocationRules(method), rule: 'greedy', completion: 'none', minVotes: 0, ties: 'id' };
}

/**
 * The count the file's own `rule` names (`greedy…`, `equalshares`, `equalshares/add1`, their
 * `-comparison` forms, `phragmen`); this platform's exports carry every option under `pb_` keys.
 * Greedy variants we do not offer (thresholds, no-skip) fall back to plain greedy.
 */
export function allocationRulesFromPabulib(election: PbElection, method: BallotMethod): AllocationRules {
  const own = allocationOptionsFromMeta(election);
  if (own !== undefined) return fromOptions(own, method);
  const rule = (metaValue(election, 'rule') ?? '').trim().toLowerCase();
  const base = importDefaults(method);
  if (rule === 'phragmen') return { ...base, rule: 'phragmen' };
  if (rule.startsWith('equalshares')) {
    return {
      ...base,
      rule: 'mes',
      completion: rule.includes('add1') ? 'add1' : 'none',
      comparison: rule.endsWith('-comparison') ? 'greedy' : 'none',
    };
  }
  return base;
}

const CATEGORY_WORDS: [RegExp, ProposalCategory][] = [
  [/green|park|tree|garden/, 'parks'],
  [/environment|climate|ecolog|nature/, 'environment'],
  [/sport|recreation/, 'sport'],
  [/cultur|\barts?\b|librar/, 'culture'],
  [/educat|school/, 'education'],
  [/welfare|health|social|senior/, 'welfare'],
  [/transit|road|street|transport|public space|mobility|traffic/, 'streets'],
  [/safety|security/, 'safety'],
];

function categoryOf(text: string | undefined): ProposalCategory {
  const value = (text ?? '').trim().toLowerCase();
  if ((PROPOSAL_CATEGORIES as readonly string[]).includes(value)) return value as ProposalCategory;
  return CATEGORY_WORDS.find(([pattern]) => pattern.test(value))?.[1] ?? 'other';
}

function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `31.03.2024`, `2024-03-31` or `2024`; undefined when unreadable. */
export function isoDateOf(text: string | undefined): string | undefined {
  const value = (text ?? '').trim();
  let match = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(value);
  const parts: [string, string, string] | undefined =
    match !== null
      ? [match[3] ?? '', match[2] ?? '', match[1] ?? '']
      : (match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value)) !== null
        ? [match[1] ?? '', match[2] ?? '', match[3] ?? '']
        : undefined;
  if (parts === undefined) return undefined;
  const iso = `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function defaultTitle(election: PbElection): string {
  const description = singleLine(metaValue(election, 'description') ?? '');
  const place = [metaValue(election, 'unit'), metaValue(election, 'subunit'), metaValue(election, 'instance')]
    .map((part) => singleLine(part ?? ''))
    .filter((part) => part !== '')
    .join(' ');
  const title = description !== '' ? description : place !== '' ? place : 'Imported election';
  return title.slice(0, MAX_TITLE);
}

/** Everything a cycle needs from a parsed pabulib file; throws when the file cannot be one here. */
export function importPlanFromPabulib(
  election: PbElection,
  titles: { titleJa?: string | undefined; titleEn?: string | undefined } = {},
): ImportPlan {
  const budget = wholeAmount(metaValue(election, 'budget') ?? '', 'META budget');
  const ballot = ballotRulesFromPabulib(election, budget);
  const allocation = allocationRulesFromPabulib(election, ballot.method);
  if (election.projects.length === 0) throw new PabulibImportError('the PROJECTS section lists no project');
  const projects = election.projects.map((project) => ({
    externalId: project.id,
    cost: wholeAmount(project.cost, `cost of project ${project.id}`),
    name: singleLine(project.fields.name ?? '').slice(0, 200) || `Project ${project.id}`,
    category: categoryOf(project.fields.category?.split(',')[0]),
  }));
  const cumulative = ballot.method === 'cumulative';
  const ballots = election.voters.map((voter) => ({
    voterId: voter.id,
    projectIds: voter.ballot,
    points: cumulative ? (voter.points ?? voter.ballot.map(() => 0)) : undefined,
  }));
  const title = defaultTitle(election);
  return {
    titleJa: titles.titleJa ?? title,
    titleEn: titles.titleEn ?? title,
    budget,
    ballot,
    allocation,
    votingEnded: isoDateOf(metaValue(election, 'date_end')),
    projects,
    ballots,
  };
}
