import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { isRole, ROLES, type Role } from '@pb/shared';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateDatabase } from '../db/migrate.js';
import { AppError } from '../errors.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { createUser } from '../modules/users/users.service.js';

const USAGE = `Usage: npm run -s user:create -- --email <email> --role <role> [--role <role> ...] [--name <display name>]

Creates an account (for example the first admin) in the database named by DATABASE_URL, or in the
embedded database under DATA_DIR when it is unset. The password is read from standard input
(piped), or prompted for twice without echo on a terminal. Roles: ${ROLES.join(', ')}.`;

class UsageError extends Error {}

async function readPiped(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

async function promptHidden(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing while the password is typed; readline has no switch for it.
  const muted = terminal as unknown as { _writeToOutput(text: string): void };
  let prompted = false;
  muted._writeToOutput = (text: string) => {
    if (!prompted) process.stdout.write(text);
    prompted = true;
  };
  try {
    return await new Promise<string>((resolve) => {
      terminal.question(question, resolve);
    });
  } finally {
    process.stdout.write('\n');
    terminal.close();
  }
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readPiped();
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Repeat the password: ');
  if (first !== second) throw new UsageError('the two passwords differ');
  return first;
}

function parseCommandLine(argv: string[]): { email: string; roles: Role[]; name: string | undefined } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string', multiple: true },
      name: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) throw new UsageError('');
  if (values.email === undefined) throw new UsageError('--email is required');
  const roles = values.role ?? [];
  if (roles.length === 0) throw new UsageError('at least one --role is required');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new UsageError(`unknown role ${unknown.join(', ')} (roles: ${ROLES.join(', ')})`);
  return { email: values.email, roles: roles.filter(isRole), name: values.name };
}

async function main(): Promise<number> {
  let input;
  try {
    input = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(message === '' ? USAGE : `${message}\n\n${USAGE}`);
    return message === '' ? 0 : 2;
  }
  const config = loadConfig();
  const password = await readPassword();
  const database = await openDatabase(config.database, { max: 1 });
  try {
    await migrateDatabase(database);
    const user = await createUser(database.db, {
      email: input.email,
      password,
      displayName: input.name ?? input.email.split('@')[0] ?? input.email,
      roles: input.roles,
    });
    await recordAudit(database.db, {
      actorId: null,
      action: 'user.created_by_cli',
      subjectId: user.id,
      details: { roles: input.roles },
    });
    console.log(`Created ${input.email} (${input.roles.join(', ')}), id ${user.id}`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof AppError || error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = error instanceof UsageError ? 2 : 1;
      return;
    }
    console.error(error);
    process.exitCode = 1;
  },
);
