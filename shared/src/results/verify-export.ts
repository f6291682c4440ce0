import { allocate } from '../allocation/allocate.js';
import { electionFromPabulib } from '../allocation/election.js';
import { parsePabulib } from '../pabulib/pabulib.parse.js';
import { writePabulib } from '../pabulib/pabulib.write.js';
import type { PbElection } from '../pabulib/pabulib.types.js';
import { allocationOptionsFromMeta } from './canonical-export.js';
import type { ExportManifest } from './results.schema.js';

export interface VerificationCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerificationInput {
  /** The .pb file's text, exactly as downloaded. */
  text: string;
  /** Its file name (`<districtId>.pb`), to find its manifest entry. */
  fileName: string;
  manifest?: ExportManifest;
  sha256: (text: string) => string;
}

function check(name: string, ok: boolean, detail: string): VerificationCheck {
  return { name, ok, detail };
}

function sameList(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

/** The votes column against the ballots in the file: a ballot edited without it shows here. */
function votesMatchBallots(election: PbElection): boolean {
  const counts = new Map<string, number>();
  for (const voter of election.voters) for (const id of voter.ballot) counts.set(id, (counts.get(id) ?? 0) + 1);
  return election.projects.every((project) => {
    const written = project.fields.votes;
    return written === undefined || Number(written) === (counts.get(project.id) ?? 0);
  });
}

/**
 * Recounts an exported district from the file alone and compares: with the `selected` column,
 * with the manifest's outcome, with the SHA-256 of the file and of the counted ballots (the file
 * without `selected`). Every check must hold for the export to be verified.
 */
export function verifyExport(input: VerificationInput): VerificationCheck[] {
  let election: PbElection;
  try {
    election = parsePabulib(input.text).election;
  } catch (error) {
    return [check('parses as pabulib', false, (error as Error).message)];
  }
  const checks = [
    check(
      'parses as pabulib',
      true,
      `${String(election.voters.length)} ballots, ${String(election.projects.length)} projects`,
    ),
  ];
  checks.push(
    check('votes column matches the ballots', votesMatchBallots(election), "each project's votes = ballots naming it"),
  );
  const options = allocationOptionsFromMeta(election);
  if (options === undefined) {
    checks.push(check('carries the rule and its options', false, 'no pb_* keys in META: cannot recount'));
    return checks;
  }
  const recount = allocate(electionFromPabulib(election), options).selected;
  const marked = election.projects.filter((project) => project.fields.selected === '1').map((project) => project.id);
  checks.push(
    check(
      'recount equals the selected column',
      sameList([...recount].sort(), [...marked].sort()),
      `recount: ${recount.join(' ') || '(none)'}; file: ${marked.join(' ') || '(none)'}`,
    ),
  );
  if (input.manifest === undefined) return checks;
  const entry =
    input.manifest.files.find((file) => file.name === input.fileName) ??
    (input.manifest.files.length === 1 ? input.manifest.files[0] : undefined);
  if (entry === undefined) {
    checks.push(check('listed in the manifest', false, `no entry named ${input.fileName}`));
    return checks;
  }
  checks.push(
    check('SHA-256 of the file matches the manifest', input.sha256(input.text) === entry.sha256, entry.sha256),
  );
  const counted = { ...election, projectColumns: election.projectColumns.filter((column) => column !== 'selected') };
  checks.push(
    check(
      'SHA-256 of the counted ballots matches the published result',
      input.sha256(writePabulib(counted)) === entry.ballotsSha256,
      entry.ballotsSha256,
    ),
  );
  checks.push(
    check(
      'recount equals the published result',
      sameList(recount, entry.selected),
      `published: ${entry.selected.join(' ') || '(none)'}`,
    ),
  );
  return checks;
}
