import { Type, type Static } from 'typebox';

/** What a notification is about; `details` holds the status and reason, or the comment's id. */
export const NOTIFICATION_KINDS = {
  statusChanged: 'proposal.status_changed',
  commented: 'proposal.commented',
  replied: 'comment.replied',
} as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[keyof typeof NOTIFICATION_KINDS];

export const Notification = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.String({
      description: '`proposal.status_changed`, `proposal.commented` (a followed proposal) or `comment.replied`.',
    }),
    proposalId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    proposalTitle: Type.Union([Type.String(), Type.Null()], {
      description: 'The title of the proposal it is about; null when none or when moderation hides it.',
    }),
    details: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Type.String({ format: 'date-time' }),
    read: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Notification = Static<typeof Notification>;

export const NotificationList = Type.Object(
  { items: Type.Array(Notification), unread: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type NotificationList = Static<typeof NotificationList>;

export const MarkNotificationsReadBody = Type.Object(
  { ids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200 })) },
  { additionalProperties: false },
);
export type MarkNotificationsReadBody = Static<typeof MarkNotificationsReadBody>;

export const SupportResult = Type.Object(
  {
    supportCount: Type.Integer({ minimum: 0 }),
    supportedByMe: Type.Boolean(),
    supportsNeeded: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type SupportResult = Static<typeof SupportResult>;

export const FollowResult = Type.Object({ followedByMe: Type.Boolean() }, { additionalProperties: false });
export type FollowResult = Static<typeof FollowResult>;
