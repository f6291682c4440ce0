import Papa from 'papaparse';
import type { PbElection, PbVoter } from './pabulib.types.js';

const UNPARSE = { delimiter: ';', newline: '\n', quoteChar: '"', escapeChar: '"' } as const;

function section(title: string, rows: string[][]): string {
  return `${title}\n${Papa.unparse(rows, UNPARSE)}\n`;
}

function voterRow(columns: readonly string[], voter: PbVoter): string[] {
  return columns.map((column) => {
    if (column === 'voter_id') return voter.id;
    if (column === 'vote') return voter.ballot.join(',');
    if (column === 'points') return (voter.points ?? []).map(String).join(',');
    return voter.fields[column] ?? '';
  });
}

/** META, PROJECTS and the VOTES header line: what precedes the voters, for writing a stream. */
export function writePabulibHead(election: Omit<PbElection, 'voters'>): string {
  const meta = section('META', [['key', 'value'], ...election.meta.map(([key, value]) => [key, value])]);
  const projects = section('PROJECTS', [
    election.projectColumns,
    ...election.projects.map((project) =>
      election.projectColumns.map((column) => {
        if (column === 'project_id') return project.id;
        if (column === 'cost') return project.cost;
        return project.fields[column] ?? '';
      }),
    ),
  ]);
  return `${meta}${projects}${section('VOTES', [election.voterColumns])}`;
}

/** VOTES rows, one line each, as {@link writePabulib} writes them after {@link writePabulibHead}. */
export function writePabulibVoters(voterColumns: readonly string[], voters: readonly PbVoter[]): string {
  if (voters.length === 0) return '';
  return `${Papa.unparse(
    voters.map((voter) => voterRow(voterColumns, voter)),
    UNPARSE,
  )}\n`;
}

/** Writes a pabulib `.pb` file (LF line endings, quotes only where a field needs them). */
export function writePabulib(election: PbElection): string {
  return writePabulibHead(election) + writePabulibVoters(election.voterColumns, election.voters);
}
