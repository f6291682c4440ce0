import type { Comment, CommentList, CreateCommentBody, FlagResult, ModerationKind, ModerationQueue } from '@pb/shared';
import { apiRequest, apiSend } from './client.js';

export function fetchComments(proposalId: string): Promise<CommentList> {
  return apiRequest<CommentList>(`/api/proposals/${encodeURIComponent(proposalId)}/comments`);
}

export function postComment(proposalId: string, body: CreateCommentBody): Promise<Comment> {
  return apiSend<Comment>('POST', `/api/proposals/${encodeURIComponent(proposalId)}/comments`, body);
}

export function editComment(commentId: string, body: string): Promise<Comment> {
  return apiSend<Comment>('PATCH', `/api/comments/${encodeURIComponent(commentId)}`, { body });
}

export function deleteComment(commentId: string): Promise<void> {
  return apiSend<undefined>('DELETE', `/api/comments/${encodeURIComponent(commentId)}`);
}

/** Reports a proposal or a comment to the moderators. */
export function flagContent(kind: ModerationKind, id: string, reason: string): Promise<FlagResult> {
  const base = kind === 'proposal' ? '/api/proposals' : '/api/comments';
  return apiSend<FlagResult>('POST', `${base}/${encodeURIComponent(id)}/flags`, { reason });
}

export function fetchModerationQueue(): Promise<ModerationQueue> {
  return apiRequest<ModerationQueue>('/api/moderation/queue');
}

export function moderate(kind: ModerationKind, id: string, action: 'hide' | 'restore', reason: string): Promise<void> {
  return apiSend<undefined>('POST', `/api/moderation/${kind}/${encodeURIComponent(id)}/${action}`, { reason });
}
