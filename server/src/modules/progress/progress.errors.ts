import { defineErrors } from '../../errors.js';

export const ProgressErrors = defineErrors({
  cycleNotFound: { code: 'progress.cycle_not_found', status: 404, message: 'No such cycle.' },
  notPublished: {
    code: 'progress.not_published',
    status: 404,
    message: 'Implementation progress exists once the results of the cycle are published.',
  },
  projectNotFound: { code: 'progress.project_not_found', status: 404, message: 'No such project in this cycle.' },
  notFunded: {
    code: 'progress.not_funded',
    status: 409,
    message: 'Only projects the published results funded have implementation progress.',
  },
  percentMismatch: {
    code: 'progress.percent_mismatch',
    status: 400,
    message: 'The percent does not fit the status: planned is 0 %, in progress 0–99 %, done 100 %.',
  },
  milestoneNotFound: { code: 'progress.milestone_not_found', status: 404, message: 'No such milestone.' },
});
