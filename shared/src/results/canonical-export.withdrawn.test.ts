import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../allocation/allocate.js';
import { electionFromPabulib } from '../allocation/election.js';
import { defaultAllocationRules, type AllocationRules } from '../cycles/cycles.schema.js';
import { allocationOptionsFromMeta, canonicalElection, WITHDRAWN_COST_SENTINEL } from './canonical-export.js';
import {
  column,
  directCount,
  electionArb,
  fileCount,
  input,
  project,
  projectId,
  roundTrip,
} from './canonical-export.fixtures.js';
describe('PROJECTS: withdrawn projects, votes, score and selected', () => {
  it('a withdrawn project keeps its row, with withdrawn 1 and the 999999999 cost', () => {
    const election = roundTrip(
      canonicalElection(input({ budget: 1000, projects: [project('A', 100), project('W', 50, true)] })),
    );
    expect(election.projects.map((row) => row.id)).toEqual(['A', 'W']);
    expect(election.projects[1]?.cost).toBe(String(WITHDRAWN_COST_SENTINEL));
    expect(WITHDRAWN_COST_SENTINEL).toBe(999_999_999);
    expect(column(election, 'W', 'withdrawn')).toBe('1');
    expect(column(election, 'A', 'withdrawn')).toBe('0');
    expect(election.projects[0]?.cost).toBe('100');
    expect(column(election, 'W', 'name')).toBe('Project W');
  });

  it('a withdrawn project costs budget + 1 when the budget reaches the sentinel', () => {
    const cost = (budget: number) =>
      canonicalElection(input({ budget, projects: [project('W', 5, true)] })).projects[0]?.cost;
    expect(cost(999_999_998)).toBe('999999999');
    expect(cost(999_999_999)).toBe('1000000000');
    expect(cost(2_000_000_000)).toBe('2000000001');
    expect(cost(9_000_000_000_000)).toBe('9000000000001');
  });

  it('a withdrawn project always costs more than the budget', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_000_000_000_000 }), (budget) => {
        const election = canonicalElection(input({ budget, projects: [project('W', 5, true)] }));
        expect(BigInt(election.projects[0]?.cost ?? '0') > BigInt(budget)).toBe(true);
      }),
    );
  });

  it('no rule ever selects a withdrawn project from the file, even one that ballots cast before its withdrawal name', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const withdrawn = new Set(source.projects.filter((entry) => entry.withdrawn).map((entry) => entry.id));
        for (const id of fileCount(source)) expect(withdrawn.has(id)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('ballots naming a withdrawn project recount as if it had never been on them (a ranking closes up)', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const counted = source;
        const allocation: AllocationRules =
          counted.allocation.ties === 'lottery' ? { ...counted.allocation, ties: 'id' } : counted.allocation;
        const withdrawn = new Set(counted.projects.filter((entry) => entry.withdrawn).map((entry) => entry.id));
        const cleaned = {
          ...counted,
          allocation,
          ballots: counted.ballots.map((ballot) => ({
            ...ballot,
            choices: ballot.choices.filter((choice) => !withdrawn.has(choice.projectId)),
          })),
        };
        expect(fileCount({ ...counted, allocation })).toEqual(directCount(cleaned));
      }),
      { numRuns: 200 },
    );
  });

  // Withdrawals can happen during voting (the casting statement re-checks them), so counted
  // ballots may name a withdrawn project. Its sentinel cost keeps greedy away, but MES with
  // Add1 stopping at overspend keeps raising the voters' budgets towards 999999999 and gives up.
  it.each(['exhaustive', 'overspend'] as const)(
    'MES with Add1 (%s) counts a file whose ballots name a withdrawn project, without selecting it',
    (add1Stop) => {
      const source = input({
        budget: 100,
        allocation: { ...defaultAllocationRules('approval'), add1Stop },
        projects: [project('A', 40), project('W', 40, true)],
        ballots: [
          { voterId: 'v1', choices: [{ projectId: 'A' }, { projectId: 'W' }] },
          { voterId: 'v2', choices: [{ projectId: 'W' }] },
        ],
      });
      expect(() => fileCount(source)).not.toThrow();
      expect(fileCount(source)).toEqual(['A']);
    },
  );

  it('no rule selects a withdrawn project even with a budget above the sentinel', () => {
    for (const rule of ['greedy', 'mes', 'phragmen'] as const) {
      for (const completion of ['none', 'greedy', 'add1', 'add1-greedy'] as const) {
        const source = input({
          budget: 2_000_000_000,
          allocation: { ...defaultAllocationRules('approval'), rule, completion, minVotes: 0 },
          projects: [project('A', 10), project('W', 5, true)],
          ballots: [
            { voterId: 'v1', choices: [{ projectId: 'W' }, { projectId: 'A' }] },
            { voterId: 'v2', choices: [{ projectId: 'W' }] },
          ],
        });
        const selected = fileCount(source);
        expect(selected, `${rule}/${completion}`).not.toContain('W');
        expect(selected, `${rule}/${completion}`).toContain('A');
      }
    }
  });

  it('with withdrawn projects (no votes for them), the recount still matches the direct count', () => {
    fc.assert(
      fc.property(
        electionArb({ withdrawn: false }).chain((source) =>
          fc
            .uniqueArray(projectId, { maxLength: 3 })
            .map((extra) => extra.filter((id) => !source.projects.some((entry) => entry.id === id)))
            .map((extra) => ({
              ...source,
              // Not a lottery: its draw is over every listed project, withdrawn ones included.
              allocation:
                source.allocation.ties === 'lottery'
                  ? { ...source.allocation, ties: 'id' as const }
                  : source.allocation,
              projects: [...source.projects, ...extra.map((id) => project(id, 1, true))],
            })),
        ),
        (source) => {
          expect(fileCount(source)).toEqual(directCount(source));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('votes counts the ballots naming each project; score sums points (cumulative) or length − position (ranked); withdrawn projects leave the ballots first', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const election = roundTrip(canonicalElection(source));
        const method = source.ballot.method;
        const scored = method === 'cumulative' || method === 'ranked';
        expect(election.projectColumns.includes('score')).toBe(scored);
        const withdrawn = new Set(source.projects.filter((entry) => entry.withdrawn).map((entry) => entry.id));
        const counted = source.ballots.map((ballot) => ({
          choices: ballot.choices.filter((choice) => !withdrawn.has(choice.projectId)),
        }));
        for (const voter of election.voters) expect(voter.ballot.some((id) => withdrawn.has(id))).toBe(false);
        for (const entry of source.projects) {
          let votes = 0;
          let score = 0;
          for (const ballot of counted) {
            const position = ballot.choices.findIndex((choice) => choice.projectId === entry.id);
            if (position < 0) continue;
            votes += 1;
            score +=
              method === 'cumulative' ? (ballot.choices[position]?.points ?? 0) : ballot.choices.length - position;
          }
          expect(column(election, entry.id, 'votes')).toBe(String(votes));
          if (scored) expect(column(election, entry.id, 'score')).toBe(String(score));
        }
      }),
    );
  });

  it('votes and score agree with what the engine tallies from the file', () => {
    fc.assert(
      fc.property(electionArb(), (source) => {
        const parsed = roundTrip(canonicalElection(source));
        const tallied = electionFromPabulib(parsed);
        parsed.projects.forEach((row, index) => {
          expect(row.fields.votes).toBe(String(tallied.votes[index]));
          if (row.fields.score !== undefined) expect(row.fields.score).toBe(String(tallied.scores[index]));
        });
      }),
    );
  });

  it('worked example: ranked ballots give the first of a k-long ranking k points', () => {
    const election = canonicalElection(
      input({
        ballot: { method: 'ranked' },
        ballots: [
          { voterId: 'v1', choices: [{ projectId: 'B' }, { projectId: 'A' }, { projectId: 'C' }] },
          { voterId: 'v2', choices: [{ projectId: 'A' }] },
        ],
      }),
    );
    expect(election.projectColumns).toEqual(['project_id', 'cost', 'votes', 'score', 'name', 'category', 'withdrawn']);
    expect(election.projects.map((row) => [row.id, row.fields.votes, row.fields.score])).toEqual([
      ['A', '2', '3'],
      ['B', '1', '3'],
      ['C', '1', '1'],
    ]);
    expect(election.voters[0]?.points).toBeUndefined();
  });

  it('the selected column appears only when selected is given, 1 for funded and 0 otherwise', () => {
    const projects = [project('A'), project('B'), project('W', 5, true)];
    const without = roundTrip(canonicalElection(input({ projects })));
    expect(without.projectColumns).not.toContain('selected');
    expect(without.projectColumns).toEqual(['project_id', 'cost', 'votes', 'name', 'category', 'withdrawn']);
    const withColumn = roundTrip(canonicalElection(input({ projects, selected: new Set(['B']) })));
    expect(withColumn.projectColumns).toEqual([
      'project_id',
      'cost',
      'votes',
      'name',
      'category',
      'withdrawn',
      'selected',
    ]);
    expect(withColumn.projects.map((row) => row.fields.selected)).toEqual(['0', '1', '0']);
    const none = roundTrip(canonicalElection(input({ projects, selected: new Set() })));
    expect(none.projects.map((row) => row.fields.selected)).toEqual(['0', '0', '0']);
  });

  it('the selected column written from a count marks exactly the projects the file recounts to', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const selected = new Set(fileCount(source));
        const parsed = roundTrip(canonicalElection({ ...source, selected }));
        const marked = parsed.projects.filter((row) => row.fields.selected === '1').map((row) => row.id);
        expect(new Set(marked)).toEqual(
          new Set(allocate(electionFromPabulib(parsed), allocationOptionsFromMeta(parsed)).selected),
        );
      }),
      { numRuns: 100 },
    );
  });
});
