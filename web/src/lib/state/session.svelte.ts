import type { CurrentUser, Role } from '@pb/shared';
import { logout, refreshSession } from '../api/auth.js';
import { ApiError, endsSession, onSessionError } from '../api/client.js';
import { fetchSession } from '../api/me.js';
import { createRefresher } from '../session/refresher.js';
import { showNotice } from './notice.svelte.js';

type SessionState = { status: 'loading' } | { status: 'signedOut' } | { status: 'signedIn'; user: CurrentUser };

/** Who is signed in. The session itself is the server's httpOnly cookie; the app never sees a token. */
export const session: { current: SessionState } = $state({ current: { status: 'loading' } });

const refresher = createRefresher({
  async refresh() {
    try {
      setUser((await refreshSession()).user);
    } catch {
      // An ended session signs out through onSessionError; a network blip waits for the next beat.
    }
  },
});

export function setUser(user: CurrentUser): void {
  session.current = { status: 'signedIn', user };
  refresher.start();
}

export function setSignedOut(): void {
  session.current = { status: 'signedOut' };
  refresher.stop();
}

export function currentUser(): CurrentUser | undefined {
  return session.current.status === 'signedIn' ? session.current.user : undefined;
}

export function hasRole(role: Role): boolean {
  return currentUser()?.roles.includes(role) ?? false;
}

/** Asks the server who the cookie belongs to; no user (or no answer on first load) means signed out. */
export async function reloadUser(): Promise<void> {
  try {
    const { user } = await fetchSession();
    if (user === null) setSignedOut();
    else setUser(user);
  } catch (error) {
    const unreachable = error instanceof ApiError && error.status === 0;
    if (!unreachable || session.current.status === 'loading') setSignedOut();
  }
}

let started = false;

export function loadSession(): void {
  if (started) return;
  started = true;
  void reloadUser();
}

export async function signOut(): Promise<void> {
  try {
    await logout();
  } catch {
    // The cookie may already be gone; the app forgets the person either way.
  }
  setSignedOut();
}

onSessionError((error) => {
  if (endsSession(error)) {
    if (session.current.status === 'signedIn') {
      setSignedOut();
      showNotice('session.ended', location.pathname);
    }
  } else {
    // Password change required: the shell sends the person to the change-password page.
    void reloadUser();
  }
});
