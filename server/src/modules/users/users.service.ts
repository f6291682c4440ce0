import type { AdminUser, AdminUserPatch, CounterResident, CurrentUser, Role, UpdateMeBody } from '@pb/shared';
import { isLocale, isRole } from '@pb/shared';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { AuthErrors } from '../auth/auth.errors.js';
import { revokeUserSessions } from '../auth/auth.repository.js';
import { generateTemporaryPassword, hashPassword, isWeakPassword, verifyPassword } from '../auth/passwords.js';
import { recordAudit } from '../audit/audit.service.js';
import { UserErrors } from './users.errors.js';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  lockUser,
  searchUsers,
  updateUser,
  type UserRow,
  type UserSearch,
  type UserUpdate,
} from './users.repository.js';

function rolesOf(row: UserRow): Role[] {
  return row.roles.filter(isRole);
}

function requireLive(row: UserRow | undefined): UserRow & { email: string; displayName: string } {
  if (row === undefined || row.email === null || row.displayName === null || row.deletedAt !== null)
    throw new AppError(UserErrors.notFound);
  return row as UserRow & { email: string; displayName: string };
}

/** Holds no role beyond `resident`: staff may help such accounts at the counter. */
export function isResidentOnly(row: UserRow): boolean {
  return row.roles.every((role) => role === 'resident');
}

export function toCurrentUser(input: UserRow): CurrentUser {
  const row = requireLive(input);
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    locale: isLocale(row.locale) ? row.locale : 'ja',
    roles: rolesOf(row),
    districtId: row.districtId,
    verification: {
      verified: row.verifiedAt !== null,
      method: row.verificationMethod === 'census' || row.verificationMethod === 'code' ? row.verificationMethod : null,
      verifiedAt: row.verifiedAt?.toISOString() ?? null,
    },
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toAdminUser(input: UserRow): AdminUser {
  const row = requireLive(input);
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    roles: rolesOf(row),
    disabled: row.disabledAt !== null,
    verified: row.verifiedAt !== null,
    districtId: row.districtId,
    createdAt: row.createdAt.toISOString(),
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
  };
}

export function toCounterResident(input: UserRow): CounterResident {
  const row = requireLive(input);
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    verified: row.verifiedAt !== null,
    districtId: row.districtId,
    disabled: row.disabledAt !== null,
  };
}

export function assertAcceptablePassword(password: string, personal: readonly string[]): void {
  if (isWeakPassword(password, personal)) throw new AppError(AuthErrors.passwordTooCommon);
}

export interface NewUser {
  email: string;
  password: string;
  displayName: string;
  roles: readonly Role[];
  locale?: 'ja' | 'en';
}

/** Registration, the user:create command and test set-up all create accounts through here. */
export async function createUser(db: Database, input: NewUser): Promise<UserRow> {
  const email = input.email.trim();
  const displayName = input.displayName.trim();
  assertAcceptablePassword(input.password, [email, displayName]);
  const passwordHash = await hashPassword(input.password);
  const row = await insertUser(db, {
    email,
    displayName,
    passwordHash,
    locale: input.locale ?? 'ja',
    roles: [...new Set(input.roles)],
  });
  if (row === undefined) throw new AppError(AuthErrors.emailTaken);
  return row;
}

export async function getCurrentUser(db: Database, userId: string): Promise<CurrentUser> {
  return toCurrentUser(requireLive(await findUserById(db, userId)));
}

export async function updateProfile(db: Database, userId: string, patch: UpdateMeBody): Promise<CurrentUser> {
  const values: UserUpdate = {};
  if (patch.displayName !== undefined) values.displayName = patch.displayName.trim();
  if (patch.locale !== undefined) values.locale = patch.locale;
  return toCurrentUser(requireLive(await updateUser(db, userId, values)));
}

/**
 * Erases the personal data and keeps a tombstone: ballots are anonymous and stay counted, and
 * participations keep pointing at an id that no longer names anyone. The census hash stays, so
 * the same resident cannot verify a new account and vote twice.
 */
export async function deleteAccount(db: Database, userId: string, password: string): Promise<void> {
  const row = requireLive(await findUserById(db, userId));
  if (row.passwordHash === null || !(await verifyPassword(row.passwordHash, password))) {
    throw new AppError(AuthErrors.invalidCredentials, 'The password is wrong; the account was not deleted.');
  }
  await db.transaction(async (tx) => {
    await updateUser(tx, userId, {
      email: null,
      displayName: null,
      passwordHash: null,
      roles: [],
      deletedAt: sql`now()`,
    });
    await revokeUserSessions(tx, userId);
    await recordAudit(tx, { actorId: userId, action: 'user.deleted', subjectId: userId });
  });
}

export async function listUsers(db: Database, search: UserSearch): Promise<{ items: AdminUser[]; total: number }> {
  const { rows, total } = await searchUsers(db, search);
  return { items: rows.map(toAdminUser), total };
}

export async function adminUpdateUser(
  db: Database,
  actorId: string,
  userId: string,
  patch: AdminUserPatch,
): Promise<AdminUser> {
  return db.transaction(async (tx) => {
    const row = requireLive(await lockUser(tx, userId));
    const before = rolesOf(row);
    const roles = patch.roles === undefined ? undefined : [...new Set(patch.roles)];
    // An admin who could make themself staff could also confirm their own phase moves.
    if (actorId === userId && roles !== undefined && [...roles].sort().join() !== [...before].sort().join()) {
      throw new AppError(UserErrors.cannotChangeOwnRoles);
    }
    if (actorId === userId && patch.disabled === true) throw new AppError(UserErrors.cannotChangeOwnAdmin);
    const values: UserUpdate = {};
    if (roles !== undefined) values.roles = roles;
    if (patch.disabled !== undefined) values.disabledAt = patch.disabled ? sql`now()` : null;
    const updated = requireLive(await updateUser(tx, userId, values));
    if (patch.roles !== undefined && patch.roles.join() !== before.join()) {
      await recordAudit(tx, {
        actorId,
        action: 'user.roles_changed',
        subjectId: userId,
        details: { from: before, to: rolesOf(updated) },
      });
    }
    if (patch.disabled !== undefined && patch.disabled !== (row.disabledAt !== null)) {
      if (patch.disabled) await revokeUserSessions(tx, userId);
      await recordAudit(tx, { actorId, action: patch.disabled ? 'user.disabled' : 'user.enabled', subjectId: userId });
    }
    return toAdminUser(updated);
  });
}

export async function findResidentForCounter(db: Database, email: string): Promise<CounterResident> {
  return toCounterResident(requireLive(await findUserByEmail(db, email)));
}

/**
 * Counter reset after staff checked the resident's identity: a temporary password, shown once,
 * which must be replaced at the next sign-in; every open session ends.
 */
export async function counterResetPassword(db: Database, actorId: string, userId: string): Promise<string> {
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await db.transaction(async (tx) => {
    const row = requireLive(await lockUser(tx, userId));
    // Otherwise a clerk could take over an admin's account with a password of their choosing.
    if (!isResidentOnly(row)) throw new AppError(UserErrors.privilegedAccount);
    await updateUser(tx, userId, { passwordHash, mustChangePassword: true });
    await revokeUserSessions(tx, userId);
    await recordAudit(tx, { actorId, action: 'user.password_reset_at_counter', subjectId: userId });
  });
  return temporaryPassword;
}
