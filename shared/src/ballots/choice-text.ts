import type { BallotMethod } from '../cycles/cycles.schema.js';
import type { BallotChoice } from './validate-ballot.js';

export interface NumberedProject {
  id: string;
  number: number;
}

/** Why typed choices could not be read, with what a reader needs to word it in their language. */
export type ChoiceTextProblem =
  | { reason: 'no_numbers' }
  | { reason: 'not_a_number'; token: string }
  | { reason: 'unknown_number'; number: number }
  | { reason: 'points_missing'; number: number }
  | { reason: 'points_not_allowed'; token: string };

export type ChoiceTextResult =
  { ok: true; choices: BallotChoice[] } | { ok: false; problem: ChoiceTextProblem; message: string };

function refused(problem: ChoiceTextProblem, message: string): ChoiceTextResult {
  return { ok: false, problem, message };
}

/**
 * Reads a paper ballot as staff type it: ballot numbers separated by spaces, commas or
 * semicolons ("3 7 12"); cumulative ballots give points after a colon ("3:2 7:1"); ranked
 * ballots list the numbers best first. Full-width digits (typed with a Japanese IME) count.
 */
export function parseChoiceText(
  text: string,
  method: BallotMethod,
  projects: readonly NumberedProject[],
): ChoiceTextResult {
  const byNumber = new Map(projects.map((project) => [project.number, project.id]));
  const tokens = text
    .normalize('NFKC')
    .split(/[\s,;、>]+/)
    .filter((token) => token.length > 0);
  if (tokens.length === 0) return refused({ reason: 'no_numbers' }, 'No project numbers given.');
  const choices: BallotChoice[] = [];
  for (const token of tokens) {
    const match = /^(\d{1,4})(?::(\d{1,4}))?$/.exec(token);
    if (match === null)
      return refused(
        { reason: 'not_a_number', token },
        `"${token}" is not a project number${method === 'cumulative' ? ' with points (3:2)' : ''}.`,
      );
    const number = Number(match[1]);
    const proposalId = byNumber.get(number);
    if (proposalId === undefined)
      return refused({ reason: 'unknown_number', number }, `No project number ${number} on this ballot.`);
    if (method === 'cumulative') {
      if (match[2] === undefined)
        return refused({ reason: 'points_missing', number }, `Give the points for project ${number} (${number}:2).`);
      choices.push({ proposalId, points: Number(match[2]) });
    } else {
      if (match[2] !== undefined)
        return refused({ reason: 'points_not_allowed', token }, `Only cumulative ballots give points ("${token}").`);
      choices.push({ proposalId });
    }
  }
  return { ok: true, choices };
}

/** The inverse, for showing a stored ballot in the same notation. */
export function formatChoiceText(choices: readonly BallotChoice[], projects: readonly NumberedProject[]): string {
  const numbers = new Map(projects.map((project) => [project.id, project.number]));
  return choices
    .map((choice) => {
      const number = numbers.get(choice.proposalId) ?? '?';
      return choice.points === undefined ? String(number) : `${number}:${choice.points}`;
    })
    .join(' ');
}
