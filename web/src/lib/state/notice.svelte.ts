/**
 * A one-line message that outlives a navigation ("You have signed out" on the home page): it is
 * shown only on the page it was meant for, so it disappears by itself once the person moves on.
 */
export const notice: { current: { key: string; path: string } | undefined } = $state({ current: undefined });

export function showNotice(key: string, path: string): void {
  notice.current = { key, path };
}

/** Called after each navigation: a notice is read once, not again when the person comes back. */
export function dismissNoticeUnlessOn(path: string): void {
  if (notice.current !== undefined && notice.current.path !== path) notice.current = undefined;
}
