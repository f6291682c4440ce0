import Papa from 'papaparse';
import type { PbElection } from './pabulib.types.js';

const UNPARSE = { delimiter: ';', newline: '\n', quoteChar: '"', escapeChar: '"' } as const;

function section(title: string, rows: string[][]): string {
  return `${title}\n${Papa.unparse(rows, UNPARSE)}\n`;
}

/** Writes a pabulib `.pb` file (LF line endings, quotes only where a field needs them). */
export function writePabulib(election: PbElection): string {
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
  const votes = section('VOTES', [
    election.voterColumns,
    ...election.voters.map((voter) =>
      election.voterColumns.map((column) => {
        if (column === 'voter_id') return voter.id;
        if (column === 'vote') return voter.ballot.join(',');
        if (column === 'points') return (voter.points ?? []).map(String).join(',');
        return voter.fields[column] ?? '';
      }),
    ),
  ]);
  return `${meta}${projects}${votes}`;
}
