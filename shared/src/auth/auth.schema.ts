import { Type, type Static } from 'typebox';
import { RoleSchema } from './roles.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export const LocaleSchema = Type.Union([Type.Literal('ja'), Type.Literal('en')], { description: 'ja or en' });

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
/** Length only: the server also refuses common passwords (auth.password_too_common). */
export const Password = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });
export const DisplayName = Type.String({ minLength: 1, maxLength: 80 });

export const VerificationMethod = Type.Union([Type.Literal('census'), Type.Literal('code')]);
export type VerificationMethod = Static<typeof VerificationMethod>;

export const Verification = Type.Object(
  {
    verified: Type.Boolean(),
    method: Type.Union([VerificationMethod, Type.Null()]),
    verifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type Verification = Static<typeof Verification>;

export const CurrentUser = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    displayName: Type.String(),
    locale: LocaleSchema,
    roles: Type.Array(RoleSchema),
    districtId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description: 'The district the resident was verified for; null until verified.',
    }),
    verification: Verification,
    mustChangePassword: Type.Boolean({
      description: 'Set after a counter reset: every other route answers 403 until the password is changed.',
    }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'CurrentUser', additionalProperties: false },
);
export type CurrentUser = Static<typeof CurrentUser>;

export const SessionState = Type.Object(
  {
    user: Type.Union([CurrentUser, Type.Null()], {
      description: 'Who the session cookie signs in; null for a visitor who is not signed in (or whose session ended).',
    }),
  },
  { additionalProperties: false },
);
export type SessionState = Static<typeof SessionState>;

export const AuthResponse = Type.Object(
  {
    user: CurrentUser,
    token: Type.String({ description: 'Access token (30 minutes); also set as the httpOnly session cookie.' }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type AuthResponse = Static<typeof AuthResponse>;

export const RegisterBody = Type.Object(
  { email: Email, password: Password, displayName: DisplayName, locale: Type.Optional(LocaleSchema) },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const PasswordResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });
export type PasswordResetRequestBody = Static<typeof PasswordResetRequestBody>;

export const PasswordResetConfirmBody = Type.Object(
  { token: Type.String({ minLength: 16, maxLength: 200 }), password: Password },
  { additionalProperties: false },
);
export type PasswordResetConfirmBody = Static<typeof PasswordResetConfirmBody>;

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const UpdateMeBody = Type.Object(
  { displayName: Type.Optional(DisplayName), locale: Type.Optional(LocaleSchema) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;

export const DeleteMeBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 200, description: 'Confirms the deletion.' }) },
  { additionalProperties: false },
);
export type DeleteMeBody = Static<typeof DeleteMeBody>;
