import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/src/config.js';

const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'pabulib');
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference-outcomes.json'), 'utf8')) as {
  files: Record<string, { file_selected: string[]; outcomes: Record<string, { total_cost?: number }> }>;
};

/** Runs `npm run -s tally -- ...` exactly as an auditor would, from `cwd`. */
function tally(args: string[], cwd = FIXTURES): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', ['--prefix', REPO_ROOT, 'run', '-s', 'tally', '--', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: cwd },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface TallyJson {
  selected: string[];
  totalCost: string;
  ties: { candidates: string[]; chosen: string }[];
  comparison?: { winner: string; preferMes: number; preferGreedy: number };
  explanations: { projectId: string; selected: boolean; reason: string }[];
}

describe('npm run tally', () => {
  it('reproduces Assen 2024 (MES + Add1) from a path relative to the calling directory', () => {
    const { status, stdout } = tally(['Netherlands_Assen_2024.pb', '--rule', 'mes', '--completion', 'add1', '--json']);
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as TallyJson;
    const assen = reference.files['Netherlands_Assen_2024.pb'];
    expect([...result.selected].sort()).toEqual([...(assen?.file_selected ?? [])].sort());
    expect(result.totalCost).toBe(String(assen?.outcomes.mes_cost_add1?.total_cost));
    expect(result.ties.length).toBeGreaterThan(0);
    expect(result.explanations).toHaveLength(14);
  });

  it('reports the comparison step (Gdynia 2020: greedy wins 669 to 454)', () => {
    const { stdout } = tally([
      'Poland_Gdynia_2020_Grabowek__large.pb',
      '--rule',
      'mes',
      '--completion',
      'add1',
      '--comparison',
      'greedy',
      '--json',
    ]);
    const result = JSON.parse(stdout) as TallyJson;
    expect(result.comparison).toEqual({ winner: 'greedy', preferMes: 454, preferGreedy: 669 });
    expect(result.selected).toEqual(['2']);
  });

  it('prints a readable table without --json', () => {
    const { status, stdout } = tally(['Poland_Zabrze_2020_Zandka.pb', '--rule', 'greedy']);
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^project\s+cost\s+score\s+selected\s+reason$/);
    expect(stdout).toContain('total cost:');
  });

  it('fails with exit code 1 and a message on stderr for a bad option', () => {
    const { status, stdout, stderr } = tally(['Poland_Zabrze_2020_Zandka.pb', '--rule', 'plurality']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('--rule must be one of greedy, mes, phragmen');
  });

  it('names the line of a malformed file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-cli-'));
    writeFileSync(
      join(dir, 'broken.pb'),
      'META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;ten\nVOTES\nvoter_id;vote\n',
    );
    const { status, stderr } = tally(['broken.pb', '--rule', 'greedy'], dir);
    expect(status).toBe(1);
    expect(stderr).toContain('line 7');
  });
});
