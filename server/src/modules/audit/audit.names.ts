import type { AuditActor, AuditSubject } from '@pb/shared';
import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { cycles } from '../cycles/cycles.table.js';
import { proposals } from '../proposals/proposals.table.js';
import { users } from '../users/users.table.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditNames {
  actor: (id: string | null) => AuditActor | null;
  subject: (id: string | null) => AuditSubject | null;
}

/**
 * The log itself holds ids only (an erased account leaves it intact); auditors read it with the
 * names those ids have now: people by display name (never an e-mail address, which the log keeps out
 * of its answers too), cycles and proposals by title. An erased account has no name and shows as erased.
 */
export async function lookUpAuditNames(
  db: Database,
  actorIds: readonly (string | null)[],
  subjectIds: readonly (string | null)[],
): Promise<AuditNames> {
  const ids = [...new Set([...actorIds, ...subjectIds])].filter((id): id is string => id !== null && UUID.test(id));
  const [people, cycleRows, proposalRows] =
    ids.length === 0
      ? [[], [], []]
      : await Promise.all([
          db
            .select({ id: users.id, name: users.displayName, deletedAt: users.deletedAt })
            .from(users)
            .where(inArray(users.id, ids)),
          db
            .select({ id: cycles.id, titleJa: cycles.titleJa, titleEn: cycles.titleEn })
            .from(cycles)
            .where(inArray(cycles.id, ids)),
          db
            .select({ id: proposals.id, title: proposals.title, cycleId: proposals.cycleId })
            .from(proposals)
            .where(inArray(proposals.id, ids)),
        ]);
  const actors = new Map<string, AuditActor>(
    people.map((person) => [person.id, { name: person.name, erased: person.deletedAt !== null } satisfies AuditActor]),
  );
  const subjects = new Map<string, AuditSubject>([
    ...people.map((person): [string, AuditSubject] => [
      person.id,
      { kind: 'user', name: person.name, erased: person.deletedAt !== null },
    ]),
    ...cycleRows.map((cycle): [string, AuditSubject] => [
      cycle.id,
      { kind: 'cycle', titleJa: cycle.titleJa, titleEn: cycle.titleEn },
    ]),
    ...proposalRows.map((proposal): [string, AuditSubject] => [
      proposal.id,
      { kind: 'proposal', title: proposal.title, cycleId: proposal.cycleId },
    ]),
  ]);
  return {
    actor: (id) => (id === null ? null : (actors.get(id) ?? null)),
    subject: (id) => (id === null ? null : (subjects.get(id) ?? null)),
  };
}
