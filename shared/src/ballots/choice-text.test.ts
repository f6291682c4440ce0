import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BallotMethod } from '../cycles/cycles.schema.js';
import { formatChoiceText, parseChoiceText, type ChoiceTextResult, type NumberedProject } from './choice-text.js';
import type { BallotChoice } from './validate-ballot.js';

const METHODS: readonly BallotMethod[] = ['approval', 'knapsack', 'cumulative', 'ranked'];
const SET_METHODS = ['approval', 'knapsack', 'ranked'] as const;

/** Ballot numbers 1..12 on projects with ids id-1..id-12. */
const PROJECTS: NumberedProject[] = Array.from({ length: 12 }, (_, index) => ({
  id: `id-${String(index + 1)}`,
  number: index + 1,
}));

function ids(...numbers: number[]): BallotChoice[] {
  return numbers.map((number) => ({ proposalId: `id-${String(number)}` }));
}

function scored(...entries: [number, number][]): BallotChoice[] {
  return entries.map(([number, points]) => ({ proposalId: `id-${String(number)}`, points }));
}

function refusal(result: ChoiceTextResult): string {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.choices)}`);
  return result.message;
}

/** Writes ASCII digits, colons, commas and semicolons in their full-width forms, spaces as ideographic spaces. */
function fullWidth(text: string): string {
  return text
    .replace(/[0-9:,;]/g, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0))
    .replace(/ /g, '\u3000');
}

describe('parseChoiceText', () => {
  it.each(SET_METHODS)('reads %s ballot numbers separated by spaces', (method) => {
    expect(parseChoiceText('3 7 12', method, PROJECTS)).toEqual({ ok: true, choices: ids(3, 7, 12) });
  });

  it.each([
    ['commas', '3,7,12'],
    ['semicolons', '3;7;12'],
    ['commas and spaces', '3, 7, 12'],
    ['tabs and newlines', '3\t7\n12'],
    ['runs of separators', '  3 ,; 7  ,,12 ; '],
    ['ideographic commas', '3、7、12'],
    ['greater-than signs', '3>7>12'],
    ['spaced greater-than signs', '3 > 7 > 12'],
  ])('accepts numbers separated by %s', (_name, text) => {
    expect(parseChoiceText(text, 'approval', PROJECTS)).toEqual({ ok: true, choices: ids(3, 7, 12) });
  });

  it('keeps a ranked ballot in the order written, best first', () => {
    expect(parseChoiceText('12 > 3 > 7', 'ranked', PROJECTS)).toEqual({ ok: true, choices: ids(12, 3, 7) });
  });

  it('reads cumulative points after a colon', () => {
    expect(parseChoiceText('3:2 7:1', 'cumulative', PROJECTS)).toEqual({
      ok: true,
      choices: scored([3, 2], [7, 1]),
    });
  });

  it('reads full-width digits typed with a Japanese IME', () => {
    expect(parseChoiceText('３ ７ １２', 'approval', PROJECTS)).toEqual({ ok: true, choices: ids(3, 7, 12) });
  });

  it('reads full-width digits, colons, commas and ideographic spaces on cumulative ballots', () => {
    expect(parseChoiceText('３：２，７：１\u3000１２：３', 'cumulative', PROJECTS)).toEqual({
      ok: true,
      choices: scored([3, 2], [7, 1], [12, 3]),
    });
  });

  it.each(METHODS)('refuses an empty %s ballot', (method) => {
    expect(refusal(parseChoiceText('', method, PROJECTS))).toBe('No project numbers given.');
    expect(refusal(parseChoiceText(' ,; \n', method, PROJECTS))).toBe('No project numbers given.');
  });

  it('refuses a number that is not on the ballot, naming it', () => {
    expect(refusal(parseChoiceText('3 13', 'approval', PROJECTS))).toContain('13');
    expect(refusal(parseChoiceText('0', 'approval', PROJECTS))).toContain('0');
  });

  it.each(['3 x', '3 -7', '3 7.5', '3 #7', '3 :2', '3 7:'])('refuses a token that is not a number in "%s"', (text) => {
    const message = refusal(parseChoiceText(text, 'approval', PROJECTS));
    expect(message).toContain('is not a project number');
  });

  it('reminds cumulative ballots of the points notation when a token cannot be read', () => {
    expect(refusal(parseChoiceText('3:2 x', 'cumulative', PROJECTS))).toContain('(3:2)');
    expect(refusal(parseChoiceText('3 x', 'approval', PROJECTS))).not.toContain('(3:2)');
  });

  it('refuses a cumulative choice without points, naming the project', () => {
    const message = refusal(parseChoiceText('3:2 7', 'cumulative', PROJECTS));
    expect(message).toContain('7');
    expect(message).toMatch(/points/i);
  });

  it.each(SET_METHODS)('refuses points on a %s ballot', (method) => {
    const message = refusal(parseChoiceText('3 7:2', method, PROJECTS));
    expect(message).toContain('7:2');
    expect(message).toMatch(/cumulative/i);
  });

  it('refuses numbers of more than four digits', () => {
    const many: NumberedProject[] = [{ id: 'big', number: 12345 }];
    expect(parseChoiceText('12345', 'approval', many).ok).toBe(false);
  });

  it('leaves duplicates for the ballot rules to refuse', () => {
    expect(parseChoiceText('3 3', 'approval', PROJECTS)).toEqual({ ok: true, choices: ids(3, 3) });
  });

  it('matches numbers to projects whatever order the projects are listed in', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(PROJECTS, { minLength: PROJECTS.length, maxLength: PROJECTS.length }),
        (shuffled) => {
          expect(parseChoiceText('12 1 5', 'ranked', shuffled)).toEqual({ ok: true, choices: ids(12, 1, 5) });
        },
      ),
    );
  });
});

describe('formatChoiceText', () => {
  it('writes ballot numbers separated by spaces, in the order given', () => {
    expect(formatChoiceText(ids(12, 3, 7), PROJECTS)).toBe('12 3 7');
  });

  it('writes cumulative points after a colon', () => {
    expect(formatChoiceText(scored([3, 2], [7, 1]), PROJECTS)).toBe('3:2 7:1');
  });

  it('writes a question mark for a project not on the ballot', () => {
    expect(formatChoiceText([{ proposalId: 'nowhere' }, ...ids(4)], PROJECTS)).toBe('? 4');
  });

  it('writes nothing for no choices', () => {
    expect(formatChoiceText([], PROJECTS)).toBe('');
  });
});

/** Projects with distinct ballot numbers of up to four digits, and distinct ids. */
const numberedProjects = fc
  .uniqueArray(fc.integer({ min: 1, max: 9999 }), { minLength: 1, maxLength: 30 })
  .chain((numbers) =>
    fc
      .uniqueArray(fc.uuid(), { minLength: numbers.length, maxLength: numbers.length })
      .map((uuids) => numbers.map((number, index) => ({ id: uuids[index]!, number }))),
  );

/** A ballot in some method over some projects: chosen projects in voting order, points on cumulative ones. */
const ballot = fc.constantFrom(...METHODS).chain((method) =>
  numberedProjects.chain((projects) =>
    fc.shuffledSubarray(projects, { minLength: 1, maxLength: projects.length }).chain((chosen) =>
      fc
        .array(fc.integer({ min: 1, max: 1000 }), { minLength: chosen.length, maxLength: chosen.length })
        .map((points) => ({
          method,
          projects,
          choices: chosen.map((entry, index): BallotChoice =>
            method === 'cumulative' ? { proposalId: entry.id, points: points[index]! } : { proposalId: entry.id },
          ),
        })),
    ),
  ),
);

describe('parseChoiceText and formatChoiceText together', () => {
  it('read back every ballot they write', () => {
    fc.assert(
      fc.property(ballot, ({ method, projects, choices }) => {
        expect(parseChoiceText(formatChoiceText(choices, projects), method, projects)).toEqual({ ok: true, choices });
      }),
    );
  });

  it('read back a ballot written in full-width characters', () => {
    fc.assert(
      fc.property(ballot, ({ method, projects, choices }) => {
        const text = fullWidth(formatChoiceText(choices, projects));
        expect(parseChoiceText(text, method, projects)).toEqual({ ok: true, choices });
      }),
    );
  });

  it('read back a ballot whatever separators staff type between the numbers', () => {
    fc.assert(
      fc.property(
        ballot.chain((drawn) =>
          fc.tuple(
            fc.constant(drawn),
            fc.array(fc.constantFrom(' ', ',', ';', ', ', '\t', '\n', '、', ' > ', '\u3000', ' ; '), {
              minLength: drawn.choices.length + 1,
              maxLength: drawn.choices.length + 1,
            }),
          ),
        ),
        ([{ method, projects, choices }, separators]) => {
          const tokens = formatChoiceText(choices, projects).split(' ');
          const text = separators[0]! + tokens.map((token, index) => token + separators[index + 1]!).join('');
          expect(parseChoiceText(text, method, projects)).toEqual({ ok: true, choices });
        },
      ),
    );
  });

  it('refuses a written ballot that names a number not on the ballot', () => {
    fc.assert(
      fc.property(ballot, fc.integer({ min: 1, max: 9999 }), fc.nat(), ({ method, projects, choices }, extra, at) => {
        fc.pre(!projects.some((entry) => entry.number === extra));
        const tokens = formatChoiceText(choices, projects).split(' ');
        tokens.splice(at % (tokens.length + 1), 0, method === 'cumulative' ? `${extra}:1` : String(extra));
        const message = refusal(parseChoiceText(tokens.join(' '), method, projects));
        expect(message).toContain(String(extra));
      }),
    );
  });
});

describe('refusals name their reason for the reader to word', () => {
  const problem = (result: ReturnType<typeof parseChoiceText>): unknown => (result.ok ? undefined : result.problem);

  it('gives each kind of unreadable choice its reason and figures', () => {
    expect(problem(parseChoiceText(' ', 'approval', PROJECTS))).toEqual({ reason: 'no_numbers' });
    expect(problem(parseChoiceText('3 x', 'approval', PROJECTS))).toEqual({ reason: 'not_a_number', token: 'x' });
    expect(problem(parseChoiceText('3 １３', 'approval', PROJECTS))).toEqual({ reason: 'unknown_number', number: 13 });
    expect(problem(parseChoiceText('3:2 7', 'cumulative', PROJECTS))).toEqual({ reason: 'points_missing', number: 7 });
    expect(problem(parseChoiceText('3:2', 'approval', PROJECTS))).toEqual({
      reason: 'points_not_allowed',
      token: '3:2',
    });
  });
});
