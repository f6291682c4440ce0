import { defineErrors } from '../../errors.js';

export const UserErrors = defineErrors({
  notFound: { code: 'users.not_found', status: 404, message: 'No such user.' },
  privilegedAccount: {
    code: 'users.privileged_account',
    status: 403,
    message:
      'Accounts with moderator, staff, auditor or admin roles are not reset at the counter; an admin resets them.',
  },
  cannotChangeOwnRoles: {
    code: 'users.cannot_change_own_roles',
    status: 403,
    message: 'Nobody changes their own roles; ask another admin.',
  },
  cannotChangeOwnAdmin: {
    code: 'users.cannot_change_own_admin',
    status: 409,
    message: 'Admins cannot disable themselves; ask another admin.',
  },
});
