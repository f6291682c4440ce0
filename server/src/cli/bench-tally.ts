import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allocate,
  electionFromPabulib,
  parsePabulib,
  type AllocationOptions,
  type PbElection,
  type Utility,
} from '@pb/shared';
import { REPO_ROOT } from '../config.js';

/** Benchmark of the allocation rules on the largest real elections (median of 5 runs each). */
const DATA_DIR = process.env.PBDATA_DIR ?? join(REPO_ROOT, '..', 'shared', 'pbdata');
const FILES = [
  'Poland_Lodz_2022.pb',
  'Poland_Krakow_2024.pb',
  'Poland_Katowice_2023.pb',
  'Poland_Wroclaw_2015_150_-_500.pb',
  'Poland_Warszawa_2020_Bialoleka.pb',
];
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(task: () => unknown): number {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    task();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

function subset(election: PbElection, fraction: number): PbElection {
  return { ...election, voters: election.voters.slice(0, Math.round(election.voters.length * fraction)) };
}

const format = (ms: number): string => `${ms.toFixed(1).padStart(8)} ms`;

function main(): void {
  if (!existsSync(DATA_DIR)) {
    console.warn(`bench:tally: no pabulib data at ${DATA_DIR} (set PBDATA_DIR); nothing measured`);
    return;
  }
  console.log(`median of ${String(RUNS)} runs; node ${process.version}\n`);
  for (const file of FILES) {
    const path = join(DATA_DIR, file);
    if (!existsSync(path)) {
      console.warn(`${file}: missing, skipped`);
      continue;
    }
    const text = readFileSync(path, 'utf8');
    const parseMs = time(() => parsePabulib(text));
    const pb = parsePabulib(text).election;
    const election = electionFromPabulib(pb);
    const utility: Utility =
      election.voteType === 'approval' || election.voteType === 'choose-1' ? 'cost' : 'points-cost';
    console.log(
      `${file}: ${String(election.voterCount)} ballots (${String(election.groups.length)} distinct), ${String(election.projects.length)} projects, ${election.voteType}`,
    );
    console.log(`  parse .pb                 ${format(parseMs)}`);
    const variants: [string, Partial<AllocationOptions>][] = [
      ['greedy', { rule: 'greedy' }],
      [`mes (${utility})`, { rule: 'mes', utility }],
      [`mes (${utility}) + add1`, { rule: 'mes', utility, completion: 'add1' }],
      [`mes + add1-greedy`, { rule: 'mes', utility, completion: 'add1-greedy' }],
      ['phragmen', { rule: 'phragmen' }],
    ];
    for (const [name, options] of variants) {
      let steps = '';
      const ms = time(() => {
        const result = allocate(election, options);
        if (result.add1 !== undefined)
          steps = `  (add1 steps: ${String(result.add1.steps)}, final voter budget ${result.add1.voterBudget})`;
      });
      console.log(`  ${name.padEnd(26)}${format(ms)}${steps}`);
    }
    const scaling = [0.25, 0.5, 1].map((fraction) => {
      const part = electionFromPabulib(subset(pb, fraction));
      const ms = time(() => allocate(part, { rule: 'mes', utility }));
      return `${String(Math.round(fraction * 100))}%: ${ms.toFixed(1)} ms (${((ms / part.voterCount) * 1000).toFixed(2)} ms per 1000 ballots)`;
    });
    console.log(`  one MES run by share of ballots: ${scaling.join('; ')}\n`);
  }
}

main();
