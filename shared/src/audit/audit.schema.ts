import { Type, type Static } from 'typebox';
import { ROLES, RoleSchema } from '../auth/roles.js';

/** The role an audit entry's actor acted in; `system` for jobs, `anonymous` for a visitor. */
export const AuditActorRole = Type.Union([RoleSchema, Type.Literal('system'), Type.Literal('anonymous')]);
export type AuditActorRole = Static<typeof AuditActorRole>;
export const AUDIT_ACTOR_ROLES: readonly AuditActorRole[] = [...ROLES, 'system', 'anonymous'];

export const AuditActor = Type.Object(
  {
    name: Type.Union([Type.String(), Type.Null()]),
    erased: Type.Boolean({ description: 'The account was deleted: its name is gone.' }),
  },
  {
    additionalProperties: false,
    description: "The actor's display name as the account reads now; never an e-mail address (the log holds none).",
  },
);
export type AuditActor = Static<typeof AuditActor>;

export const AuditSubject = Type.Union(
  [
    Type.Object(
      {
        kind: Type.Literal('user'),
        name: Type.Union([Type.String(), Type.Null()]),
        erased: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      { kind: Type.Literal('cycle'), titleJa: Type.String(), titleEn: Type.String() },
      { additionalProperties: false },
    ),
    Type.Object(
      { kind: Type.Literal('proposal'), title: Type.String(), cycleId: Type.String({ format: 'uuid' }) },
      { additionalProperties: false },
    ),
  ],
  { description: 'What the subject id names now: an account, a cycle or a proposal.' },
);
export type AuditSubject = Static<typeof AuditSubject>;

export const AuditEvent = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    actorId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    actorRole: Type.Union([Type.String(), Type.Null()], {
      description: 'Null on entries written before roles were recorded.',
    }),
    action: Type.String({ description: 'e.g. `user.roles_changed`, `verification.census`.' }),
    subjectId: Type.Union([Type.String(), Type.Null()]),
    actor: Type.Union([AuditActor, Type.Null()], { description: 'Null for the system or an unknown id.' }),
    subject: Type.Union([AuditSubject, Type.Null()], { description: 'Null when the id names nothing known.' }),
    details: Type.Record(Type.String(), Type.Unknown()),
    chainSeq: Type.Union([Type.Integer(), Type.Null()], { description: 'Position in the hash chain.' }),
    hash: Type.Union([Type.String(), Type.Null()], { description: 'SHA-256 of this entry and the previous hash.' }),
  },
  { additionalProperties: false },
);
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditQuery = Type.Object(
  {
    action: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'Actions starting with this text, e.g. `cycle.` or `auth.login_failed`.',
      }),
    ),
    actorId: Type.Optional(Type.String({ format: 'uuid' })),
    role: Type.Optional(AuditActorRole),
    subjectId: Type.Optional(Type.String({ maxLength: 200 })),
    from: Type.Optional(
      Type.String({ format: 'date', description: "First day (in the city's time zone), inclusive." }),
    ),
    to: Type.Optional(Type.String({ format: 'date', description: "Last day (in the city's time zone), inclusive." })),
    before: Type.Optional(
      Type.Integer({
        minimum: 1,
        // Ids are a bigint column read as JS numbers; anything larger overflows the query (22003).
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'Events with a smaller id (paging backwards).',
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEventList = Type.Object({ items: Type.Array(AuditEvent) }, { additionalProperties: false });

export const AuditChainReport = Type.Object(
  {
    entries: Type.Integer({ minimum: 0 }),
    intact: Type.Boolean(),
    broken: Type.Union([
      Type.Object(
        { id: Type.Integer(), chainSeq: Type.Union([Type.Integer(), Type.Null()]), problem: Type.String() },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);
export type AuditChainReport = Static<typeof AuditChainReport>;
export type AuditEventList = Static<typeof AuditEventList>;

/** Before the first entry the chain's head is position 0 with this hash (what entry 1 names as previous). */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export const AuditChainHead = Type.Object(
  {
    chainSeq: Type.Integer({ minimum: 0, description: 'Position of the latest chained entry; 0 for an empty log.' }),
    hash: Type.String({
      pattern: '^[0-9a-f]{64}$',
      description: 'Its SHA-256 (hex); 64 zeros for an empty log.',
    }),
  },
  { additionalProperties: false },
);
export type AuditChainHead = Static<typeof AuditChainHead>;

export const AuditAnchor = Type.Object(
  {
    kind: Type.Union([Type.Literal('publication'), Type.Literal('current-head')], {
      description:
        "`publication`: the entry that recorded the cycle's publication; `current-head`: not published yet (or published without such an entry), so the chain's head when this was asked for.",
    }),
    chainSeq: AuditChainHead.properties.chainSeq,
    hash: AuditChainHead.properties.hash,
  },
  {
    additionalProperties: false,
    description:
      'A position in the audit chain and its hash. Kept outside the platform, it lets `npm run audit:verify -- --anchor` show that no entry up to it was changed or removed since.',
  },
);
export type AuditAnchor = Static<typeof AuditAnchor>;

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
