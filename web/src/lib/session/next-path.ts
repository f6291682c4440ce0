/**
 * Where to go after signing in: only a path of this site (`/profile`), never another origin
 * (`//evil.example`, `/\evil.example`, `https://…`), so the parameter cannot send people away.
 */
export function safeNextPath(value: string | null | undefined, fallback = '/'): string {
  if (value === null || value === undefined) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/[\s\\]/.test(value)) return fallback;
  return value;
}

/** The `next` parameter of the current address, made safe. */
export function nextPathFromLocation(search: string, fallback = '/'): string {
  return safeNextPath(new URLSearchParams(search).get('next'), fallback);
}
