import { describe, expect, it } from 'vitest';
import { parsePabulib } from '../pabulib/pabulib.parse.js';
import { allocate } from './allocate.js';
import type { AllocationOptions } from './allocation.types.js';
import { electionFromPabulib, type AllocationElection } from './election.js';
import { REFERENCE_KEYS } from './reference-keys.js';
import { PABULIB_DIR, readPabulibFile, referenceOutcomes, USING_FIXTURES } from './test-data.js';

if (USING_FIXTURES) console.warn(`[fixtures] the shared pabulib folder is absent: conformance runs on ${PABULIB_DIR}`);

function optionsFor(key: string, election: AllocationElection): Partial<AllocationOptions> | undefined {
  const mapped = REFERENCE_KEYS[key];
  if (mapped === undefined) return undefined;
  const { threshold, ...rest } = mapped;
  return threshold === 'meta' ? { ...rest, threshold: election.scoreThreshold } : rest;
}

const sorted = (ids: readonly string[]): string[] => [...ids].sort();

describe.each(Object.entries(referenceOutcomes()))('%s', (file, reference) => {
  const election = electionFromPabulib(parsePabulib(readPabulibFile(file)).election);
  const keys = Object.keys(reference.outcomes).filter((key) => REFERENCE_KEYS[key] !== undefined);

  it.each(keys)('%s selects exactly the reference projects', (key) => {
    const expected = reference.outcomes[key]?.selected;
    const options = optionsFor(key, election);
    expect(expected, `reference outcome ${key}`).toBeDefined();
    expect(options).toBeDefined();
    const result = allocate(election, options);
    expect(sorted(result.selected)).toEqual(sorted(expected ?? []));
  });

  const cityKeys = (reference.file_selected_matches ?? []).filter((key) => REFERENCE_KEYS[key] !== undefined);
  if (reference.file_selected !== null && cityKeys.length > 0) {
    it('reproduces the city\'s own outcome (the file\'s "selected" column)', () => {
      for (const key of cityKeys) {
        const result = allocate(election, optionsFor(key, election));
        expect(sorted(result.selected), key).toEqual(sorted(reference.file_selected ?? []));
      }
    });
  }
});
