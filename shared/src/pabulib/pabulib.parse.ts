import Papa from 'papaparse';
import { parseDecimal } from './decimal.js';
import {
  PabulibParseError,
  VOTE_TYPES,
  type PbElection,
  type PbParseResult,
  type PbProject,
  type PbVoter,
  type PbWarning,
  type VoteType,
} from './pabulib.types.js';

type Section = 'meta' | 'projects' | 'votes';
const SECTION_ORDER: Section[] = ['meta', 'projects', 'votes'];

interface Row {
  line: number;
  cells: string[];
}

/** Splits the text into CSV rows (`;`, quotes, `""` escapes) that each keep their line number. */
function readRows(text: string): Row[] {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const parsed = Papa.parse<string[]>(normalized, { delimiter: ';', newline: '\n', quoteChar: '"', escapeChar: '"' });
  const quoteError = parsed.errors.find((error) => error.type === 'Quotes');
  if (quoteError !== undefined) {
    throw new PabulibParseError((quoteError.row ?? 0) + 1, `malformed quotes: ${quoteError.message}`);
  }
  return parsed.data.map((cells, index) => {
    if (cells.some((cell) => cell.includes('\n'))) {
      throw new PabulibParseError(index + 1, 'a quoted field spans several lines; each row must be on one line');
    }
    return { line: index + 1, cells: cells.map((cell) => cell.trim()) };
  });
}

function isBlank(row: Row): boolean {
  return row.cells.every((cell) => cell === '');
}

function sectionTitle(row: Row): Section | undefined {
  const [first = '', ...rest] = row.cells;
  const title = first.toLowerCase();
  if (!rest.every((cell) => cell === '')) return undefined;
  return (SECTION_ORDER as string[]).includes(title) ? (title as Section) : undefined;
}

function readHeader(row: Row | undefined, section: Section, required: string[]): string[] {
  if (row === undefined) throw new PabulibParseError(0, `the ${section.toUpperCase()} section has no header line`);
  const columns = row.cells;
  const seen = new Set<string>();
  for (const column of columns) {
    if (column === '')
      throw new PabulibParseError(row.line, `empty column name in the ${section.toUpperCase()} header`);
    if (seen.has(column)) throw new PabulibParseError(row.line, `column "${column}" appears twice in the header`);
    seen.add(column);
  }
  for (const column of required) {
    if (!seen.has(column)) {
      throw new PabulibParseError(
        row.line,
        `the ${section.toUpperCase()} header lacks the required column "${column}"`,
      );
    }
  }
  return columns;
}

function recordOf(row: Row, columns: string[]): Record<string, string> {
  if (row.cells.length !== columns.length) {
    throw new PabulibParseError(
      row.line,
      `expected ${String(columns.length)} fields (${columns.join(';')}), found ${String(row.cells.length)}`,
    );
  }
  const record: Record<string, string> = {};
  columns.forEach((column, index) => {
    record[column] = row.cells[index] ?? '';
  });
  return record;
}

function withoutKeys(record: Record<string, string>, keys: string[]): Record<string, string> {
  const rest: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) if (!keys.includes(key)) rest[key] = value;
  return rest;
}

/** Groups rows by section, checking the sections come once each, in order. */
function splitSections(rows: Row[], warnings: PbWarning[]): Map<Section, { titleLine: number; rows: Row[] }> {
  const sections = new Map<Section, { titleLine: number; rows: Row[] }>();
  let current: Section | undefined;
  for (const row of rows) {
    if (isBlank(row)) {
      if (row.line < rows.length) warnings.push({ line: row.line, message: 'blank line skipped' });
      continue;
    }
    const title = sectionTitle(row);
    if (title !== undefined) {
      const expected = SECTION_ORDER[current === undefined ? 0 : SECTION_ORDER.indexOf(current) + 1];
      if (title !== expected) {
        throw new PabulibParseError(
          row.line,
          `found section ${title.toUpperCase()} where ${String(expected).toUpperCase()} was expected`,
        );
      }
      current = title;
      sections.set(title, { titleLine: row.line, rows: [] });
      continue;
    }
    if (current === undefined) throw new PabulibParseError(row.line, 'the file must start with the META section');
    sections.get(current)?.rows.push(row);
  }
  for (const section of SECTION_ORDER) {
    if (!sections.has(section))
      throw new PabulibParseError(rows.length, `the ${section.toUpperCase()} section is missing`);
  }
  return sections;
}

function parseMeta(rows: Row[]): PbElection['meta'] {
  const [header, ...data] = rows;
  if (header?.cells.join(';').toLowerCase() !== 'key;value') {
    throw new PabulibParseError(header?.line ?? 1, 'the META header must be "key;value"');
  }
  const meta: PbElection['meta'] = [];
  const seen = new Set<string>();
  for (const row of data) {
    if (row.cells.length !== 2) {
      throw new PabulibParseError(
        row.line,
        `a META row has a key and a value, found ${String(row.cells.length)} fields`,
      );
    }
    const [key = '', value = ''] = row.cells;
    if (key === '') throw new PabulibParseError(row.line, 'empty META key');
    if (seen.has(key)) throw new PabulibParseError(row.line, `META key "${key}" appears twice`);
    seen.add(key);
    meta.push([key, value]);
  }
  return meta;
}

function parseProjects(rows: Row[], titleLine: number): { columns: string[]; projects: PbProject[] } {
  const [headerRow, ...data] = rows;
  const columns = readHeader(headerRow ?? { line: titleLine + 1, cells: [] }, 'projects', ['project_id', 'cost']);
  const projects: PbProject[] = [];
  const ids = new Set<string>();
  for (const row of data) {
    const record = recordOf(row, columns);
    const id = record.project_id ?? '';
    const cost = record.cost ?? '';
    if (id === '') throw new PabulibParseError(row.line, 'empty project_id');
    if (ids.has(id)) throw new PabulibParseError(row.line, `project_id "${id}" appears twice`);
    const parsedCost = parseDecimal(cost);
    if (parsedCost === undefined)
      throw new PabulibParseError(row.line, `cost "${cost}" of project ${id} is not a number`);
    if (parsedCost.units < 0n) throw new PabulibParseError(row.line, `cost of project ${id} is negative`);
    ids.add(id);
    projects.push({ id, cost, fields: withoutKeys(record, ['project_id', 'cost']) });
  }
  return { columns, projects };
}

interface VoteContext {
  voteType: VoteType;
  projectIds: Set<string>;
  warnings: PbWarning[];
}

function parseNumberList(text: string, line: number, what: string): number[] {
  if (text === '') return [];
  return text.split(',').map((part) => {
    const trimmed = part.trim();
    const value = Number(trimmed);
    if (trimmed === '' || !Number.isFinite(value))
      throw new PabulibParseError(line, `${what} "${trimmed}" is not a number`);
    return value;
  });
}

function parseBallot(
  record: Record<string, string>,
  row: Row,
  context: VoteContext,
): Pick<PbVoter, 'ballot' | 'points'> {
  const listed = (record.vote ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  for (const id of listed) {
    if (!context.projectIds.has(id))
      throw new PabulibParseError(row.line, `the vote names project "${id}", which is not in PROJECTS`);
  }
  const usesPoints = context.voteType === 'cumulative' || context.voteType === 'scoring';
  let listedPoints: number[] | undefined;
  if (usesPoints) {
    if (record.points === undefined)
      throw new PabulibParseError(row.line, `a ${context.voteType} ballot needs a points column`);
    listedPoints = parseNumberList(record.points, row.line, 'points value');
    if (listedPoints.length !== listed.length) {
      throw new PabulibParseError(
        row.line,
        `the vote lists ${String(listed.length)} projects but points has ${String(listedPoints.length)} values`,
      );
    }
  }
  const positions = new Map<string, number>();
  const ballot: string[] = [];
  const points: number[] = [];
  listed.forEach((id, index) => {
    const position = positions.get(id);
    const value = listedPoints?.[index] ?? 0;
    if (position === undefined) {
      positions.set(id, ballot.length);
      ballot.push(id);
      points.push(value);
    } else {
      // Counted once, like the reference implementation; for points the last value stands.
      points[position] = value;
    }
  });
  if (ballot.length < listed.length) {
    context.warnings.push({ line: row.line, message: `the ballot names a project more than once; counted once` });
  }
  return { ballot, points: usesPoints ? points : undefined };
}

function parseVotes(rows: Row[], titleLine: number, context: VoteContext): { columns: string[]; voters: PbVoter[] } {
  const [headerRow, ...data] = rows;
  const columns = readHeader(headerRow ?? { line: titleLine + 1, cells: [] }, 'votes', ['voter_id', 'vote']);
  const voters: PbVoter[] = [];
  const ids = new Set<string>();
  for (const row of data) {
    const record = recordOf(row, columns);
    const id = record.voter_id ?? '';
    if (id === '') throw new PabulibParseError(row.line, 'empty voter_id');
    if (ids.has(id)) throw new PabulibParseError(row.line, `voter_id "${id}" appears twice`);
    ids.add(id);
    voters.push({
      id,
      ...parseBallot(record, row, context),
      fields: withoutKeys(record, ['voter_id', 'vote', 'points']),
    });
  }
  return { columns, voters };
}

function checkCounts(election: PbElection, metaLine: (key: string) => number, warnings: PbWarning[]): void {
  for (const [key, actual] of [
    ['num_projects', election.projects.length],
    ['num_votes', election.voters.length],
  ] as const) {
    const declared = election.meta.find(([metaKey]) => metaKey === key)?.[1];
    if (declared !== undefined && Number(declared) !== actual) {
      warnings.push({ line: metaLine(key), message: `${key} says ${declared} but the file has ${String(actual)}` });
    }
  }
}

/**
 * Reads a pabulib `.pb` file. Malformed input throws a PabulibParseError naming the line;
 * tolerated quirks (blank lines, repeated ids in a ballot, wrong counts) become warnings.
 */
export function parsePabulib(text: string): PbParseResult {
  const warnings: PbWarning[] = [];
  const sections = splitSections(readRows(text), warnings);
  const metaSection = sections.get('meta');
  const projectSection = sections.get('projects');
  const voteSection = sections.get('votes');
  if (metaSection === undefined || projectSection === undefined || voteSection === undefined) {
    throw new PabulibParseError(1, 'the file lacks a section');
  }
  const meta = parseMeta(metaSection.rows);
  const metaLine = (key: string): number => metaSection.titleLine + 2 + meta.findIndex(([metaKey]) => metaKey === key);
  const budgetText = meta.find(([key]) => key === 'budget')?.[1];
  if (budgetText === undefined)
    throw new PabulibParseError(metaSection.titleLine, 'META lacks the required key "budget"');
  const budget = parseDecimal(budgetText);
  if (budget === undefined || budget.units < 0n) {
    throw new PabulibParseError(metaLine('budget'), `budget "${budgetText}" is not a non-negative number`);
  }
  const voteTypeText = meta.find(([key]) => key === 'vote_type')?.[1];
  if (voteTypeText === undefined)
    throw new PabulibParseError(metaSection.titleLine, 'META lacks the required key "vote_type"');
  if (!(VOTE_TYPES as readonly string[]).includes(voteTypeText)) {
    throw new PabulibParseError(
      metaLine('vote_type'),
      `vote_type "${voteTypeText}" is not one of ${VOTE_TYPES.join(', ')}`,
    );
  }
  const { columns: projectColumns, projects } = parseProjects(projectSection.rows, projectSection.titleLine);
  const context: VoteContext = {
    voteType: voteTypeText as VoteType,
    projectIds: new Set(projects.map((project) => project.id)),
    warnings,
  };
  const { columns: voterColumns, voters } = parseVotes(voteSection.rows, voteSection.titleLine, context);
  const election: PbElection = { meta, projectColumns, projects, voterColumns, voters };
  checkCounts(election, metaLine, warnings);
  return { election, warnings };
}
