import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { assertVisible, type Disclosure } from './results.visibility.js';

type Outcome = 'shown' | 403 | 409;

function outcome(phase: string, roles: string[], what: Disclosure): Outcome {
  try {
    assertVisible(phase, roles, what);
    return 'shown';
  } catch (error) {
    if (error instanceof AppError && (error.statusCode === 403 || error.statusCode === 409)) return error.statusCode;
    throw error;
  }
}

const CALLERS: Record<string, string[]> = {
  anonymous: [],
  resident: ['resident'],
  staff: ['staff'],
  auditor: ['auditor'],
};

/** DESIGN.md: "Ballot secrecy and verifiability", the table of who sees what in which phase. */
const TABLE: Record<string, Record<Disclosure, string[]>> = {
  voting: { results: [], bulletin: [], exports: [], statistics: ['staff', 'auditor'] },
  tallying: {
    results: ['staff', 'auditor'],
    bulletin: ['auditor'],
    exports: ['auditor'],
    statistics: ['staff', 'auditor'],
  },
  published: { results: ['*'], bulletin: ['*'], exports: ['*'], statistics: ['*'] },
  closed: { results: ['*'], bulletin: ['*'], exports: ['*'], statistics: ['*'] },
};

describe("the design's disclosure table", () => {
  for (const [phase, row] of Object.entries(TABLE)) {
    for (const [what, allowed] of Object.entries(row) as [Disclosure, string[]][]) {
      it(`${what} in ${phase}: ${allowed.length === 0 ? 'nobody' : allowed.join(', ')}`, () => {
        for (const [caller, roles] of Object.entries(CALLERS)) {
          const expected: Outcome =
            allowed.includes('*') || allowed.includes(caller) ? 'shown' : allowed.length === 0 ? 409 : 403;
          expect({ caller, outcome: outcome(phase, roles, what) }).toEqual({ caller, outcome: expected });
        }
      });
    }
  }

  it('nothing is disclosed before voting, to anyone', () => {
    for (const phase of ['submission', 'review'])
      for (const what of ['results', 'bulletin', 'exports', 'statistics'] as const)
        expect(outcome(phase, ['staff', 'auditor'], what)).toBe(409);
  });
});
