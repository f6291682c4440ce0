import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyExport, type ExportManifest } from '@pb/shared';

const USAGE = `Usage: npm run -s verify -- <export.pb> [--manifest manifest.json] [--json]

Recounts a district's exported ballots from the file alone and compares the outcome with the
file's selected column and, given the cycle's manifest, with the published result and hashes.
Exit code 0 only when every check holds.`;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function main(argv: string[]): number {
  let values: { manifest?: string; json?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { manifest: { type: 'string' }, json: { type: 'boolean' } },
    }));
  } catch (error) {
    process.stderr.write(`verify: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const base = process.env.INIT_CWD ?? process.cwd();
  const path = (name: string) => (isAbsolute(name) ? name : resolve(base, name));
  try {
    const text = readFileSync(path(file), 'utf8');
    const manifest =
      values.manifest === undefined
        ? undefined
        : (JSON.parse(readFileSync(path(values.manifest), 'utf8')) as ExportManifest);
    const checks = verifyExport({
      text,
      fileName: basename(file),
      ...(manifest === undefined ? {} : { manifest }),
      sha256,
    });
    const verified = checks.every((entry) => entry.ok);
    if (values.json === true) process.stdout.write(`${JSON.stringify({ verified, checks })}\n`);
    else {
      for (const entry of checks)
        process.stdout.write(`${entry.ok ? 'ok  ' : 'FAIL'}  ${entry.name} (${entry.detail})\n`);
      process.stdout.write(verified ? 'verified: every check holds\n' : 'NOT verified\n');
    }
    return verified ? 0 : 1;
  } catch (error) {
    process.stderr.write(`verify: ${(error as Error).message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
