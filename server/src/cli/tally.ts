import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ADD1_STOPS,
  allocate,
  COMPLETIONS,
  electionFromPabulib,
  PabulibParseError,
  parsePabulib,
  RULES,
  TIE_POLICIES,
  UTILITIES,
  type AllocationOptions,
  type AllocationResult,
} from '@pb/shared';

const USAGE = `Usage: npm run -s tally -- <file.pb> --rule greedy|mes|phragmen [options]

  --utility cost|cardinality|points|points-cost   MES utilities (default: cost; points-cost for points and rank ballots)
  --completion none|greedy|add1|add1-greedy       MES completion (default: none)
  --add1-stop exhaustive|overspend                when Add1 stops raising voter budgets (default: exhaustive)
  --increment N                                   Add1 step per voter, in currency units (default: 1)
  --comparison greedy                             keep MES unless more voters prefer the greedy outcome
  --no-skip                                       greedy: stop at the first project that does not fit
  --threshold                                     greedy: ignore projects below META min_project_score_threshold
  --min-votes N                                   projects need at least N votes (default: 0)
  --ties id|cost-votes-id|lottery                 tie-break (default: id)
  --seed N                                        lottery seed
  --json                                          print one JSON object instead of a table`;

class UsageError extends Error {}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a non-negative integer (got "${value}")`);
  return Number(value);
}

function parseCommandLine(argv: string[]): {
  file: string;
  options: Partial<AllocationOptions>;
  json: boolean;
  threshold: boolean;
} {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      rule: { type: 'string' },
      utility: { type: 'string' },
      completion: { type: 'string' },
      'add1-stop': { type: 'string' },
      increment: { type: 'string' },
      comparison: { type: 'string' },
      'no-skip': { type: 'boolean' },
      threshold: { type: 'boolean' },
      'min-votes': { type: 'string' },
      ties: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('name a .pb file');
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const rule = oneOf('rule', values.rule, RULES);
  if (rule === undefined) throw new UsageError('--rule is required');
  if (values.comparison !== undefined && values.comparison !== 'greedy')
    throw new UsageError('--comparison takes "greedy"');
  if (values.increment !== undefined && !/^\d+(\.\d+)?$/.test(values.increment)) {
    throw new UsageError(`--increment must be a positive number (got "${values.increment}")`);
  }
  const ties = oneOf('ties', values.ties, TIE_POLICIES);
  const seed = integer('seed', values.seed);
  if (ties === 'lottery' && seed === undefined) throw new UsageError('--ties lottery needs --seed N');
  const options: Partial<AllocationOptions> = { rule };
  const utility = oneOf('utility', values.utility, UTILITIES);
  const completion = oneOf('completion', values.completion, COMPLETIONS);
  const add1Stop = oneOf('add1-stop', values['add1-stop'], ADD1_STOPS);
  const minVotes = integer('min-votes', values['min-votes']);
  if (utility !== undefined) options.utility = utility;
  if (completion !== undefined) options.completion = completion;
  if (add1Stop !== undefined) options.add1Stop = add1Stop;
  if (values.increment !== undefined) options.increment = values.increment;
  if (values.comparison === 'greedy') options.comparison = 'greedy';
  if (values['no-skip'] === true) options.noSkip = true;
  if (minVotes !== undefined) options.minVotes = minVotes;
  if (ties !== undefined) options.ties = ties;
  if (seed !== undefined) options.seed = seed;
  return { file, options, json: values.json === true, threshold: values.threshold === true };
}

function table(result: AllocationResult): string {
  const rows = [...result.explanations]
    .sort((a, b) => Number(b.selected) - Number(a.selected) || b.score - a.score)
    .map((row) => [row.projectId, row.cost, String(row.score), row.selected ? 'yes' : 'no', row.reason]);
  const header = ['project', 'cost', 'score', 'selected', 'reason'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const summary = [
    `rule: ${result.options.rule}  selected: ${String(result.selected.length)}  total cost: ${result.totalCost} of ${result.budget}`,
    ...(result.comparison === undefined
      ? []
      : [
          `comparison: ${result.comparison.winner} (prefer MES ${String(result.comparison.preferMes)}, prefer greedy ${String(result.comparison.preferGreedy)})`,
        ]),
    ...(result.ties.length === 0 ? [] : [`ties met: ${String(result.ties.length)} (broken by ${result.options.ties})`]),
  ];
  return [line(header), ...rows.map(line), '', ...summary].join('\n');
}

function main(argv: string[]): number {
  try {
    const { file, options, json, threshold } = parseCommandLine(argv);
    const base = process.env.INIT_CWD ?? process.cwd();
    const path = isAbsolute(file) ? file : resolve(base, file);
    const { election: pb, warnings } = parsePabulib(readFileSync(path, 'utf8'));
    const election = electionFromPabulib(pb);
    if (threshold) {
      if (election.scoreThreshold === undefined)
        throw new UsageError('--threshold: the file has no min_project_score_threshold');
      options.threshold = election.scoreThreshold;
    }
    if (
      options.utility === undefined &&
      options.rule === 'mes' &&
      election.voteType !== 'approval' &&
      election.voteType !== 'choose-1'
    ) {
      options.utility = 'points-cost';
    }
    for (const warning of warnings) process.stderr.write(`warning: line ${String(warning.line)}: ${warning.message}\n`);
    const result = allocate(election, options);
    process.stdout.write(`${json ? JSON.stringify(result) : table(result)}\n`);
    return 0;
  } catch (error) {
    const message =
      error instanceof PabulibParseError || error instanceof UsageError || error instanceof Error
        ? error.message
        : String(error);
    process.stderr.write(`tally: ${message}\n${error instanceof UsageError ? `\n${USAGE}\n` : ''}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
