import type { AllocationRules, DistrictResult, ProjectResult } from '@pb/shared';

/** A message key and its values, for `$_(key, { values })`. */
export interface Message {
  key: string;
  values: Record<string, string | number>;
}

type Money = (amount: number) => string;

/**
 * Why a project was funded or not, in plain words: the message for its explanation, with amounts
 * formatted by `money`. Figures the count did not record fall back to a shorter sentence.
 */
export function explanationMessage(project: ProjectResult, money: Money): Message {
  const explanation = project.explanation;
  const { round, rank, remainingBefore, payments } = explanation;
  switch (explanation.reason) {
    case 'selected':
      switch (explanation.stage) {
        case 'mes':
          if (round !== undefined && payments !== undefined)
            return {
              key: payments.paidAllTheyHad > 0 ? 'results.explain.mesBoughtSomeAll' : 'results.explain.mesBought',
              values: {
                round,
                supporters: payments.supporters,
                max: money(payments.maxPerVoter),
                all: payments.paidAllTheyHad,
              },
            };
          return { key: 'results.explain.mesBoughtPlain', values: {} };
        case 'completion':
          if (remainingBefore !== undefined)
            return { key: 'results.explain.completion', values: { remaining: money(remainingBefore) } };
          return { key: 'results.explain.completionPlain', values: {} };
        case 'greedy':
          if (rank !== undefined && remainingBefore !== undefined)
            return { key: 'results.explain.greedyFitted', values: { rank, remaining: money(remainingBefore) } };
          return { key: 'results.explain.greedyFittedPlain', values: {} };
        case 'phragmen':
          return round === undefined
            ? { key: 'results.explain.phragmenPlain', values: {} }
            : { key: 'results.explain.phragmen', values: { round } };
        case 'free':
          return { key: 'results.explain.free', values: {} };
        default:
          return { key: 'results.explain.selected', values: {} };
      }
    case 'did_not_fit':
      if (rank !== undefined && remainingBefore !== undefined)
        return { key: 'results.explain.greedyDidNotFit', values: { rank, remaining: money(remainingBefore) } };
      if (remainingBefore !== undefined)
        return { key: 'results.explain.didNotFitLeft', values: { remaining: money(remainingBefore) } };
      return { key: 'results.explain.didNotFit', values: {} };
    case 'not_affordable': {
      const inRound = explanation.unaffordableInRound ?? round;
      if (inRound !== undefined && explanation.supportersMoney !== undefined)
        return {
          key: 'results.explain.notAffordable',
          values: { money: money(explanation.supportersMoney), round: inRound },
        };
      return { key: 'results.explain.notAffordablePlain', values: {} };
    }
    case 'exceeds_budget':
      return { key: 'results.explain.exceedsBudget', values: {} };
    case 'below_threshold':
      return { key: 'results.explain.belowThreshold', values: {} };
    case 'below_min_votes':
      return { key: 'results.explain.belowMinVotes', values: {} };
    case 'stopped_no_skip':
      return { key: 'results.explain.stoppedNoSkip', values: {} };
    case 'no_supporters':
      return { key: 'results.explain.noSupporters', values: {} };
    case 'phragmen_stopped':
      return { key: 'results.explain.phragmenStopped', values: {} };
  }
}

/** The funded projects in the order they were funded (the server sends them first, in that order). */
export function fundedProjects(district: DistrictResult): ProjectResult[] {
  return district.projects.filter((project) => project.selected);
}

export function greedyProjects(district: DistrictResult): ProjectResult[] {
  return district.projects.filter((project) => project.selectedByGreedy);
}

/** Whether greedy-by-votes would have funded exactly the same projects. */
export function sameAsGreedy(district: DistrictResult): boolean {
  return district.projects.every((project) => project.selected === project.selectedByGreedy);
}

/** Share of the budget spent, in whole percent (0 for an empty budget). */
export function usedPercent(used: number, budget: number): number {
  return budget <= 0 ? 0 : Math.round((used / budget) * 100);
}

/** Message keys naming the rule and each option in plain words. */
export function ruleMessages(rules: AllocationRules): Message[] {
  const messages: Message[] = [{ key: `results.rules.rule.${rules.rule}`, values: {} }];
  if (rules.rule === 'mes') {
    messages.push({ key: `results.rules.utility.${rules.utility}`, values: {} });
    messages.push({ key: `results.rules.completion.${rules.completion}`, values: {} });
  }
  if (rules.comparison === 'greedy') messages.push({ key: 'results.rules.comparisonGreedy', values: {} });
  messages.push({ key: 'results.rules.minVotes', values: { count: rules.minVotes } });
  messages.push({ key: `results.rules.ties.${rules.ties}`, values: {} });
  return messages;
}

export interface ChartBar {
  title: string;
  votes: number;
  cost: number;
  /** Bar lengths as fractions (0–1) of the largest votes and the largest cost. */
  votesShare: number;
  costShare: number;
  selected: boolean;
}

/** Bars for the votes-and-cost chart: each figure relative to the largest of its kind. */
export function chartBars(projects: readonly ProjectResult[]): ChartBar[] {
  const maxVotes = Math.max(0, ...projects.map((project) => project.votes));
  const maxCost = Math.max(0, ...projects.map((project) => project.cost));
  return projects.map((project) => ({
    title: project.title,
    votes: project.votes,
    cost: project.cost,
    votesShare: maxVotes === 0 ? 0 : project.votes / maxVotes,
    costShare: maxCost === 0 ? 0 : project.cost / maxCost,
    selected: project.selected,
  }));
}

/** Result phases in which the page is worth offering to `roles` (the server decides in the end). */
export function resultsVisible(phase: string, staffOrAuditor: boolean): boolean {
  if (phase === 'published' || phase === 'closed') return true;
  return phase === 'tallying' && staffOrAuditor;
}
