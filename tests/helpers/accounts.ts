import type { Role } from '@pb/shared';
import supertest from 'supertest';
import type { App } from '../../server/src/app.js';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { createUser } from '../../server/src/modules/users/users.service.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  token: string;
  /** `Authorization` header value. */
  bearer: string;
}

let counter = 0;

export function uniqueEmail(label = 'user'): string {
  counter += 1;
  return `${label}-${String(process.pid)}-${String(counter)}-${String(Date.now())}@example.org`;
}

/** Signs in over HTTP, as a client would; returns the bearer token. */
export async function signIn(app: App, email: string, password: string = TEST_PASSWORD): Promise<string> {
  const response = await supertest(app.server).post('/api/auth/login').send({ email, password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${String(response.status)} ${response.text}`);
  return (response.body as { token: string }).token;
}

/** Creates an account with the given roles directly in the database, then signs in over HTTP. */
export async function createAccount(
  app: App,
  roles: readonly Role[],
  options: { label?: string; disabled?: boolean } = {},
): Promise<TestAccount> {
  const email = uniqueEmail(options.label ?? roles[0] ?? 'nobody');
  const user = await createUser(app.db, {
    email,
    password: TEST_PASSWORD,
    displayName: email.split('@')[0] ?? 'x',
    roles,
  });
  const token = await signIn(app, email);
  if (options.disabled === true) await updateUser(app.db, user.id, { disabledAt: new Date() });
  return { id: user.id, email, password: TEST_PASSWORD, token, bearer: `Bearer ${token}` };
}
