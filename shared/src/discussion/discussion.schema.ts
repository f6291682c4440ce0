import { Type, type Static } from 'typebox';

/** Authors may edit a comment for this long after posting it. */
export const COMMENT_EDIT_WINDOW_MS = 15 * 60 * 1000;

export const Comment = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    proposalId: Type.String({ format: 'uuid' }),
    parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    authorId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    authorName: Type.Union([Type.String(), Type.Null()]),
    body: Type.Union([Type.String(), Type.Null()], { description: 'Null when deleted or hidden: show a placeholder.' }),
    bodyHtml: Type.Union([Type.String(), Type.Null()], {
      description: 'The body rendered from its limited Markdown as safe HTML; null with body.',
    }),
    deleted: Type.Boolean(),
    hidden: Type.Boolean(),
    hiddenReason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    editedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type Comment = Static<typeof Comment>;

export const CommentList = Type.Object({ items: Type.Array(Comment) }, { additionalProperties: false });
export type CommentList = Static<typeof CommentList>;

export const CreateCommentBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 5000 }),
    parentId: Type.Optional(Type.String({ format: 'uuid', description: 'Reply to this comment.' })),
  },
  { additionalProperties: false },
);
export type CreateCommentBody = Static<typeof CreateCommentBody>;

export const UpdateCommentBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 5000 }) },
  { additionalProperties: false },
);
export type UpdateCommentBody = Static<typeof UpdateCommentBody>;

export const CommentIdParams = Type.Object(
  { commentId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export type CommentIdParams = Static<typeof CommentIdParams>;

export const FlagBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 500 }) },
  { additionalProperties: false },
);
export type FlagBody = Static<typeof FlagBody>;

export const FlagResult = Type.Object(
  { flags: Type.Integer({ minimum: 1 }), hidden: Type.Boolean() },
  { additionalProperties: false },
);
export type FlagResult = Static<typeof FlagResult>;

export const ModerationKind = Type.Union([Type.Literal('proposal'), Type.Literal('comment')]);
export type ModerationKind = Static<typeof ModerationKind>;

export const ModerationParams = Type.Object(
  {
    kind: ModerationKind,
    id: Type.String({ format: 'uuid' }),
    action: Type.Union([Type.Literal('hide'), Type.Literal('restore')]),
  },
  { additionalProperties: false },
);
export type ModerationParams = Static<typeof ModerationParams>;

export const ModerationBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 500, description: 'Shown with the placeholder.' }) },
  { additionalProperties: false },
);
export type ModerationBody = Static<typeof ModerationBody>;

export const ModerationItem = Type.Object(
  {
    kind: ModerationKind,
    id: Type.String({ format: 'uuid' }),
    proposalId: Type.String({ format: 'uuid' }),
    excerpt: Type.String(),
    flags: Type.Integer({ minimum: 0 }),
    reasons: Type.Array(Type.String()),
    hidden: Type.Boolean(),
    firstFlaggedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type ModerationItem = Static<typeof ModerationItem>;

export const ModerationQueue = Type.Object({ items: Type.Array(ModerationItem) }, { additionalProperties: false });
export type ModerationQueue = Static<typeof ModerationQueue>;
