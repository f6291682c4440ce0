import { defineErrors } from '../../errors.js';

export const ResultErrors = defineErrors({
  notFound: { code: 'results.not_found', status: 404, message: 'No such cycle.' },
  notReady: {
    code: 'results.not_ready',
    status: 409,
    message: 'Results exist once voting has closed, paper entry is closed and the count has run.',
  },
  notPublic: {
    code: 'results.not_public',
    status: 403,
    message: 'Until publication, results are shown to staff and auditors only.',
  },
  countStopped: {
    code: 'results.count_stopped',
    status: 409,
    message:
      'The count stopped: the ballots do not reconcile with the participations in at least one district. Staff and auditors see both numbers.',
  },
  immutable: { code: 'results.immutable', status: 409, message: 'Stored results are never changed.' },
});
