import type { Role } from '@pb/shared';
import { AppError } from '../../errors.js';
import { ResultErrors } from './results.errors.js';

export type Disclosure = 'results' | 'bulletin' | 'exports' | 'statistics';

const PUBLIC_PHASES = ['published', 'closed'];

/** DESIGN.md's table: who sees what before publication (afterwards, everyone sees everything). */
const BEFORE_PUBLICATION: Record<Disclosure, { voting: readonly Role[]; tallying: readonly Role[] }> = {
  results: { voting: [], tallying: ['staff', 'auditor'] },
  bulletin: { voting: [], tallying: ['auditor'] },
  exports: { voting: [], tallying: ['auditor'] },
  statistics: { voting: ['staff', 'auditor'], tallying: ['staff', 'auditor'] },
};

const SUBJECT: Record<Disclosure, string> = {
  results: 'the results are',
  bulletin: 'the bulletin board is',
  exports: 'the exports are',
  statistics: 'the statistics are',
};

const WHO: Record<string, string> = {
  'staff,auditor': 'staff and auditors',
  auditor: 'auditors',
};

/** Refuses with 409 (not yet, for anyone) or 403 (not for this caller yet) per the table. */
export function assertVisible(phase: string, roles: readonly string[], what: Disclosure): void {
  if (PUBLIC_PHASES.includes(phase)) return;
  const rule = BEFORE_PUBLICATION[what];
  const allowed = phase === 'voting' ? rule.voting : phase === 'tallying' ? rule.tallying : [];
  if (allowed.length === 0) throw new AppError(ResultErrors.notReady);
  if (!allowed.some((role) => roles.includes(role))) {
    const who = WHO[allowed.join(',')] ?? allowed.join(' and ');
    throw new AppError(ResultErrors.notPublic, `Until publication, ${SUBJECT[what]} shown to ${who} only.`);
  }
}
