import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Value } from 'typebox/value';
import { AuditChainHead } from '@pb/shared';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { verifyAuditChain, type AnchorCheck } from '../modules/audit/audit.chain.js';

const USAGE = `Usage: npm run -s audit:verify [-- --anchor manifest.json [--anchor head.json ...]]

Walks the audit log's hash chain on DATABASE_URL (or the embedded database), recomputing every
entry's hash here rather than trusting the database's function for it. Each --anchor is a cycle's
export manifest (its auditAnchor) or a file {"chainSeq": N, "hash": "..."} saved from
GET /api/audit-log/head, kept outside the platform: the chain must still hold that position with
that hash. Exit code 0 only when the chain and every anchor hold.`;

interface NamedAnchor {
  file: string;
  anchor: AuditChainHead;
}

/** A manifest's `auditAnchor`, or the file itself when it is a bare `{ chainSeq, hash }`. */
function readAnchor(file: string): AuditChainHead {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const inner = typeof parsed === 'object' && parsed !== null && 'auditAnchor' in parsed ? parsed.auditAnchor : parsed;
  if (typeof inner !== 'object' || inner === null || !('chainSeq' in inner) || !('hash' in inner))
    throw new Error(`${file}: neither a manifest with auditAnchor nor {"chainSeq", "hash"}`);
  const anchor = { chainSeq: inner.chainSeq, hash: inner.hash };
  if (!Value.Check(AuditChainHead, anchor))
    throw new Error(`${file}: chainSeq must be a whole number from 0 and hash 64 lowercase hex digits`);
  return anchor;
}

function describe({ file, anchor }: NamedAnchor): string {
  return `anchor ${file} (position ${String(anchor.chainSeq)}, hash ${anchor.hash})`;
}

function anchorLine(named: NamedAnchor, check: AnchorCheck | undefined): string {
  if (check?.holds === true) return `${describe(named)}: holds\n`;
  return `${describe(named)} FAILED: ${check?.problem ?? 'not checked'}\n`;
}

async function main(argv: string[]): Promise<number> {
  let files: string[];
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: { anchor: { type: 'string', multiple: true } },
    });
    files = values.anchor ?? [];
  } catch (error) {
    process.stderr.write(`audit:verify: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const base = process.env.INIT_CWD ?? process.cwd();
  let anchors: NamedAnchor[];
  try {
    anchors = files.map((file) => ({ file, anchor: readAnchor(isAbsolute(file) ? file : resolve(base, file)) }));
  } catch (error) {
    process.stderr.write(`audit:verify: ${(error as Error).message}\n`);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const report = await verifyAuditChain(
      database.db,
      anchors.map((named) => named.anchor),
    );
    if (report.broken === null) {
      process.stdout.write(`chain intact: ${String(report.entries)} entries, every hash recomputed here\n`);
    } else {
      const { id, chainSeq, problem } = report.broken;
      process.stdout.write(
        `audit log BROKEN at entry ${String(id)} (chain position ${String(chainSeq)}): ${problem}\n`,
      );
    }
    for (const [index, named] of anchors.entries()) process.stdout.write(anchorLine(named, report.anchors[index]));
    const failed = report.anchors.filter((check) => !check.holds).length;
    const verified = report.broken === null && failed === 0;
    const anchorsHeld =
      anchors.length === 0 ? '' : `, ${String(anchors.length - failed)} of ${String(anchors.length)} anchors hold`;
    process.stdout.write(`${verified ? 'audit log verified' : 'audit log NOT verified'}${anchorsHeld}\n`);
    return verified ? 0 : 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
