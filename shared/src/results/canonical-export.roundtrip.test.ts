import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePabulib } from '../pabulib/pabulib.parse.js';
import { writePabulib } from '../pabulib/pabulib.write.js';
import { canonicalElection, type ExportProject } from './canonical-export.js';
import { column, electionArb, input, meta, roundTrip } from './canonical-export.fixtures.js';
describe('canonicalElection: round trip through the pabulib writer and parser', () => {
  it('parsing the written file gives back the same META, projects and ballots, with no warning', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), fc.boolean(), (source, withSelected) => {
        const selected = withSelected
          ? new Set(source.projects.filter((_, i) => i % 2 === 0).map((p) => p.id))
          : undefined;
        const election = canonicalElection(selected === undefined ? source : { ...source, selected });
        const { election: parsed, warnings } = parsePabulib(writePabulib(election));
        expect(warnings).toEqual([]);
        expect(parsed).toEqual(election);
      }),
    );
  });

  it('the parsed ballots are the input ballots: ids, the projects (a ranking in order, a set by id), points for cumulative', () => {
    fc.assert(
      fc.property(electionArb(), (source) => {
        const parsed = roundTrip(canonicalElection(source));
        const cumulative = source.ballot.method === 'cumulative';
        const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        const expected = [...source.ballots]
          .sort((a, b) => byId(a.voterId, b.voterId))
          .map((ballot) => {
            const choices =
              source.ballot.method === 'ranked'
                ? ballot.choices
                : [...ballot.choices].sort((a, b) => byId(a.projectId, b.projectId));
            return {
              id: ballot.voterId,
              ballot: choices.map((choice) => choice.projectId),
              points: cumulative ? choices.map((choice) => choice.points) : undefined,
            };
          });
        expect(parsed.voters.map(({ id, ballot, points }) => ({ id, ballot, points }))).toEqual(expected);
      }),
    );
  });

  it('num_projects and num_votes match the rows of the file', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const parsed = roundTrip(canonicalElection(source));
        expect(meta(parsed, 'num_projects')).toBe(String(parsed.projects.length));
        expect(meta(parsed, 'num_votes')).toBe(String(parsed.voters.length));
        expect(parsed.projects).toHaveLength(source.projects.length);
        expect(parsed.voters).toHaveLength(source.ballots.length);
      }),
    );
  });

  it('carries the required pabulib META keys, the budget and the descriptive fields', () => {
    const election = roundTrip(canonicalElection(input({ budget: 123456 })));
    for (const key of [
      'description',
      'country',
      'unit',
      'instance',
      'num_projects',
      'num_votes',
      'budget',
      'vote_type',
      'rule',
      'date_begin',
      'date_end',
    ])
      expect(meta(election, key), key).toBeDefined();
    expect(meta(election, 'budget')).toBe('123456');
    expect(meta(election, 'subunit')).toBe('North');
    expect(meta(election, 'currency')).toBe('JPY');
    expect(meta(election, 'language')).toBe('ja');
    expect(meta(election, 'date_begin')).toBe('01.05.2027');
    expect(meta(election, 'date_end')).toBe('31.05.2027');
  });

  it('names with semicolons, quotes and commas survive the round trip', () => {
    const tricky: ExportProject = {
      id: 'P1',
      cost: 10,
      name: 'Park "Green"; phase 2, north',
      category: 'parks,roads',
      withdrawn: false,
    };
    const election = canonicalElection(input({ description: 'A; "B"', projects: [tricky] }));
    expect(roundTrip(election)).toEqual(election);
    expect(column(roundTrip(election), 'P1', 'name')).toBe('Park "Green"; phase 2, north');
  });

  it('a file with no ballots and an empty ballot still round trips', () => {
    for (const ballots of [[], [{ voterId: 'v1', choices: [] }]]) {
      for (const method of ['approval', 'cumulative', 'ranked'] as const) {
        const election = canonicalElection(input({ ballot: { method }, ballots }));
        expect(roundTrip(election)).toEqual(election);
      }
    }
  });

  // A proposal title is any trimmed string of 3 to 120 characters (proposals.schema.ts), so it
  // may hold a line break; the written file must still parse, or the file cannot be recounted.
  it('a project name holding a line break still gives a file that parses back to the same election', () => {
    const election = canonicalElection(
      input({
        projects: [{ id: 'P1', cost: 10, name: 'Riverside park\nphase 2', category: 'parks', withdrawn: false }],
        ballots: [{ voterId: 'v1', choices: [{ projectId: 'P1' }] }],
      }),
    );
    expect(() => parsePabulib(writePabulib(election))).not.toThrow();
    expect(roundTrip(election)).toEqual(election);
  });

  it('a cycle title or district name holding a line break still gives a file that parses back', () => {
    const election = canonicalElection(
      input({
        description: 'Civic budget\r\n2027 (市民予算\n2027)',
        unit: 'Midori\nCity',
        subunit: 'Kita\r\n(North)',
        projects: [{ id: 'P1', cost: 10, name: 'Park', category: 'parks', withdrawn: false }],
        ballots: [{ voterId: 'v1', choices: [{ projectId: 'P1' }] }],
      }),
    );
    expect(() => parsePabulib(writePabulib(election))).not.toThrow();
    expect(roundTrip(election)).toEqual(election);
    expect(election.meta.find(([key]) => key === 'subunit')?.[1]).toBe('Kita (North)');
  });
});
