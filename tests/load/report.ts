import { existsSync, readFileSync } from 'node:fs';
import type { CpuProfileSummary } from './cpu-profile.js';
import type { ActivityReport, CpuReport } from './diagnostics.js';
import type { PhaseResult } from './load.js';

/** Printing for bench-load.ts: the results table and the optional diagnostics. */
export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export const ms = (value: number): string => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`);
export const rate = (result: PhaseResult): number => result.ok / Math.max(result.elapsedSeconds, 1e-9);

/** CPU use with the server's CPU time per ballot, which other load on the machine hardly changes. */
export function describeCpu(cpu: CpuReport, perSecond: number, unit = 'ballot'): string {
  const server =
    cpu.serverCores === undefined
      ? 'n/a'
      : `${cpu.serverCores.toFixed(2)} cores (${ms((cpu.serverCores * 1000) / Math.max(perSecond, 1e-9))} CPU per ${unit})`;
  const machine = cpu.machineBusy === undefined ? 'n/a' : `${(cpu.machineBusy * 100).toFixed(0)}%`;
  return `server process ${server}; load generator ${cpu.clientCores.toFixed(2)} cores; whole machine ${machine} busy`;
}

export function printTable(rows: [string, string, string][]): void {
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  for (const row of rows) say(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
}

export function printActivity(activity: ActivityReport): void {
  say(
    `pg_stat_activity during the peak (${String(activity.samples)} samples): ` +
      `${activity.meanConnections.toFixed(1)} server connections open, ${activity.meanActive.toFixed(1)} running a statement on average`,
  );
  say('  mean connections in each state (wait event or cpu | statement):');
  for (const entry of activity.top) say(`  ${entry.share.toFixed(2).padStart(5)}  ${entry.what}`);
}

export function printQueryTiming(file: string, ballots: number): void {
  if (!existsSync(file)) {
    say('query timing: the server wrote no timing file');
    return;
  }
  const timing = JSON.parse(readFileSync(file, 'utf8')) as {
    statements: { statement: string; count: number; totalMs: number; maxMs: number }[];
  };
  say(
    `statements timed inside the server (peak and half peak, ${String(ballots)} ballots; per ballot = count / ballots):`,
  );
  printTable([
    ['total ms', 'count/ballot', 'mean ms · max ms · statement'],
    ...timing.statements
      .slice(0, 15)
      .map((row): [string, string, string] => [
        row.totalMs.toFixed(0),
        (row.count / Math.max(1, ballots)).toFixed(2),
        `${(row.totalMs / row.count).toFixed(2)} · ${row.maxMs.toFixed(0)} · ${row.statement.slice(0, 150)}`,
      ]),
  ]);
}

export function printCpuProfile(summary: CpuProfileSummary | undefined): void {
  if (summary === undefined) {
    say('CPU profile: the server wrote none');
    return;
  }
  say(`server CPU profile (whole process life, ${(summary.totalMs / 1000).toFixed(0)} s; self time of busy samples):`);
  for (const entry of summary.byOrigin) say(`  ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.origin}`);
  say('  top functions:');
  for (const entry of summary.byFunction) say(`  ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
}
