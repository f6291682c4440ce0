import { Type } from 'typebox';
import {
  Comment,
  CommentIdParams,
  CommentList,
  CreateCommentBody,
  ErrorResponse,
  FlagBody,
  FlagResult,
  ProposalIdParams,
  UpdateCommentBody,
} from '@pb/shared';
import { optionalAuth, requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import type { NewsMail } from '../notifications/notifications.mail.js';
import { deleteComment, editComment, flagContent, getComments, postComment } from './discussion.service.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

export default async function discussionRoutes(app: App, options: { newsMail: NewsMail }): Promise<void> {
  app.get(
    '/api/proposals/:proposalId/comments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['discussion'],
        summary:
          'Comments of a proposal, oldest first, with parent ids for threading; hidden and deleted ones as placeholders',
        security: [],
        params: ProposalIdParams,
        response: { 200: CommentList, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => getComments(app.db, request.params.proposalId, await optionalAuth(app, request)),
  );

  app.post(
    '/api/proposals/:proposalId/comments',
    {
      config: { access: ['resident'] },
      schema: {
        tags: ['discussion'],
        summary: "Comment on a proposal, or reply to a comment, in the cycle's comment phases",
        params: ProposalIdParams,
        body: CreateCommentBody,
        response: { 201: Comment, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await postComment(app.db, options.newsMail, requireAuth(request), request.params.proposalId, request.body),
        ),
  );

  app.patch(
    '/api/comments/:commentId',
    {
      config: { access: ['resident'] },
      schema: {
        tags: ['discussion'],
        summary: 'Edit your comment within 15 minutes of posting it',
        params: CommentIdParams,
        body: UpdateCommentBody,
        response: { 200: Comment, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => editComment(app.db, requireAuth(request), request.params.commentId, request.body.body),
  );

  app.delete(
    '/api/comments/:commentId',
    {
      config: { access: ['resident'] },
      schema: {
        tags: ['discussion'],
        summary: 'Delete your comment (shown as deleted, replies keep their place)',
        params: CommentIdParams,
        response: { 204: Type.Null(), 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      await deleteComment(app.db, requireAuth(request), request.params.commentId);
      return reply.status(204).send(null);
    },
  );

  const flagRoutes = [
    { url: '/api/proposals/:proposalId/flags', kind: 'proposal', params: ProposalIdParams, what: 'proposal' },
    { url: '/api/comments/:commentId/flags', kind: 'comment', params: CommentIdParams, what: 'comment' },
  ] as const;
  for (const route of flagRoutes) {
    app.post(
      route.url,
      {
        config: { access: ['resident'] },
        schema: {
          tags: ['discussion'],
          summary: `Report a ${route.what}; at the cycle's threshold it is hidden pending a moderator`,
          params: route.params,
          body: FlagBody,
          response: { 201: FlagResult, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
        },
      },
      async (request, reply) => {
        const params = request.params as { proposalId?: string; commentId?: string };
        const targetId = params.proposalId ?? params.commentId ?? '';
        return reply
          .status(201)
          .send(await flagContent(app.db, requireAuth(request), route.kind, targetId, request.body.reason));
      },
    );
  }
}
