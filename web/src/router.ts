import { createRouter } from 'sv-router';
import { dismissNoticeUnlessOn } from './lib/state/notice.svelte.js';
import Home from './routes/Home.svelte';
import NotFound from './routes/NotFound.svelte';

/** Pages other than the home page load on demand, keeping the first load small. */
// sv-router returns closures (its documented usage) that its types declare as methods.
// eslint-disable-next-line @typescript-eslint/unbound-method
export const { p, navigate, isActive, route } = createRouter({
  '/': Home,
  '/proposals': () => import('./routes/Proposals.svelte'),
  '/proposals/:proposalId': () => import('./routes/Proposal.svelte'),
  '/proposals/:proposalId/edit': () => import('./routes/ProposalEdit.svelte'),
  '/cycles': () => import('./routes/Cycles.svelte'),
  '/cycles/:cycleId': () => import('./routes/Cycle.svelte'),
  '/cycles/:cycleId/propose': () => import('./routes/ProposalNew.svelte'),
  '/cycles/:cycleId/vote': () => import('./routes/Vote.svelte'),
  '/cycles/:cycleId/vote/:districtId': () => import('./routes/Ballot.svelte'),
  '/cycles/:cycleId/vote/:districtId/replace': () => import('./routes/BallotReplace.svelte'),
  '/cycles/:cycleId/receipt': () => import('./routes/Receipt.svelte'),
  '/cycles/:cycleId/check-receipt': () => import('./routes/ReceiptCheck.svelte'),
  '/cycles/:cycleId/results': () => import('./routes/CycleResults.svelte'),
  '/cycles/:cycleId/exports': () => import('./routes/CycleExports.svelte'),
  '/cycles/:cycleId/bulletin': () => import('./routes/CycleBulletin.svelte'),
  '/cycles/:cycleId/statistics': () => import('./routes/CycleStatistics.svelte'),
  '/cycles/:cycleId/progress': () => import('./routes/CycleProgress.svelte'),
  '/results': () => import('./routes/Results.svelte'),
  '/sign-in': () => import('./routes/SignIn.svelte'),
  '/sign-up': () => import('./routes/SignUp.svelte'),
  '/forgot-password': () => import('./routes/ForgotPassword.svelte'),
  '/reset-password': () => import('./routes/ResetPassword.svelte'),
  '/change-password': () => import('./routes/ChangePassword.svelte'),
  '/profile': () => import('./routes/Profile.svelte'),
  '/admin/users': () => import('./routes/admin/Users.svelte'),
  '/audit-log': () => import('./routes/AuditLog.svelte'),
  '/staff': () => import('./routes/staff/StaffHome.svelte'),
  '/staff/city': () => import('./routes/staff/City.svelte'),
  '/staff/census': () => import('./routes/staff/Census.svelte'),
  '/staff/voting-codes': () => import('./routes/staff/VotingCodes.svelte'),
  '/staff/counter': () => import('./routes/staff/Counter.svelte'),
  '/staff/outbox': () => import('./routes/staff/Outbox.svelte'),
  '/staff/cycles': () => import('./routes/staff/Cycles.svelte'),
  '/staff/cycles/new': () => import('./routes/staff/CycleNew.svelte'),
  '/staff/cycles/import': () => import('./routes/staff/CycleImport.svelte'),
  '/staff/cycles/:cycleId': () => import('./routes/staff/CyclePhases.svelte'),
  '/staff/cycles/:cycleId/edit': () => import('./routes/staff/CycleEdit.svelte'),
  '/staff/cycles/:cycleId/review': () => import('./routes/staff/CycleReview.svelte'),
  '/staff/cycles/:cycleId/assisted': () => import('./routes/staff/AssistedVoting.svelte'),
  '/staff/cycles/:cycleId/paper': () => import('./routes/staff/PaperBallots.svelte'),
  '/staff/cycles/:cycleId/print': () => import('./routes/staff/PrintBallot.svelte'),
  '/staff/cycles/:cycleId/progress': () => import('./routes/staff/CycleProgress.svelte'),
  '/moderation': () => import('./routes/Moderation.svelte'),
  '/notifications': () => import('./routes/Notifications.svelte'),
  '*notFound': NotFound,
  hooks: {
    afterLoad({ pathname }) {
      dismissNoticeUnlessOn(pathname);
      // Tell screen readers a new page arrived: move focus to the main region.
      if (document.readyState === 'complete') document.getElementById('main')?.focus({ preventScroll: true });
    },
  },
});

/** Navigates to a path known only at run time (a checked `next` parameter). */
export function navigateTo(path: string, options: { replace?: boolean } = {}): Promise<unknown> {
  return navigate(path as '/', options);
}
