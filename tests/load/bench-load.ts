/**
 * Ballot-casting load benchmark (`npm run bench:load`), the first quality bar of DESIGN.md.
 *
 * It creates a fresh database (`pb_bench_load`, dropped first) on the PostgreSQL server at
 * PG_URL_BASE (default postgres://postgres@127.0.0.1:5432) and measures the baseline there:
 * pgbench with the committed script tests/load/pgbench-insert.sql (one single-row insert per
 * transaction, 16 clients, 2 threads, 30 s, prepared mode). It then starts the real server as a
 * child process on that database in production mode (NODE_ENV=production, fresh secrets, logs in
 * a temporary folder, removed after a clean run), which applies the migrations. With SQL it seeds
 * a cycle with approval ballots and 20 ballot-eligible proposals in one district, two staff
 * accounts and N verified voters, each with a session and a signed token; the staff accounts open
 * voting through the API (request and second confirmation), so the server does its own work on
 * that move (the ballot partition). The city's first local district is used, or one is created
 * when the city has none (production seeds no districts). Every voter then casts one ballot over
 * HTTP (keep-alive): a short warm-up, then a closed loop with a fixed number of casts in flight
 * (the peak: ballots/s, p50 and p99 latency), then an open loop at half that peak rate (p50 and
 * p99 counted from each cast's scheduled start), then a route that touches no database
 * (`GET /api/health`, closed loop: the ceiling of the HTTP stack on this machine), then residents'
 * reads (proposal list, a proposal page, the results of a past cycle imported through the API) at
 * 500 requests/s alone, then the mix: the same reads while ballots are cast at 20% of pgbench's
 * rate, or, where that is beyond the app's peak, at 50%, 35% and 25% of the peak in turn until the
 * reads meet their target; each endpoint is measured on its own. It prints the figures against the
 * targets (peak ≥ 40% of pgbench's tps, p99 < 100 ms at half peak, reads p95 < 50 ms in the
 * mix), stops the server and drops the database (unless --keep). It exits non-zero when any
 * request fails or the stored ballots and participations do not match the receipts handed out,
 * not when a target is missed.
 *
 * Options (flag or environment variable): --pgbench-seconds (PGBENCH_SECONDS, 30), --peak-seconds
 * (BENCH_PEAK_SECONDS, 20), --half-seconds (BENCH_HALF_SECONDS, 20), --mix-seconds
 * (BENCH_MIX_SECONDS, 20), --read-rate (BENCH_READ_RATE, 500), --warmup-seconds (3),
 * --concurrency (BENCH_CONCURRENCY, 32), --voters (BENCH_VOTERS, 100000), --proposals (20),
 * --quick (5 s phases and 30 000 voters), --keep (keep the database), --diagnose (sample
 * pg_stat_activity during the peak), --profile-queries (time every statement inside the server
 * process through tests/load/query-timing.ts), --cpu-profile (run the server with --cpu-prof and
 * summarise where its CPU time goes), --log-level (LOG_LEVEL, info). PGBENCH names the
 * pgbench binary (default /usr/lib/postgresql/15/bin/pgbench).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../../server/src/config.js';
import { stopServerProcess, waitUntilListening, type RunningServer } from '../helpers/server-process.js';
import { machineBusyBefore, startActivitySampler, startCpuMeter } from './diagnostics.js';
import { castEndpoint, mergeErrors, percentile, runClosedLoop, runOpenLoop, VoterQueue } from './load.js';
import { summariseCpuProfile } from './cpu-profile.js';
import { findPgbench, runPgbench } from './pgbench.js';
import { describeCpu, ms, printActivity, printCpuProfile, printQueryTiming, printTable, rate, say } from './report.js';
import { importResultsCycle, printMix, readEndpoints, runMix, runSteppedMix } from './mix.js';
import { openVoting, seedCycle, seedVoters } from './seed.js';
import { admin, countStored, databaseUrl, PG_URL_BASE } from './database.js';
import { startBenchServer } from './server.js';
import { flags, options } from './options.js';

const DATABASE = 'pb_bench_load';
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 100;
const TARGET_READ_P95_MS = 50;
/** The mixed phase casts at this share of pgbench's rate (DESIGN.md)… */
const MIX_CAST_RATIO = 0.2;
/** …or, where that is beyond the app's peak, at these shares of it in turn until the reads hold. */
const MIX_SHARES_OF_PEAK = [0.5, 0.35, 0.25];

/** Approval ballots of 1 to 5 distinct projects, chosen at random. */
function ballotBody(districtId: string, proposalIds: readonly string[]): () => string {
  return () => {
    const chosen = new Set<string>();
    const size = 1 + Math.floor(Math.random() * Math.min(5, proposalIds.length));
    while (chosen.size < size) chosen.add(proposalIds[Math.floor(Math.random() * proposalIds.length)] ?? '');
    return JSON.stringify({ districtId, choices: [...chosen].map((proposalId) => ({ proposalId })) });
  };
}

async function main(): Promise<number> {
  const url = databaseUrl(DATABASE);
  const workDir = mkdtempSync(join(tmpdir(), 'pb-bench-load-'));
  const logFile = join(workDir, 'server.log');
  const timingFile = join(workDir, 'query-timing.json');
  say(`load benchmark on ${DATABASE} (${new URL(PG_URL_BASE).host}); server log: ${logFile}`);
  const busy = await machineBusyBefore();
  say(
    `machine before the run: ${String(cpus().length)} cores, ${busy === undefined ? 'n/a' : `${(busy * 100).toFixed(0)}%`} busy`,
  );
  if (busy !== undefined && busy > 0.1) {
    say('warning: other work is running on this machine; the figures below share its CPUs with it');
  }
  await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DATABASE}`);
  let server: RunningServer | undefined;
  let succeeded = false;
  const stopOnSignal = (): void => {
    server?.child.kill('SIGKILL');
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  try {
    say(`pgbench: 16 clients, 2 threads, ${String(options.pgbenchSeconds)} s, prepared mode…`);
    const pgbench = await runPgbench({
      url,
      seconds: options.pgbenchSeconds,
      clients: 16,
      threads: 2,
      binary: findPgbench(),
    });
    say(`pgbench: ${pgbench.tps.toFixed(0)} tps (${pgbench.command})`);

    const jwtSecret = randomBytes(48).toString('base64url');
    const log = openSync(logFile, 'a');
    const nodeOptions = [
      ...(flags['profile-queries'] ? ['--import', join(REPO_ROOT, 'tests', 'load', 'query-timing.ts')] : []),
      ...(flags['cpu-profile'] ? ['--cpu-prof', `--cpu-prof-dir=${workDir}`] : []),
    ];
    server = await startBenchServer(
      {
        NODE_ENV: 'production',
        DATABASE_URL: url,
        JWT_SECRET: jwtSecret,
        CENSUS_HMAC_KEY: randomBytes(48).toString('base64url'),
        PUBLIC_URL: 'http://127.0.0.1',
        LOG_LEVEL: options.logLevel,
        ...(process.env.DATABASE_POOL_SIZE === undefined ? {} : { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE }),
        DATA_DIR: workDir,
        ...(flags['profile-queries'] ? { QUERY_TIMING_FILE: timingFile } : {}),
      },
      { stdio: log, nodeArgs: nodeOptions, ipc: flags['profile-queries'] },
    );
    try {
      await waitUntilListening(server, 120_000);
    } catch (error) {
      say(readFileSync(logFile, 'utf8').slice(-4000));
      throw error;
    }
    const baseUrl = `http://127.0.0.1:${String(server.port)}`;

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let voterTokens: string[];
    let cycle: Awaited<ReturnType<typeof seedCycle>>;
    let resultsCycleId: string;
    try {
      const seeding = performance.now();
      cycle = await seedCycle(client, jwtSecret, options.proposals);
      voterTokens = (await seedVoters(client, jwtSecret, cycle.districtId, options.voters)).map((voter) => voter.token);
      await openVoting(baseUrl, cycle);
      resultsCycleId = await importResultsCycle(baseUrl, cycle);
      say(
        `seeded ${String(voterTokens.length)} voters and ${String(cycle.proposalIds.length)} proposals, voting open ` +
          `(${((performance.now() - seeding) / 1000).toFixed(1)} s)`,
      );
    } finally {
      await client.end();
    }

    const voters = new VoterQueue(voterTokens);
    const cast = castEndpoint(cycle.cycleId, voters, ballotBody(cycle.districtId, cycle.proposalIds));
    const concurrency = Math.round(options.concurrency);
    const warmup = await runClosedLoop(server.port, cast, concurrency, options.warmupSeconds);
    say(`warm-up: ${String(warmup.ok)} ballots in ${warmup.elapsedSeconds.toFixed(1)} s`);

    if (flags['profile-queries']) server.child.send('reset');
    const stopSampler = flags.diagnose ? await startActivitySampler(url) : undefined;
    const cpuMeter = startCpuMeter(server.child.pid);
    const peak = await runClosedLoop(server.port, cast, concurrency, options.peakSeconds);
    const peakCpu = cpuMeter();
    const activity = await stopSampler?.();
    const peakRate = rate(peak);
    say(`peak: ${String(peak.ok)} ballots in ${peak.elapsedSeconds.toFixed(1)} s, ${concurrency} in flight`);

    const halfRate = peakRate / 2;
    let halfSeconds = options.halfSeconds;
    if (halfRate * halfSeconds > voters.remaining) {
      halfSeconds = voters.remaining / halfRate;
      say(`note: only ${String(voters.remaining)} voters left, the half-peak phase lasts ${halfSeconds.toFixed(1)} s`);
    }
    const halfCpuMeter = startCpuMeter(server.child.pid);
    const half =
      halfRate > 0 && halfSeconds > 0
        ? await runOpenLoop(server.port, cast, halfRate, halfSeconds)
        : { ...peak, requests: 0, ok: 0, errors: new Map<string, number>(), latenciesMs: [], elapsedSeconds: 0 };
    const halfCpu = halfCpuMeter();
    say(`half peak: ${String(half.ok)} ballots in ${half.elapsedSeconds.toFixed(1)} s at ${halfRate.toFixed(0)}/s`);

    // The ceiling: a route that touches no database, through the same HTTP stack and hooks.
    const emptyCpuMeter = startCpuMeter(server.child.pid);
    const emptyRoute = await runClosedLoop(
      server.port,
      { name: 'GET /api/health', okStatus: 200, next: () => ({ method: 'GET', path: '/api/health' }) },
      concurrency,
      Math.min(options.peakSeconds, 10),
    );
    const emptyCpu = emptyCpuMeter();
    say(
      `empty route: ${String(emptyRoute.ok)} answers of GET /api/health in ${emptyRoute.elapsedSeconds.toFixed(1)} s`,
    );

    // The reads alone first, at the mix's rate: what they cost without casts beside them.
    const reads = readEndpoints(
      { votingCycleId: cycle.cycleId, proposalIds: cycle.proposalIds, resultsCycleId },
      options.readRate,
    );
    say(`reads alone: ${String(options.readRate)} reads/s for ${String(options.mixSeconds)} s…`);
    const readsCpuMeter = startCpuMeter(server.child.pid);
    const readsAlone = await runMix(server.port, reads, options.mixSeconds);
    const readsCpu = readsCpuMeter();

    // The mix: reads at a fixed rate while ballots are cast, each endpoint measured on its own; at
    // 20 % of pgbench's rate, or (beyond this machine) at falling shares of the app's peak.
    const targetCastRate = MIX_CAST_RATIO * pgbench.tps;
    const castRates = [...new Set(MIX_SHARES_OF_PEAK.map((share) => Math.min(targetCastRate, share * peakRate)))];
    const mixes = await runSteppedMix({
      port: server.port,
      serverPid: server.child.pid,
      cast,
      reads,
      castRates,
      seconds: options.mixSeconds,
      targetReadP95Ms: TARGET_READ_P95_MS,
    });
    const mixCastsOk = mixes.reduce((sum, step) => sum + (step.results.get(cast.name)?.ok ?? 0), 0);

    const errors = mergeErrors(
      warmup,
      peak,
      half,
      emptyRoute,
      ...readsAlone.values(),
      ...mixes.flatMap((step) => [...step.results.values()]),
    );
    // Every acknowledged ballot must be stored, once, with its participation.
    const acknowledged = warmup.ok + peak.ok + half.ok + mixCastsOk;
    const stored = await countStored(url, cycle.cycleId);
    if (stored.ballots !== acknowledged || stored.participations !== acknowledged) {
      errors.set(
        `stored ${String(stored.ballots)} ballots and ${String(stored.participations)} participations for ${String(acknowledged)} receipts`,
        1,
      );
    }
    const errorCount = [...errors.values()].reduce((sum, count) => sum + count, 0);
    const ratio = peakRate / pgbench.tps;
    const halfP99 = percentile(half.latenciesMs, 99);
    const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT MET');
    say();
    printTable([
      ['measure', 'value', 'target'],
      ['pgbench tps (baseline)', pgbench.tps.toFixed(0), ''],
      [
        'app peak ballots/s',
        peakRate.toFixed(0),
        `${String(concurrency)} in flight, ${peak.elapsedSeconds.toFixed(1)} s`,
      ],
      ['ratio app / pgbench', `${(ratio * 100).toFixed(1)}%`, `≥ 40%: ${verdict(ratio >= TARGET_RATIO)}`],
      [
        'p50 / p99 at peak',
        `${ms(percentile(peak.latenciesMs, 50))} / ${ms(percentile(peak.latenciesMs, 99))}`,
        `max ${ms(percentile(peak.latenciesMs, 100))}`,
      ],
      ['half-peak rate', `${half.ok} ballots at ${halfRate.toFixed(0)}/s`, `achieved ${rate(half).toFixed(0)}/s`],
      [
        'p50 / p99 at half peak',
        `${ms(percentile(half.latenciesMs, 50))} / ${ms(halfP99)}`,
        `p99 < 100 ms: ${verdict(halfP99 < TARGET_P99_MS)} (max ${ms(percentile(half.latenciesMs, 100))})`,
      ],
      [
        'empty route (no database)',
        `${rate(emptyRoute).toFixed(0)} req/s`,
        `40% of pgbench = ${((TARGET_RATIO * pgbench.tps * 100) / Math.max(rate(emptyRoute), 1e-9)).toFixed(0)}% of it`,
      ],
      ['errors', String(errorCount), 'must be 0'],
    ]);
    say();
    say(`reads alone at ${String(options.readRate)}/s:`);
    printMix(readsAlone, TARGET_READ_P95_MS);
    for (const step of mixes) {
      say();
      say(
        `mix of ${String(options.readRate)} reads/s and ${step.castRate.toFixed(0)} ballots/s ` +
          `(${((step.castRate * 100) / targetCastRate).toFixed(0)}% of the 20%-of-pgbench rate, ` +
          `${((step.castRate * 100) / peakRate).toFixed(0)}% of the app's peak):`,
      );
      printMix(step.results, TARGET_READ_P95_MS);
    }
    say();
    say(`CPU at peak: ${describeCpu(peakCpu, peakRate)}`);
    say(
      `CPU at half peak: ${describeCpu(halfCpu, rate(half))}; mean client send lag ${ms(half.meanSendLagMs ?? Number.NaN)}`,
    );
    say(`CPU on the empty route: ${describeCpu(emptyCpu, rate(emptyRoute), 'request')}`);
    say(`CPU with the reads alone: ${describeCpu(readsCpu, options.readRate, 'read')}`);
    for (const step of mixes) {
      say(
        `CPU in the mix at ${step.castRate.toFixed(0)} ballots/s: ${describeCpu(step.cpu, options.readRate + step.castRate, 'request')}`,
      );
    }
    if (peak.ranOutOfVoters) say('note: the voters ran out during the peak phase; raise --voters');
    for (const [key, count] of errors) say(`error: ${String(count)} × ${key}`);
    if (activity !== undefined) printActivity(activity);
    await stopServerProcess(server);
    if (flags['profile-queries']) printQueryTiming(timingFile, peak.ok + half.ok);
    if (flags['cpu-profile']) printCpuProfile(summariseCpuProfile(workDir));
    succeeded = errorCount === 0;
    return succeeded ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', stopOnSignal);
    if (server !== undefined) await stopServerProcess(server);
    if (flags.keep) say(`kept database ${DATABASE}`);
    else await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    // The server's log (and profiles) stay for a failed or kept run only.
    if (succeeded && !flags.keep) rmSync(workDir, { recursive: true, force: true });
    else say(`server log and profiles kept in ${workDir}`);
  }
}

process.exitCode = await main();
