import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writePabulib } from '../pabulib/pabulib.write.js';
import { canonicalElection } from './canonical-export.js';
import { electionArb, input, project, shuffled } from './canonical-export.fixtures.js';
describe('canonicalElection: canonical bytes', () => {
  it('the same ballots and projects given in any order produce byte-identical files', () => {
    fc.assert(
      fc.property(
        electionArb({ withdrawn: true }).chain((source) => fc.tuple(shuffled(source), shuffled(source))),
        ([first, second]) => {
          expect(writePabulib(canonicalElection(first))).toBe(writePabulib(canonicalElection(second)));
        },
      ),
    );
  });

  it('the same input written twice gives the same bytes, with or without the selected column', () => {
    fc.assert(
      fc.property(electionArb(), fc.boolean(), (source, withSelected) => {
        const withColumn = withSelected
          ? { ...source, selected: new Set(source.projects.slice(0, 1).map((p) => p.id)) }
          : source;
        expect(writePabulib(canonicalElection(withColumn))).toBe(writePabulib(canonicalElection({ ...withColumn })));
      }),
    );
  });

  it('sorts voters by id and projects by id in plain string order', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const election = canonicalElection(source);
        const projectIds = election.projects.map((row) => row.id);
        const voterIds = election.voters.map((voter) => voter.id);
        expect(projectIds).toEqual(source.projects.map((entry) => entry.id).sort());
        expect(voterIds).toEqual(source.ballots.map((ballot) => ballot.voterId).sort());
      }),
    );
  });

  it('uses plain string order, not numeric or locale order ("10" before "9", "Z" before "a")', () => {
    const election = canonicalElection(
      input({
        projects: [project('9'), project('a'), project('10'), project('Z'), project('B-2')],
        ballots: [
          { voterId: 'b', choices: [] },
          { voterId: 'B', choices: [] },
          { voterId: '10', choices: [] },
          { voterId: '9', choices: [] },
        ],
      }),
    );
    expect(election.projects.map((row) => row.id)).toEqual(['10', '9', 'B-2', 'Z', 'a']);
    expect(election.voters.map((voter) => voter.id)).toEqual(['10', '9', 'B', 'b']);
  });

  it('writes the projects of a set or a point distribution in id order, each with its points', () => {
    const election = canonicalElection(
      input({
        ballot: { method: 'cumulative', points: 10 },
        ballots: [
          {
            voterId: 'v',
            choices: [
              { projectId: 'C', points: 5 },
              { projectId: 'A', points: 3 },
            ],
          },
        ],
      }),
    );
    expect(election.voters).toEqual([{ id: 'v', ballot: ['A', 'C'], points: [3, 5], fields: {} }]);
  });

  it('keeps a ranking in its given order, best first', () => {
    const election = canonicalElection(
      input({
        ballot: { method: 'ranked', maxRanked: 3 },
        ballots: [{ voterId: 'v', choices: [{ projectId: 'C' }, { projectId: 'A' }, { projectId: 'B' }] }],
      }),
    );
    expect(election.voters.map((voter) => voter.ballot)).toEqual([['C', 'A', 'B']]);
  });

  it('does not modify its input', () => {
    const source = input({
      projects: [project('C'), project('A')],
      ballots: [
        { voterId: 'z', choices: [] },
        { voterId: 'a', choices: [] },
      ],
    });
    const before = structuredClone(source);
    canonicalElection(source);
    expect(source).toEqual(before);
  });
});
