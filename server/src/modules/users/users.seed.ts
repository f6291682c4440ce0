import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES, type Role } from '@pb/shared';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { generateTemporaryPassword } from '../auth/passwords.js';
import { updateUser } from './users.repository.js';
import { createUser } from './users.service.js';

export interface DemoAccount {
  userId: string;
  role: Role;
  email: string;
  password: string;
}

/**
 * One account per role for trying the platform out on the embedded database. Passwords are random
 * and shown once (and kept in DATA_DIR/demo-accounts.txt, readable by the owner only). The demo
 * resident is verified for the first district that is not city-wide.
 */
export async function seedDemoAccounts(db: Database, districtId: string | undefined): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  for (const role of ROLES) {
    const email = `${role}@demo.example`;
    const password = generateTemporaryPassword();
    const user = await createUser(db, {
      email,
      password,
      displayName: `Demo ${role}`,
      roles: [role],
    });
    if (role === 'resident' && districtId !== undefined) {
      await updateUser(db, user.id, { districtId, verificationMethod: 'code', verifiedAt: sql`now()` });
    }
    accounts.push({ userId: user.id, role, email, password });
  }
  return accounts;
}

export function announceDemoAccounts(dataDir: string, accounts: readonly DemoAccount[]): void {
  const lines = accounts.map(
    (account) => `  ${account.role.padEnd(10)} ${account.email.padEnd(24)} ${account.password}`,
  );
  const text = `Demo accounts (embedded database only; never in production):\n${lines.join('\n')}\n`;
  const file = join(dataDir, 'demo-accounts.txt');
  writeFileSync(file, text, { mode: 0o600 });
  process.stdout.write(`\n${text}(also written to ${file})\n\n`);
}
