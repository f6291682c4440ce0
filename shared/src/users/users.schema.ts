import { Type, type Static } from 'typebox';
import { RoleSchema } from '../auth/roles.js';
import { Email } from '../auth/auth.schema.js';

export const AdminUser = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(RoleSchema),
    disabled: Type.Boolean(),
    verified: Type.Boolean(),
    districtId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    lastSignInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type AdminUser = Static<typeof AdminUser>;

export const AdminUserQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the email or display name.' })),
    role: Type.Optional(RoleSchema),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type AdminUserQuery = Static<typeof AdminUserQuery>;

export const AdminUserList = Type.Object(
  { items: Type.Array(AdminUser), total: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type AdminUserList = Static<typeof AdminUserList>;

export const AdminUserPatch = Type.Object(
  {
    roles: Type.Optional(Type.Array(RoleSchema, { uniqueItems: true, maxItems: 5 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AdminUserPatch = Static<typeof AdminUserPatch>;

export const UserIdParams = Type.Object({ userId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export type UserIdParams = Static<typeof UserIdParams>;

/** What a counter clerk sees of a resident: enough to confirm identity, nothing more. */
export const CounterResident = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    displayName: Type.String(),
    verified: Type.Boolean(),
    districtId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    disabled: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type CounterResident = Static<typeof CounterResident>;

export const CounterLookupQuery = Type.Object({ email: Email }, { additionalProperties: false });
export type CounterLookupQuery = Static<typeof CounterLookupQuery>;

export const TemporaryPassword = Type.Object(
  {
    temporaryPassword: Type.String({ description: 'Shown once; the resident must change it at the next sign-in.' }),
  },
  { additionalProperties: false },
);
export type TemporaryPassword = Static<typeof TemporaryPassword>;
