import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/src/config.js';
import { useResultsHarness } from '../helpers/results.js';

/** Runs `npm run -s verify -- ...` as an auditor would, from the folder holding the downloads. */
function verify(args: string[], cwd: string): { status: number | null; stdout: string } {
  const result = spawnSync('npm', ['--prefix', REPO_ROOT, 'run', '-s', 'verify', '--', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: cwd },
  });
  return { status: result.status, stdout: result.stdout };
}

/** Moves the first ballot's first vote to another project: one edited ballot in the file. */
function tamperWithOneBallot(text: string): string {
  const lines = text.split('\n');
  const votes = lines.indexOf('VOTES');
  const row = lines[votes + 2] ?? '';
  const [voter = '', vote = ''] = row.split(';');
  const first = vote.split(',')[0] ?? '';
  const other = ['1', '2', '3', '4'].find((id) => !vote.split(',').includes(id)) ?? first;
  lines[votes + 2] = [voter, vote.replace(first, other)].join(';');
  return lines.join('\n');
}

describe('npm run verify', () => {
  const h = useResultsHarness();

  it('verifies a real export against its manifest, and fails when one ballot in it is edited', async () => {
    const { cycleId } = await h.talliedCycle([400, 300, 500, 200], 1000, [[0, 1], [0, 1], [0, 2], [2], [2, 3], [3]]);
    await h.closePaperEntry(cycleId);
    await h.publish(cycleId);
    const name = `${h.kita()}.pb`;
    const file = (await h.get(`/api/cycles/${cycleId}/exports/${name}`)).text;
    const manifest = (await h.get(`/api/cycles/${cycleId}/exports/manifest.json`)).text;
    const folder = mkdtempSync(join(tmpdir(), 'pb-verify-'));
    writeFileSync(join(folder, name), file);
    writeFileSync(join(folder, 'manifest.json'), manifest);

    const good = verify([name, '--manifest', 'manifest.json'], folder);
    expect(good.stdout).toContain('verified: every check holds');
    expect(good.stdout).not.toContain('FAIL');
    expect(good.status).toBe(0);

    writeFileSync(join(folder, name), tamperWithOneBallot(file));
    const tampered = verify([name, '--manifest', 'manifest.json'], folder);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toMatch(/FAIL {2}SHA-256 of the file matches the manifest/);
    expect(tampered.stdout).toMatch(/FAIL {2}votes column matches the ballots/);
    expect(tampered.stdout).toContain('NOT verified');
  });
});
