import { normalizeCode, type BulletinEntry, type SuppressedCount } from '@pb/shared';

/**
 * The receipt hash the bulletin board shows for a receipt code: SHA-256 of "ballot:" and the code
 * in its canonical form (no hyphens, upper case), in lower-case hex. Undefined when the text cannot
 * be a code.
 */
export async function receiptHash(typed: string): Promise<string | undefined> {
  const code = normalizeCode(typed);
  if (code === null) return undefined;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`ballot:${code}`));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The first characters of a hash, enough to tell rows apart by eye. */
export function shortHash(hash: string, length = 12): string {
  return hash.length <= length ? hash : `${hash.slice(0, length)}…`;
}

/** A ballot's choices as ballot numbers (with points for cumulative ballots), in ballot-number order. */
export function choiceNumbers(entry: BulletinEntry, numbers: ReadonlyMap<string, number>): string[] {
  return entry.choices
    .map((choice) => ({ number: numbers.get(choice.proposalId), points: choice.points }))
    .sort((a, b) => (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER))
    .map(({ number, points }) => {
      const label = number === undefined ? '?' : String(number);
      return points === undefined ? label : `${label}×${String(points)}`;
    });
}

export interface StatBar {
  label: string;
  /** The count as published: a number, or "< 10". */
  count: SuppressedCount;
  /** Bar length as a fraction (0–1) of the largest count; suppressed counts draw no bar. */
  share: number;
}

/** Bars for a statistics chart: each count relative to the largest; "< 10" draws none. */
export function statBars(rows: readonly { label: string; count: SuppressedCount }[]): StatBar[] {
  const max = Math.max(0, ...rows.map((row) => (typeof row.count === 'number' ? row.count : 0)));
  return rows.map((row) => ({
    label: row.label,
    count: row.count,
    share: typeof row.count === 'number' && max > 0 ? row.count / max : 0,
  }));
}

/** Whether a phase's exports and bulletin board may be offered (the server decides in the end). */
export function exportsVisible(phase: string, auditor: boolean): boolean {
  if (phase === 'published' || phase === 'closed') return true;
  return phase === 'tallying' && auditor;
}

/** Whether a phase's participation statistics may be offered (turnout only while voting). */
export function statisticsVisible(phase: string, staffOrAuditor: boolean): boolean {
  if (phase === 'published' || phase === 'closed') return true;
  return (phase === 'voting' || phase === 'tallying') && staffOrAuditor;
}

/** Bulletin rows per page: `?per=` from the address when it is a whole number from 1 to 1000, else 50. */
export function bulletinPageSize(search: string): number {
  const per = Number(new URLSearchParams(search).get('per') ?? '');
  return Number.isInteger(per) && per >= 1 && per <= 1000 ? per : 50;
}
