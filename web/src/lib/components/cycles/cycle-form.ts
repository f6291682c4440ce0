import {
  BALLOT_METHOD_FIELDS,
  BALLOT_RULE_FIELDS,
  defaultAllocationRules,
  type AllocationRules,
  type BallotRuleField,
  type BallotMethod,
  type BallotRules,
  type CreateCycleBody,
  type Cycle,
  type District,
  type Phase,
} from '@pb/shared';
import { ApiError } from '../../api/client.js';
import { moneyInputValue, parseMoney } from '../../money.js';
import { checkRequired, numberText, problemWith, readInteger, type Check } from '../../validation.js';

/** One district of the city in the form: whether it takes part, and its budget as typed. */
export interface BudgetRow {
  districtId: string;
  included: boolean;
  amount: string;
}

/** The set-up form as typed: numbers stay text until sent, so a half-typed value is not lost. */
export interface CycleFormValues {
  titleJa: string;
  titleEn: string;
  descriptionJa: string;
  descriptionEn: string;
  budgets: BudgetRow[];
  method: BallotMethod;
  minProjects: string;
  maxProjects: string;
  minSpendPercent: string;
  points: string;
  maxPointsPerProject: string;
  maxRanked: string;
  rule: AllocationRules['rule'];
  utility: AllocationRules['utility'];
  completion: AllocationRules['completion'];
  add1Stop: AllocationRules['add1Stop'];
  increment: string;
  comparison: AllocationRules['comparison'];
  minVotes: string;
  ties: AllocationRules['ties'];
  seed: string;
  requiresVerification: boolean;
  minimumAge: string;
  proposalQuota: string;
  commentPhases: Phase[];
  flagThreshold: string;
  supportsEnabled: boolean;
  supportThreshold: string;
}

const BALLOT_FIELDS = BALLOT_RULE_FIELDS;

/** The ballot fields each method uses; the others are neither shown nor sent. */
export const METHOD_FIELDS = BALLOT_METHOD_FIELDS;

const ALLOCATION_FIELDS = [
  'rule',
  'utility',
  'completion',
  'add1Stop',
  'increment',
  'comparison',
  'minVotes',
  'ties',
  'seed',
] as const;

export type CycleField =
  | 'titleJa'
  | 'titleEn'
  | 'descriptionJa'
  | 'descriptionEn'
  | 'districts'
  | `budget-${string}`
  | 'method'
  | BallotRuleField
  | (typeof ALLOCATION_FIELDS)[number]
  | 'minimumAge'
  | 'proposalQuota'
  | 'flagThreshold'
  | 'supportThreshold';

/** Utilities that need points or ranks are offered only for ballots that have them. */
export function allowedUtilities(method: BallotMethod): AllocationRules['utility'][] {
  return method === 'cumulative' || method === 'ranked'
    ? ['points-cost', 'points', 'cost', 'cardinality']
    : ['cost', 'cardinality'];
}

export function usesAdd1(completion: AllocationRules['completion']): boolean {
  return completion === 'add1' || completion === 'add1-greedy';
}

function text(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

/** The form for a new cycle (every active district offered, none chosen) or for `cycle` as it is. */
export function initialValues(
  cycle: Cycle | undefined,
  districts: readonly District[],
  digits: number,
): CycleFormValues {
  const budgets = new Map(cycle?.districts.map((entry) => [entry.districtId, entry.budget]));
  const rows = districts
    .filter((district) => !district.retired || budgets.has(district.id))
    .map((district) => {
      const budget = budgets.get(district.id);
      return {
        districtId: district.id,
        included: budget !== undefined,
        amount: budget === undefined ? '' : moneyInputValue(budget, digits),
      };
    });
  const ballot: BallotRules = cycle?.ballot ?? { method: 'approval' };
  const allocation = cycle?.allocation ?? defaultAllocationRules(ballot.method);
  return {
    titleJa: cycle?.titleJa ?? '',
    titleEn: cycle?.titleEn ?? '',
    descriptionJa: cycle?.descriptionJa ?? '',
    descriptionEn: cycle?.descriptionEn ?? '',
    budgets: rows,
    method: ballot.method,
    minProjects: text(ballot.minProjects),
    maxProjects: text(ballot.maxProjects),
    minSpendPercent: text(ballot.minSpendPercent),
    // Sensible starting points should staff switch to these methods; sent only for their method.
    points: text(ballot.points ?? 10),
    maxPointsPerProject: text(ballot.maxPointsPerProject),
    maxRanked: text(ballot.maxRanked ?? 5),
    rule: allocation.rule,
    utility: allocation.utility,
    completion: allocation.completion,
    add1Stop: allocation.add1Stop,
    increment: allocation.increment,
    comparison: allocation.comparison,
    minVotes: String(allocation.minVotes),
    ties: allocation.ties,
    seed: text(allocation.seed),
    requiresVerification: cycle?.requiresVerification ?? true,
    minimumAge: cycle?.minimumAge === null || cycle === undefined ? '' : String(cycle.minimumAge),
    proposalQuota: String(cycle?.proposalQuota ?? 3),
    commentPhases: [...(cycle?.commentPhases ?? ['submission', 'review'])],
    flagThreshold: String(cycle?.flagThreshold ?? 3),
    supportsEnabled: cycle?.supportsEnabled ?? false,
    supportThreshold: cycle?.supportThreshold === null || cycle === undefined ? '' : String(cycle.supportThreshold),
  };
}

/**
 * Switching the ballot method follows the product default utility unless staff chose another one
 * that the new ballots can still carry.
 */
export function withMethod(values: CycleFormValues, method: BallotMethod): Partial<CycleFormValues> {
  const keep =
    allowedUtilities(method).includes(values.utility) &&
    values.utility !== defaultAllocationRules(values.method).utility;
  return keep ? { method } : { method, utility: defaultAllocationRules(method).utility };
}

const SEED_MAX = 2 ** 31 - 1;
const INCREMENT = /^[0-9]+(\.[0-9]+)?$/;

function checkMaxLength(value: string, max: number): Check {
  return value.length > max ? problemWith('validation.tooLong', { max }) : undefined;
}

/** Every check the browser can make before sending, tied to its field. */
export function checkCycleForm(values: CycleFormValues, digits: number): [CycleField, Check][] {
  const checks: [CycleField, Check][] = [
    ['titleJa', checkRequired(values.titleJa) ?? checkMaxLength(values.titleJa.trim(), 200)],
    ['titleEn', checkRequired(values.titleEn) ?? checkMaxLength(values.titleEn.trim(), 200)],
    ['descriptionJa', checkMaxLength(values.descriptionJa, 20_000)],
    ['descriptionEn', checkMaxLength(values.descriptionEn, 20_000)],
    ['districts', values.budgets.some((row) => row.included) ? undefined : 'cycleForm.districtsRequired'],
  ];
  for (const row of values.budgets.filter((entry) => entry.included)) {
    const problem =
      numberText(row.amount) === ''
        ? 'validation.required'
        : parseMoney(row.amount, digits) === undefined
          ? 'validation.moneyInvalid'
          : undefined;
    checks.push([`budget-${row.districtId}`, problem]);
  }
  const used = new Set(METHOD_FIELDS[values.method]);
  const ranges: Record<BallotRuleField, [number, number, boolean]> = {
    minProjects: [0, 1000, false],
    maxProjects: [1, 1000, false],
    minSpendPercent: [0, 100, false],
    points: [1, 1000, true],
    maxPointsPerProject: [1, 1000, false],
    maxRanked: [1, 100, true],
  };
  const numbers: Partial<Record<BallotRuleField, number>> = {};
  for (const field of BALLOT_FIELDS.filter((name) => used.has(name))) {
    const [min, max, required] = ranges[field];
    const read = readInteger(values[field], min, max, required);
    numbers[field] = read.value;
    checks.push([field, read.problem]);
  }
  const { minProjects, maxProjects, points, maxPointsPerProject } = numbers;
  if (minProjects !== undefined && maxProjects !== undefined && minProjects > maxProjects) {
    checks.push(['minProjects', 'cycleForm.minAboveMax']);
  }
  if (points !== undefined && maxPointsPerProject !== undefined && maxPointsPerProject > points) {
    checks.push(['maxPointsPerProject', 'cycleForm.perProjectAbovePoints']);
  }
  if (values.rule === 'mes' && usesAdd1(values.completion)) {
    const increment = numberText(values.increment);
    checks.push([
      'increment',
      INCREMENT.test(increment) && Number(increment) > 0 ? undefined : 'cycleForm.incrementInvalid',
    ]);
  }
  checks.push(['minVotes', readInteger(values.minVotes, 0, 1_000_000, true).problem]);
  if (values.ties === 'lottery') checks.push(['seed', readInteger(values.seed, 0, SEED_MAX, true).problem]);
  checks.push(['minimumAge', readInteger(values.minimumAge, 0, 120, false).problem]);
  checks.push(['proposalQuota', readInteger(values.proposalQuota, 1, 100, true).problem]);
  checks.push(['flagThreshold', readInteger(values.flagThreshold, 1, 1000, true).problem]);
  if (values.supportsEnabled) {
    checks.push(['supportThreshold', readInteger(values.supportThreshold, 1, 1_000_000, false).problem]);
  }
  return checks;
}

function optionalNumber(value: string): number | undefined {
  return numberText(value) === '' ? undefined : Number(numberText(value));
}

/** The settings to send (after {@link checkCycleForm} passed): only the chosen method's fields and rule's options. */
export function toCycleSettings(
  values: CycleFormValues,
  digits: number,
): Required<Omit<CreateCycleBody, 'allocation'>> & {
  allocation: AllocationRules;
} {
  const ballot: BallotRules = { method: values.method };
  for (const field of METHOD_FIELDS[values.method]) {
    const value = optionalNumber(values[field]);
    if (value !== undefined) ballot[field] = value;
  }
  const mes = values.rule === 'mes';
  const allocation: AllocationRules = {
    rule: values.rule,
    utility: mes ? values.utility : defaultAllocationRules(values.method).utility,
    completion: mes ? values.completion : 'none',
    add1Stop: values.add1Stop,
    increment: mes && usesAdd1(values.completion) ? numberText(values.increment) : '1',
    comparison: mes ? values.comparison : 'none',
    minVotes: Number(numberText(values.minVotes)),
    ties: values.ties,
    ...(values.ties === 'lottery' ? { seed: Number(numberText(values.seed)) } : {}),
  };
  return {
    titleJa: values.titleJa.trim(),
    titleEn: values.titleEn.trim(),
    descriptionJa: values.descriptionJa,
    descriptionEn: values.descriptionEn,
    ballot,
    allocation,
    requiresVerification: values.requiresVerification,
    minimumAge: optionalNumber(values.minimumAge) ?? null,
    proposalQuota: Number(numberText(values.proposalQuota)),
    commentPhases: values.commentPhases,
    flagThreshold: Number(numberText(values.flagThreshold)),
    supportsEnabled: values.supportsEnabled,
    // A threshold means nothing without supports; it is kept only while they are on.
    supportThreshold: values.supportsEnabled ? (optionalNumber(values.supportThreshold) ?? null) : null,
    districts: values.budgets
      .filter((row) => row.included)
      .map((row) => ({ districtId: row.districtId, budget: parseMoney(row.amount, digits) ?? 0 })),
  };
}

const FIELD_NAMES: ReadonlySet<string> = new Set<string>([...BALLOT_FIELDS, ...ALLOCATION_FIELDS]);

/**
 * The field a `cycles.invalid_rules` refusal concerns, read from the server's message
 * ("ballot.minProjects must not exceed ballot.maxProjects" → minProjects); a district refusal
 * concerns the district list.
 */
export function fieldOfRefusal(error: unknown): CycleField | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'cycles.unknown_district') return 'districts';
  if (error.code !== 'cycles.invalid_rules') return undefined;
  const match = /\b(ballot|allocation)\.([a-zA-Z]+)/.exec(error.message);
  if (match === null) return 'method';
  const [, group, name = ''] = match;
  if (FIELD_NAMES.has(name)) return name as CycleField;
  return group === 'ballot' ? 'method' : 'rule';
}
