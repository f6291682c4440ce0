import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  allocate,
  electionFromPabulib,
  IMPORT_MAX_BYTES,
  importPlanFromPabulib,
  parsePabulib,
  type Cycle,
  type CycleResults,
  type ImportedCycle,
  type ParticipationStatistics,
} from '@pb/shared';
import { queryRows } from '../../server/src/db/database.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { useResultsHarness } from '../helpers/results.js';

const PBDATA = fileURLToPath(new URL('../../../shared/pbdata/', import.meta.url));
const HAVE_PBDATA = existsSync(`${PBDATA}reference-outcomes.json`);
if (!HAVE_PBDATA) console.warn(`[skip] ${PBDATA} is absent: the pabulib file imports are not checked here`);

/** Small files of every vote type we take, each with the reference outcome of the rule it names. */
const FILES = [
  { name: 'Netherlands_Amsterdam_588.pb', method: 'knapsack', reference: 'greedy_cost' },
  { name: 'Netherlands_Assen_2024.pb', method: 'approval', reference: 'mes_cost_add1' },
  { name: 'Poland_Gdansk_2020_Krakowiec-Gorki_Zachodnie.pb', method: 'cumulative', reference: 'greedy_points' },
  { name: 'Poland_Zabrze_2020_Zandka.pb', method: 'approval', reference: 'greedy_cost' },
  { name: 'Worldwide_Mechanical_Turk_Ranking_value_3.pb', method: 'ranked', reference: 'greedy_points' },
] as const;

const sorted = (ids: readonly string[]) => [...ids].sort();

describe('importing past elections from pabulib files', () => {
  const h = useResultsHarness();
  const db = () => h.current().app.db;

  function upload(body: Buffer | string, caller: TestAccount | undefined, query: Record<string, string> = {}) {
    let pending = request(h.current().app.server)
      .post('/api/cycles/import')
      .query(query)
      .set('content-type', 'application/octet-stream');
    if (caller !== undefined) pending = pending.set('authorization', caller.bearer);
    return pending.send(typeof body === 'string' ? Buffer.from(body) : body);
  }

  async function count(table: 'cycles' | 'proposals' | 'audit_events'): Promise<number> {
    const [row] = await queryRows<{ count: number }>(db(), sql`SELECT count(*)::int AS count FROM ${sql.raw(table)}`);
    return row?.count ?? 0;
  }

  async function storedSelection(cycleId: string): Promise<{ outcome: string[]; shown: string[] }> {
    const [stored] = await queryRows<{ selected: string[] }>(
      db(),
      sql`SELECT outcome->'selected' AS selected FROM cycle_results WHERE cycle_id = ${cycleId}`,
    );
    const results = (await h.get(`/api/cycles/${cycleId}/results`)).body as CycleResults;
    const external = new Map(
      (
        await queryRows<{ id: string; externalId: string }>(
          db(),
          sql`SELECT id, external_id AS "externalId" FROM proposals WHERE cycle_id = ${cycleId}`,
        )
      ).map((row) => [row.id, row.externalId]),
    );
    const shown = (results.districts[0]?.projects ?? [])
      .filter((project) => project.selected)
      .map((project) => external.get(project.proposalId) ?? '?');
    return { outcome: stored?.selected ?? [], shown };
  }

  describe.skipIf(!HAVE_PBDATA)('files of the shared pabulib folder', () => {
    const references = HAVE_PBDATA
      ? (
          JSON.parse(readFileSync(`${PBDATA}reference-outcomes.json`, 'utf8')) as {
            files: Record<string, { outcomes: Record<string, { selected?: string[] }> }>;
          }
        ).files
      : {};

    it.each(FILES)('$name is stored, counted and shown with the engine’s outcome on the same file', async (file) => {
      const bytes = readFileSync(`${PBDATA}${file.name}`);
      const imported = await upload(bytes, h.staff(), { fileName: file.name });
      expect(imported.status, imported.text).toBe(201);
      const body = imported.body as ImportedCycle;
      const parsed = parsePabulib(bytes.toString('utf8')).election;
      expect(body).toMatchObject({
        fileName: file.name,
        projects: parsed.projects.length,
        ballots: parsed.voters.length,
        ballot: { method: file.method },
      });

      const plan = importPlanFromPabulib(parsed);
      const engine = allocate(electionFromPabulib(parsed), { ...plan.allocation });
      const { outcome, shown } = await storedSelection(body.cycleId);
      expect(outcome).toEqual(engine.selected);
      expect(body.selected).toEqual(engine.selected);
      expect(sorted(shown)).toEqual(sorted(engine.selected));
      const reference = references[file.name]?.outcomes[file.reference]?.selected;
      expect(reference, `reference outcome ${file.reference}`).toBeDefined();
      expect(sorted(outcome)).toEqual(sorted(reference ?? []));

      const cycle = (await h.get(`/api/cycles/${body.cycleId}`)).body as Cycle;
      expect(cycle).toMatchObject({ phase: 'published', imported: { fileName: file.name, sha256: body.sha256 } });
      const [participations] = await queryRows<{ count: number; channels: string[] }>(
        db(),
        sql`SELECT count(*)::int AS count, array_agg(DISTINCT channel) AS channels, bool_and(user_id IS NULL) AS anonymous
            FROM participations WHERE cycle_id = ${body.cycleId}`,
      );
      expect(participations).toMatchObject({ count: parsed.voters.length, channels: ['imported'], anonymous: true });
      const statistics = await h.get(`/api/cycles/${body.cycleId}/statistics`);
      expect(statistics.status, statistics.text).toBe(200);
      expect((statistics.body as ParticipationStatistics).byChannel).toEqual([
        { channel: 'imported', participations: parsed.voters.length },
      ]);
    });
  });

  it('a platform export imported again selects the same projects, keeping their ballot numbers as ids', async () => {
    const { cycleId } = await h.talliedCycle([400, 300, 500, 200], 1000, [
      [0, 1],
      [0, 1],
      [0, 2],
      [2],
      [2, 3],
      [3],
      [0],
      [1, 3],
    ]);
    await h.closePaperEntry(cycleId);
    const exported = await h.get(`/api/cycles/${cycleId}/exports/${h.kita()}.pb`, h.auditor());
    expect(exported.status, exported.text).toBe(200);
    const original = (await h.get(`/api/cycles/${cycleId}/results`, h.auditor())).body as CycleResults;
    const funded = (original.districts[0]?.projects ?? []).filter((p) => p.selected).map((p) => String(p.number));
    expect(funded.length).toBeGreaterThan(0);

    const admin = await createAccount(h.current().app, ['admin']);
    const imported = await upload(exported.text, admin, {
      fileName: 'kita.pb',
      districtId: h.kita(),
      titleEn: 'Again',
    });
    expect(imported.status, imported.text).toBe(201);
    const body = imported.body as ImportedCycle;
    expect(body.allocation).toEqual(original.districts[0]?.rules);
    expect(body.titleEn).toBe('Again');
    expect(sorted(body.selected)).toEqual(sorted(funded));
    expect(sorted((await storedSelection(body.cycleId)).shown)).toEqual(sorted(funded));
  });

  it('exports an imported cycle under the file’s own project ids, with the stored outcome', async () => {
    const file = [
      'META',
      'key;value',
      'budget;10',
      'vote_type;approval',
      'rule;greedy',
      'PROJECTS',
      'project_id;cost;name',
      'park-b;6;Park',
      'lamp-a;5;Lamps',
      'bench-c;4;Benches',
      'VOTES',
      'voter_id;vote',
      'x;park-b',
      'y;park-b,bench-c',
      'z;lamp-a,bench-c',
    ].join('\n');
    const imported = await upload(file, h.staff(), { fileName: 'ids.pb' });
    expect(imported.status, imported.text).toBe(201);
    const { cycleId, districtId, selected } = imported.body as ImportedCycle;
    expect(sorted(selected)).toEqual(['bench-c', 'park-b']);
    const exported = await h.get(`/api/cycles/${cycleId}/exports/${districtId}.pb`);
    expect(exported.status, exported.text).toBe(200);
    const parsed = parsePabulib(exported.text).election;
    expect(sorted(parsed.projects.map((project) => project.id))).toEqual(['bench-c', 'lamp-a', 'park-b']);
    const marked = parsed.projects.filter((project) => project.fields.selected === '1').map((project) => project.id);
    expect(sorted(marked)).toEqual(sorted(selected));
    const table = await h.get(`/api/cycles/${cycleId}/exports/projects.csv`);
    expect(table.status, table.text).toBe(200);
    const funded = table.text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .filter((cells) => cells[8] === '1')
      .map((cells) => cells[2] ?? '');
    expect(sorted(funded)).toEqual(sorted(selected));
  });

  it('refuses a malformed file with a 400 naming the line, and writes nothing', async () => {
    const before = await Promise.all([count('cycles'), count('proposals'), count('audit_events')]);
    const broken = [
      'META',
      'key;value',
      'budget;1000',
      'vote_type;approval',
      'PROJECTS',
      'project_id;cost;name',
      '1;400;Benches',
      '2;300;Lights',
      'VOTES',
      'voter_id;vote',
      'a;1,2',
      'b;1,7',
    ].join('\n');
    const refused = await upload(broken, h.staff());
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 'imports.invalid_file' } });
    expect((refused.body as { error: { message: string } }).error.message).toMatch(/Line 12: .*"7"/);
    const fractional = await upload(broken.replace('b;1,7', 'b;1').replace('400;Benches', '400.5;Benches'), h.staff());
    expect(fractional.status).toBe(400);
    expect((fractional.body as { error: { message: string } }).error.message).toMatch(/400\.5/);
    expect(await Promise.all([count('cycles'), count('proposals'), count('audit_events')])).toEqual(before);
  });

  it('imports an election without ballots, and refuses an unknown district and scoring ballots', async () => {
    const empty =
      'META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n';
    const imported = await upload(empty, h.staff());
    expect(imported.status, imported.text).toBe(201);
    expect(imported.body).toMatchObject({ fileName: 'election.pb', projects: 1, ballots: 0 });
    const parsed = parsePabulib(empty).election;
    const engine = allocate(electionFromPabulib(parsed), { ...importPlanFromPabulib(parsed).allocation });
    expect((imported.body as ImportedCycle).selected).toEqual(engine.selected);
    const unknown = await upload(empty, h.staff(), { districtId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'imports.district_not_found' } });
    const scoring = await upload(empty.replace('approval', 'scoring'), h.staff());
    expect(scoring.status).toBe(400);
    expect((scoring.body as { error: { message: string } }).error.message).toMatch(/scoring/);
  });

  it('answers 413 with the JSON error for a file over 20 MB', async () => {
    const huge = Buffer.alloc(IMPORT_MAX_BYTES + 1, 'a');
    const refused = await upload(huge, h.staff());
    expect(refused.status).toBe(413);
    expect(refused.body).toMatchObject({ error: { code: 'request.too_large' } });
  });

  it('is for staff and admins only', async () => {
    const file =
      'META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\na;1\n';
    expect((await upload(file, h.resident())).status).toBe(403);
    expect((await upload(file, h.auditor())).status).toBe(403);
    expect((await upload(file, undefined)).status).toBe(401);
  });

  it('takes nothing more once imported: ballots, participations, projects and budgets are refused by the database', async () => {
    const file =
      'META\nkey;value\nbudget;10\nvote_type;approval\nrule;greedy\nPROJECTS\nproject_id;cost;name\n1;5;A\n2;6;B\nVOTES\nvoter_id;vote\na;1\nb;2\nc;2\n';
    const imported = await upload(file, h.staff(), { fileName: 'tiny.pb' });
    expect(imported.status, imported.text).toBe(201);
    const { cycleId, districtId, selected } = imported.body as ImportedCycle;
    expect(selected).toEqual(['2']);
    const [proposal] = await queryRows<{ id: string }>(
      db(),
      sql`SELECT id FROM proposals WHERE cycle_id = ${cycleId} LIMIT 1`,
    );
    const ballot = sql`INSERT INTO ballots (cycle_id, district_id, choices)
      VALUES (${cycleId}, ${districtId}, ${JSON.stringify([{ proposalId: proposal?.id }])}::jsonb)`;
    const attempts: [SQL, RegExp][] = [
      [ballot, /ballot entry is closed/],
      [
        sql`INSERT INTO participations (cycle_id, district_id, voter_key, channel, cast_on_day)
            VALUES (${cycleId}, ${districtId}, 'imported:z', 'imported', current_date)`,
        /channel imported is only for a cycle being imported/,
      ],
      [
        sql`INSERT INTO proposals (cycle_id, district_id, title, summary, description, category, estimated_cost)
            VALUES (${cycleId}, ${districtId}, 'x', '', '', 'other', 1)`,
        /ballot list is frozen/,
      ],
      [sql`UPDATE cycle_districts SET budget = budget + 1 WHERE cycle_id = ${cycleId}`, /budgets are frozen/],
      [
        sql`UPDATE cycles SET imported_file_sha256 = 'x' WHERE id = ${cycleId}`,
        /where a cycle came from never changes/,
      ],
      [
        sql`INSERT INTO cycles (phase, source, title_ja, title_en, ballot_rules, allocation_rules)
            SELECT 'published', 'platform', 'x', 'x', ballot_rules, allocation_rules FROM cycles WHERE id = ${cycleId}`,
        /only an imported cycle starts published/,
      ],
    ];
    const refusal = (attempt: Promise<unknown>) =>
      attempt.then(
        () => 'accepted',
        (error: unknown) => String((error as { cause?: unknown }).cause ?? error),
      );
    for (const [attempt, reason] of attempts) expect(await refusal(db().execute(attempt))).toMatch(reason);
    // Touching the cycle row makes this transaction its xmin, but the stored count still closes the door.
    const sneaked = db().transaction(async (tx) => {
      await tx.execute(sql`UPDATE cycles SET title_en = title_en || '.' WHERE id = ${cycleId}`);
      await tx.execute(ballot);
    });
    expect(await refusal(sneaked)).toMatch(/ballot entry is closed/);
    const [ballots] = await queryRows<{ count: number }>(
      db(),
      sql`SELECT count(*)::int AS count FROM ballots WHERE cycle_id = ${cycleId}`,
    );
    expect(ballots?.count).toBe(3);
  });
});
