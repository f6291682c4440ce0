import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  allocate,
  allocationOptionsFromMeta,
  electionFromPabulib,
  metaValue,
  parsePabulib,
  writePabulib,
  type AuditEventList,
  type BulletinPage,
  type CycleResults,
  type ExportManifest,
} from '@pb/shared';
import { eq } from 'drizzle-orm';
import { exportDistrictPb } from '../../server/src/modules/results/results.export.js';
import { cycleResults } from '../../server/src/modules/results/results.table.js';
import {
  cycleDistrictInfos,
  districtElection,
  findTallyCycle,
} from '../../server/src/modules/results/results.tally.js';
import { useResultsHarness } from '../helpers/results.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('exports for recounting', () => {
  const h = useResultsHarness();
  const BALLOTS = [[0, 1], [0, 1], [0, 2], [2], [2, 3], [3], [0], [1, 3]];
  const COSTS = [400, 300, 500, 200];

  async function exportedCycle() {
    const tallied = await h.talliedCycle(COSTS, 1000, BALLOTS);
    await h.closePaperEntry(tallied.cycleId);
    return tallied;
  }

  it('the .pb export round-trips to the bulletin board, recounts to the stored result and hashes to the stored SHA-256', async () => {
    const { cycleId, ids } = await exportedCycle();
    const file = await h.get(`/api/cycles/${cycleId}/exports/${h.kita()}.pb`, h.auditor());
    expect(file.status, file.text).toBe(200);
    expect(file.headers['content-type']).toMatch(/^text\/plain/);
    // Named by the cycle and the district, not by the district's UUID; the Japanese name as RFC 8187 UTF-8.
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="voting-test-${cycleId.slice(0, 8)}-kita.pb"; filename*=UTF-8''${encodeURIComponent('投票テスト-北地区.pb')}`,
    );
    const parsed = parsePabulib(file.text).election;

    const board = (await h.get(`/api/cycles/${cycleId}/bulletin?limit=1000`, h.auditor())).body as BulletinPage;
    const numberOf = (proposalId: string) => String(ids.indexOf(proposalId) + 1);
    expect(parsed.voters.map((voter) => [voter.id, voter.ballot])).toEqual(
      board.items.map((entry) => [entry.ballotId, entry.choices.map((choice) => numberOf(choice.proposalId)).sort()]),
    );
    expect(parsed.voters.map((voter) => voter.id)).toEqual([...parsed.voters.map((voter) => voter.id)].sort());

    const recount = allocate(electionFromPabulib(parsed), allocationOptionsFromMeta(parsed));
    const marked = parsed.projects.filter((project) => project.fields.selected === '1').map((project) => project.id);
    expect(new Set(recount.selected)).toEqual(new Set(marked));
    const results = (await h.get(`/api/cycles/${cycleId}/results`, h.auditor())).body as CycleResults;
    const funded = results.districts[0]?.projects.filter((project) => project.selected).map((p) => String(p.number));
    expect(recount.selected).toEqual(funded);

    const withoutOutcome = {
      ...parsed,
      projectColumns: parsed.projectColumns.filter((column) => column !== 'selected'),
    };
    expect(sha256(writePabulib(withoutOutcome))).toBe(results.districts[0]?.ballotsSha256);
    expect(metaValue(parsed, 'budget')).toBe('1000');
    expect(metaValue(parsed, 'pb_rule')).toBe('mes');
    expect(file.text).not.toMatch(/@|resident|census|user/i);
  });

  it('the manifest lists each file with the SHA-256 of its bytes and the outcome, and the same export twice is the same bytes', async () => {
    const { cycleId } = await exportedCycle();
    const manifest = (await h.get(`/api/cycles/${cycleId}/exports/manifest.json`, h.auditor())).body as ExportManifest;
    expect(manifest.files).toHaveLength(1);
    const [entry] = manifest.files;
    const first = await h.get(`/api/cycles/${cycleId}/exports/${h.kita()}.pb`, h.auditor());
    const second = await h.get(`/api/cycles/${cycleId}/exports/${h.kita()}.pb`, h.auditor());
    expect(second.text).toBe(first.text);
    expect(entry).toMatchObject({ name: `${h.kita()}.pb`, ballots: BALLOTS.length, sha256: sha256(first.text) });
    expect(manifest.rules.rule).toBe('mes');
  });

  it('exports go to auditors during tallying and to everyone once published, and exist only after the count', async () => {
    const { cycleId } = await h.talliedCycle(COSTS, 1000, BALLOTS.slice(0, 2));
    const path = `/api/cycles/${cycleId}/exports/${h.kita()}.pb`;
    const early = await h.get(path, h.auditor());
    expect(early.status).toBe(409);
    await h.closePaperEntry(cycleId);
    expect((await h.get(path)).status).toBe(403);
    expect((await h.get(path, h.staff())).status).toBe(403);
    expect((await h.get(path, h.resident())).status).toBe(403);
    expect((await h.get(path, h.auditor())).status).toBe(200);
    await h.publish(cycleId);
    expect((await h.get(path)).status).toBe(200);
    expect((await h.get(`/api/cycles/${cycleId}/exports/manifest.json`)).status).toBe(200);
    const unknown = await h.get(`/api/cycles/${cycleId}/exports/00000000-0000-4000-8000-000000000000.pb`);
    expect(unknown.status).toBe(404);
  });

  it('the streamed export, read a few ballots at a time, is the canonical file written in one piece', async () => {
    const { cycleId } = await exportedCycle();
    const cycle = await findTallyCycle(h.current().app.db, cycleId);
    const [district] = await cycleDistrictInfos(h.current().app.db, cycleId);
    if (cycle === undefined || district === undefined) throw new Error('no tallied cycle');
    const [stored] = await h.current().app.db.select().from(cycleResults).where(eq(cycleResults.cycleId, cycleId));
    const whole = await districtElection(h.current().app.db, cycle, district, new Set(stored?.outcome.selected));
    const streamed = async (pageSize: number) => {
      const chunks: string[] = [];
      for await (const chunk of await exportDistrictPb(
        h.current().app.db,
        cycleId,
        district.districtId,
        ['auditor'],
        pageSize,
      ))
        chunks.push(chunk);
      return chunks;
    };
    const inThrees = await streamed(3);
    expect(inThrees.length).toBe(1 + Math.ceil(BALLOTS.length / 3));
    expect(inThrees.join('')).toBe(writePabulib(whole.election));
    expect((await streamed(1000)).join('')).toBe(writePabulib(whole.election));
  });

  it('every export handed out is in the audit log with who took it, in which role, and which file', async () => {
    const { cycleId } = await exportedCycle();
    expect((await h.get(`/api/cycles/${cycleId}/exports/${h.kita()}.pb`, h.auditor())).status).toBe(200);
    expect((await h.get(`/api/cycles/${cycleId}/exports/ballots.csv`, h.auditor())).status).toBe(200);
    await h.publish(cycleId);
    expect((await h.get(`/api/cycles/${cycleId}/exports/manifest.json`)).status).toBe(200);
    const log = await h.get(`/api/audit-log?action=results.exported&subjectId=${cycleId}`, h.auditor());
    expect(log.status).toBe(200);
    const entries = (log.body as AuditEventList).items.map((entry) => ({
      actorId: entry.actorId,
      actorRole: entry.actorRole,
      file: entry.details.file,
    }));
    expect(entries).toEqual([
      { actorId: null, actorRole: 'anonymous', file: 'manifest.json' },
      { actorId: h.auditor().id, actorRole: 'auditor', file: 'ballots.csv' },
      { actorId: h.auditor().id, actorRole: 'auditor', file: `${h.kita()}.pb` },
    ]);
  });

  it('the CSV tables carry the projects with both outcomes, every counted ballot and the statistics, each hashed in the manifest', async () => {
    const { cycleId, ids } = await exportedCycle();
    const table = async (name: string) => {
      const response = await h.get(`/api/cycles/${cycleId}/exports/${name}`, h.auditor());
      expect(response.status, response.text).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toContain(
        `filename="voting-test-${cycleId.slice(0, 8)}-${name}"; filename*=UTF-8''${encodeURIComponent('投票テスト-')}${name}`,
      );
      return {
        text: response.text,
        rows: Papa.parse<Record<string, string>>(response.text, { header: true, skipEmptyLines: true }).data,
      };
    };
    const projects = await table('projects.csv');
    const results = (await h.get(`/api/cycles/${cycleId}/results`, h.auditor())).body as CycleResults;
    const shown = results.districts[0]?.projects ?? [];
    expect(projects.rows).toHaveLength(COSTS.length);
    for (const row of projects.rows) {
      const project = shown.find((candidate) => candidate.proposalId === row.proposal_id);
      expect(row.selected).toBe(project?.selected === true ? '1' : '0');
      expect(row.selected_by_greedy).toBe(project?.selectedByGreedy === true ? '1' : '0');
      expect(Number(row.votes)).toBe(project?.votes);
      expect(row.project_id).toBe(String(ids.indexOf(row.proposal_id ?? '') + 1));
    }
    const ballots = await table('ballots.csv');
    const board = (await h.get(`/api/cycles/${cycleId}/bulletin?limit=1000`, h.auditor())).body as BulletinPage;
    expect(ballots.rows.map((row) => [row.ballot_id, row.receipt_hash])).toEqual(
      board.items.map((entry) => [entry.ballotId, entry.receiptHash]),
    );
    const statistics = await table('statistics.csv');
    expect(statistics.rows.find((row) => row.section === 'total' && row.key === 'participations')?.count).toBe('< 10');

    const manifest = (await h.get(`/api/cycles/${cycleId}/exports/manifest.json`, h.auditor())).body as ExportManifest;
    const downloaded: Record<string, string> = {
      'projects.csv': projects.text,
      'ballots.csv': ballots.text,
      'statistics.csv': statistics.text,
    };
    const json = await h.get(`/api/cycles/${cycleId}/exports/results.json`, h.auditor());
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect((JSON.parse(json.text) as CycleResults).districts).toEqual(results.districts);
    downloaded['results.json'] = json.text;
    expect(manifest.tables.map((entry) => entry.name).sort()).toEqual(Object.keys(downloaded).sort());
    for (const entry of manifest.tables) expect(entry.sha256).toBe(sha256(downloaded[entry.name] ?? ''));
    expect(manifest.tables.find((entry) => entry.name === 'ballots.csv')?.rows).toBe(BALLOTS.length);
    expect((await h.get(`/api/cycles/${cycleId}/exports/ballots.csv`)).status).toBe(403);
  });

  it('titles that a spreadsheet would run as formulas reach projects.csv with a leading apostrophe, figures stay numbers, the manifest hashes the served file and the .pb keeps the titles as they are', async () => {
    const hostile = [
      '=HYPERLINK("http://x","click")',
      "+cmd|' /C calc'!A0",
      '-2+3',
      '@SUM(A1)',
      '\tTab first',
      '\rReturn first',
      '＝SUM(A1)',
    ];
    const titles = [...hostile, 'Park benches'];
    const costs = [400, 300, 500, 200, 100, 250, 150, 350];
    const { cycleId, ids } = await h.talliedCycle(costs, 1000, BALLOTS, undefined, titles);
    await h.closePaperEntry(cycleId);
    const file = await h.get(`/api/cycles/${cycleId}/exports/projects.csv`, h.auditor());
    expect(file.status, file.text).toBe(200);
    const rows = Papa.parse<Record<string, string>>(file.text, { header: true, skipEmptyLines: true }).data;
    const results = (await h.get(`/api/cycles/${cycleId}/results`, h.auditor())).body as CycleResults;
    const shown = results.districts[0]?.projects ?? [];
    expect(rows).toHaveLength(titles.length);
    for (const row of rows) {
      const index = ids.indexOf(row.proposal_id ?? '');
      const title = titles[index] ?? '';
      expect(row.title).toBe(hostile.includes(title) ? `'${title}` : title);
      expect(row.cost).toBe(String(costs[index]));
      expect(row.votes).toMatch(/^\d+$/);
      expect(Number(row.votes)).toBe(shown.find((project) => project.proposalId === row.proposal_id)?.votes);
    }

    const manifest = (await h.get(`/api/cycles/${cycleId}/exports/manifest.json`, h.auditor())).body as ExportManifest;
    expect(manifest.tables.find((entry) => entry.name === 'projects.csv')?.sha256).toBe(sha256(file.text));
    const pb = await h.get(`/api/cycles/${cycleId}/exports/${h.kita()}.pb`, h.auditor());
    expect(pb.text).toContain('@SUM(A1)');
    expect(pb.text).not.toMatch(/'[=+\-@＝]/);
  });
});
