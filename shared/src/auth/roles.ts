import { Type } from 'typebox';

/** Flat roles: each grants exactly its own permissions (an admin is not staff unless also given staff). */
export const ROLES = ['resident', 'moderator', 'staff', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const RoleSchema = Type.Union(
  [
    Type.Literal('resident'),
    Type.Literal('moderator'),
    Type.Literal('staff'),
    Type.Literal('auditor'),
    Type.Literal('admin'),
  ],
  { description: 'resident, moderator, staff, auditor or admin' },
);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
