import { createRouter } from 'sv-router';
import Home from './routes/Home.svelte';
import NotFound from './routes/NotFound.svelte';

/** Pages other than the home page load on demand, keeping the first load small. */
// sv-router returns closures (its documented usage) that its types declare as methods.
// eslint-disable-next-line @typescript-eslint/unbound-method
export const { p, navigate, isActive, route } = createRouter({
  '/': Home,
  '/proposals': () => import('./routes/Proposals.svelte'),
  '/results': () => import('./routes/Results.svelte'),
  '/sign-in': () => import('./routes/SignIn.svelte'),
  '*notFound': NotFound,
  hooks: {
    afterLoad() {
      // Tell screen readers a new page arrived: move focus to the main region.
      if (document.readyState === 'complete') document.getElementById('main')?.focus({ preventScroll: true });
    },
  },
});
