import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SHARED_DATA = `${REPO_ROOT}../shared/pbdata`;
const FIXTURES = `${REPO_ROOT}tests/fixtures/pabulib`;

/** The project's shared pabulib folder beside the clone when present (CI), else the small fixtures. */
export const PABULIB_DIR = existsSync(`${SHARED_DATA}/reference-outcomes.json`) ? SHARED_DATA : FIXTURES;
export const USING_FIXTURES = PABULIB_DIR === FIXTURES;

export function pabulibFiles(): string[] {
  return readdirSync(PABULIB_DIR)
    .filter((name) => name.endsWith('.pb'))
    .sort();
}

export function readPabulibFile(name: string): string {
  return readFileSync(`${PABULIB_DIR}/${name}`, 'utf8');
}

export interface ReferenceOutcome {
  selected?: string[];
}

export interface ReferenceFile {
  vote_type: string;
  outcomes: Record<string, ReferenceOutcome>;
  file_selected: string[] | null;
  file_selected_matches?: string[];
}

export function referenceOutcomes(): Record<string, ReferenceFile> {
  const parsed = JSON.parse(readFileSync(`${PABULIB_DIR}/reference-outcomes.json`, 'utf8')) as {
    files: Record<string, ReferenceFile>;
  };
  return parsed.files;
}
