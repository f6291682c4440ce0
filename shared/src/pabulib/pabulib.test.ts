import { describe, expect, it } from 'vitest';
import { pabulibFiles, readPabulibFile } from '../allocation/test-data.js';
import { formatUnits, parseDecimal } from './decimal.js';
import { parsePabulib } from './pabulib.parse.js';
import { PabulibParseError } from './pabulib.types.js';
import { writePabulib } from './pabulib.write.js';

const SMALL = [
  'META',
  'key;value',
  'description;"Test; with a semicolon"',
  'num_projects;3',
  'num_votes;3',
  'budget;1000.50',
  'vote_type;approval',
  'PROJECTS',
  'project_id;cost;votes;name',
  '1;500;2;"Park ""Green"""',
  '2;600,25;1;Library',
  '3;999999999;0;WITHDRAWN',
  'VOTES',
  'voter_id;vote;age',
  'a;1,2;40',
  'b;1,1;33',
  'c;;70',
].join('\r\n');

function parseError(text: string): PabulibParseError {
  try {
    parsePabulib(text);
  } catch (error) {
    if (error instanceof PabulibParseError) return error;
    throw error;
  }
  throw new Error('expected a parse error');
}

describe('parsePabulib', () => {
  it('reads quoted fields, CRLF, a BOM, decimal commas and empty ballots', () => {
    const { election, warnings } = parsePabulib(`\uFEFF${SMALL}`);
    expect(election.meta[0]).toEqual(['description', 'Test; with a semicolon']);
    expect(election.projects.map((project) => project.fields.name)).toEqual(['Park "Green"', 'Library', 'WITHDRAWN']);
    expect(election.projects[1]?.cost).toBe('600,25');
    expect(election.voters.map((voter) => voter.ballot)).toEqual([['1', '2'], ['1'], []]);
    expect(election.voters[0]?.fields).toEqual({ age: '40' });
    expect(warnings).toEqual([{ line: 16, message: 'the ballot names a project more than once; counted once' }]);
  });

  it('keeps the last points value when a points ballot repeats a project', () => {
    const text = SMALL.replace('vote_type;approval', 'vote_type;cumulative')
      .replace('voter_id;vote;age', 'voter_id;vote;points;age')
      .replace('a;1,2;40', 'a;1,2;2,1;40')
      .replace('b;1,1;33', 'b;1,1;1,3;33')
      .replace('c;;70', 'c;;;70');
    const { election } = parsePabulib(text);
    expect(election.voters[1]).toMatchObject({ ballot: ['1'], points: [3] });
  });

  it.each([
    ['an unknown project in a vote', SMALL.replace('a;1,2;40', 'a;1,9;40'), 15, 'project "9"'],
    ['a row with too many fields', SMALL.replace('a;1,2;40', 'a;1,2;40;extra'), 15, 'expected 3 fields'],
    ['a duplicated project id', SMALL.replace('2;600,25;1;Library', '1;600;1;Library'), 11, 'appears twice'],
    ['a cost that is not a number', SMALL.replace('600,25', 'lots'), 11, 'not a number'],
    ['a missing budget', SMALL.replace('budget;1000.50\r\n', ''), 1, '"budget"'],
    ['an unknown vote type', SMALL.replace('vote_type;approval', 'vote_type;plurality'), 7, 'vote_type'],
    ['sections out of order', SMALL.replace('PROJECTS', 'VOTES'), 8, 'where PROJECTS was expected'],
    ['an unclosed quote', SMALL.replace('"Park ""Green"""', '"Park'), 10, 'quote'],
    ['a missing vote column', SMALL.replace('voter_id;vote;age', 'voter_id;ballot;age'), 14, '"vote"'],
  ])('names the line of %s', (_what, text, line, fragment) => {
    const error = parseError(text);
    expect(error.line).toBe(line);
    expect(error.message).toContain(fragment);
  });

  it('warns when num_votes disagrees with the rows', () => {
    const { warnings } = parsePabulib(SMALL.replace('num_votes;3', 'num_votes;4'));
    expect(warnings).toContainEqual({ line: 5, message: 'num_votes says 4 but the file has 3' });
  });
});

// The largest files hold 130 000 ballots: two parses, a write and a deep comparison take seconds
// on a busy two-core machine, more than vitest's 5-second default.
const LARGE_FILE_MS = 60_000;

describe('writePabulib', () => {
  it.each(pabulibFiles())(
    'round-trips %s: parse, write, parse gives the same election',
    (file) => {
      const first = parsePabulib(readPabulibFile(file));
      const second = parsePabulib(writePabulib(first.election));
      expect(second.election).toEqual(first.election);
    },
    LARGE_FILE_MS,
  );
});

describe('decimals', () => {
  it('parse exactly and format without trailing zeros', () => {
    expect(parseDecimal('106165.64')).toEqual({ units: 10616564n, scale: 2 });
    expect(parseDecimal('1,5')).toEqual({ units: 15n, scale: 1 });
    expect(parseDecimal('1e6')).toBeUndefined();
    expect(formatUnits(12500n, 3)).toBe('12.5');
    expect(formatUnits(7n, 2)).toBe('0.07');
  });
});
