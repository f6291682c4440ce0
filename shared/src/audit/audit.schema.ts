import { Type, type Static } from 'typebox';

export const AuditEvent = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    actorId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    action: Type.String({ description: 'e.g. `user.roles_changed`, `verification.census`.' }),
    subjectId: Type.Union([Type.String(), Type.Null()]),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 64 })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Events with a smaller id (paging backwards).' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEventList = Type.Object({ items: Type.Array(AuditEvent) }, { additionalProperties: false });
export type AuditEventList = Static<typeof AuditEventList>;

export const OutboxMessage = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    to: Type.String(),
    subject: Type.String(),
    body: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type OutboxMessage = Static<typeof OutboxMessage>;

export const OutboxList = Type.Object({ items: Type.Array(OutboxMessage) }, { additionalProperties: false });
export type OutboxList = Static<typeof OutboxList>;
