import type { AllocationOptions } from './allocation.types.js';

/**
 * How each rule key of pabulib reference outcomes (`reference-outcomes.json`, computed with
 * pabutools) maps to our options. `threshold: 'meta'` means the file's min_project_score_threshold.
 * Keys absent here are tie-sensitivity checks or cost-effectiveness greedy variants we do not offer.
 */
export const REFERENCE_KEYS: Record<string, Partial<Omit<AllocationOptions, 'threshold'>> & { threshold?: 'meta' }> = {
  greedy_cost: { rule: 'greedy' },
  greedy_points: { rule: 'greedy' },
  city_greedy_threshold: { rule: 'greedy', threshold: 'meta' },
  city_greedy_no_skip: { rule: 'greedy', noSkip: true, threshold: 'meta' },
  mes_cost: { rule: 'mes', utility: 'cost' },
  mes_cardinality: { rule: 'mes', utility: 'cardinality' },
  mes_points: { rule: 'mes', utility: 'points' },
  mes_points_cost: { rule: 'mes', utility: 'points-cost' },
  mes_cost_then_greedy: { rule: 'mes', utility: 'cost', completion: 'greedy' },
  mes_cost_add1: { rule: 'mes', utility: 'cost', completion: 'add1' },
  mes_points_cost_add1: { rule: 'mes', utility: 'points-cost', completion: 'add1' },
  mes_cost_add1_then_greedy: { rule: 'mes', utility: 'cost', completion: 'add1-greedy' },
  mes_points_cost_add1_then_greedy: { rule: 'mes', utility: 'points-cost', completion: 'add1-greedy' },
  mes_cost_add1_no_exhaustive_stop: { rule: 'mes', utility: 'cost', completion: 'add1', add1Stop: 'overspend' },
  mes_cost_add1_no_exhaustive_stop_then_greedy: {
    rule: 'mes',
    utility: 'cost',
    completion: 'add1-greedy',
    add1Stop: 'overspend',
  },
  mes_cost_add1_comparison_vs_greedy: { rule: 'mes', utility: 'cost', completion: 'add1', comparison: 'greedy' },
  mes_cost_add1_then_greedy_comparison_vs_greedy: {
    rule: 'mes',
    utility: 'cost',
    completion: 'add1-greedy',
    comparison: 'greedy',
  },
  mes_cost_add1_no_exhaustive_stop_comparison_vs_greedy: {
    rule: 'mes',
    utility: 'cost',
    completion: 'add1',
    add1Stop: 'overspend',
    comparison: 'greedy',
  },
  mes_cost_add1_es_ties: { rule: 'mes', utility: 'cost', completion: 'add1', ties: 'cost-votes-id' },
  mes_cost_add1_es_ties_numeric_ids: { rule: 'mes', utility: 'cost', completion: 'add1', ties: 'cost-votes-id' },
  phragmen: { rule: 'phragmen' },
  phragmen_on_approval_projection: { rule: 'phragmen' },
};
