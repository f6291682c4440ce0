import { defineErrors } from '../../errors.js';

export const DiscussionErrors = defineErrors({
  commentNotFound: { code: 'discussion.comment_not_found', status: 404, message: 'No such comment.' },
  commentsClosed: {
    code: 'discussion.comments_closed',
    status: 409,
    message: 'Comments are closed in this phase of the cycle.',
  },
  verificationRequired: {
    code: 'discussion.verification_required',
    status: 403,
    message: 'This cycle asks for verified residents; verify your residency in your profile first.',
  },
  invalidParent: {
    code: 'discussion.invalid_parent',
    status: 400,
    message: 'Reply to a comment of the same proposal.',
  },
  notAuthor: { code: 'discussion.not_author', status: 403, message: 'Only the author can change this comment.' },
  editWindowClosed: {
    code: 'discussion.edit_window_closed',
    status: 409,
    message: 'Comments can be edited for 15 minutes after posting.',
  },
  alreadyDeleted: { code: 'discussion.already_deleted', status: 409, message: 'This comment has been deleted.' },
  alreadyFlagged: { code: 'discussion.already_flagged', status: 409, message: 'You have already flagged this.' },
  targetNotFound: { code: 'discussion.target_not_found', status: 404, message: 'Nothing to moderate here.' },
});
