import { PHASES, phaseIndex, type Cycle, type Phase, type PlannedPhaseMove } from '@pb/shared';

/** The phases residents follow; drafts are staff work and closing is an archive step. */
export const PUBLIC_PHASES: readonly Phase[] = PHASES.filter((phase) => phase !== 'draft' && phase !== 'closed');

export type StepState = 'done' | 'current' | 'upcoming';

export interface PhaseDate {
  phase: Phase;
  state: StepState;
  /** When the phase began (history) or is planned to begin (schedule); undefined when unknown. */
  startsAt: string | undefined;
  planned: boolean;
}

/** Each public phase with its start date: the last time the cycle entered it, or its planned move. */
export function phaseDates(cycle: Pick<Cycle, 'phase' | 'history' | 'plannedMoves'>): PhaseDate[] {
  const current = phaseIndex(cycle.phase);
  return PUBLIC_PHASES.map((phase) => {
    const index = phaseIndex(phase);
    const state: StepState = index < current ? 'done' : index === current ? 'current' : 'upcoming';
    if (state === 'upcoming') {
      const move = cycle.plannedMoves.find((entry) => entry.to === phase);
      return { phase, state, startsAt: move?.at, planned: move !== undefined };
    }
    const entered = [...cycle.history].reverse().find((event) => event.to === phase);
    return { phase, state, startsAt: entered?.at, planned: false };
  });
}

/** The planned move that ends the current phase, if one is set. */
export function nextDeadline(cycle: Pick<Cycle, 'phase' | 'plannedMoves'>): PlannedPhaseMove | undefined {
  const next = PHASES[phaseIndex(cycle.phase) + 1];
  return cycle.plannedMoves.find((move) => move.to === next);
}

export type Countdown = { kind: 'today' } | { kind: 'days'; days: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long until `at`, in whole days ("in 3 days" means at least three full days are left);
 * "today" under 24 hours; undefined once the moment has passed.
 */
export function countdown(at: string, now: Date): Countdown | undefined {
  const left = Date.parse(at) - now.getTime();
  if (Number.isNaN(left) || left <= 0) return undefined;
  if (left < DAY_MS) return { kind: 'today' };
  return { kind: 'days', days: Math.floor(left / DAY_MS) };
}

/** A day as residents read it, in the city's time zone. */
export function formatDay(iso: string, locale: string | null | undefined, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(locale ?? undefined, {
    dateStyle: 'long',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(new Date(iso));
}
