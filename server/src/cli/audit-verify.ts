import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { verifyAuditChain } from '../modules/audit/audit.chain.js';

/** `npm run audit:verify`: checks the audit log's hash chain on the configured database. */
async function main(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const report = await verifyAuditChain(database.db);
    if (report.broken === null) {
      process.stdout.write(`audit log verified: ${String(report.entries)} entries, chain intact\n`);
      return 0;
    }
    const { id, chainSeq, problem } = report.broken;
    process.stdout.write(`audit log BROKEN at entry ${String(id)} (chain position ${String(chainSeq)}): ${problem}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
