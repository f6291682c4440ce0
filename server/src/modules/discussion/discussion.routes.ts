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
import { deleteComment, editComment, flagContent, getComments, postComment } from './discussion.service.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

export default async function discussionRoutes(app: App): Promise<void> {
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
      reply.status(201).send(await postComment(app.db, requireAuth(request), request.params.proposalId, request.body)),
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

  app.post(
    '/api/proposals/:proposalId/flags',
    {
      config: { access: ['resident'] },
      schema: {
        tags: ['discussion'],
        summary: "Report a proposal; at the cycle's threshold it is hidden pending a moderator",
        params: ProposalIdParams,
        body: FlagBody,
        response: { 201: FlagResult, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await flagContent(app.db, requireAuth(request), 'proposal', request.params.proposalId, request.body.reason),
        ),
  );

  app.post(
    '/api/comments/:commentId/flags',
    {
      config: { access: ['resident'] },
      schema: {
        tags: ['discussion'],
        summary: "Report a comment; at the cycle's threshold it is hidden pending a moderator",
        params: CommentIdParams,
        body: FlagBody,
        response: { 201: FlagResult, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await flagContent(app.db, requireAuth(request), 'comment', request.params.commentId, request.body.reason),
        ),
  );
}
