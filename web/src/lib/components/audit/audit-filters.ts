import { AUDIT_ACTOR_ROLES, type AuditActorRole, type AuditQuery } from '@pb/shared';

export type AuditFilters = Pick<AuditQuery, 'action' | 'actorId' | 'role' | 'subjectId' | 'from' | 'to'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function kept(value: string | null, valid: (text: string) => boolean): string | undefined {
  const text = value?.trim() ?? '';
  return text !== '' && valid(text) ? text : undefined;
}

/**
 * The filters and page kept in the address (`?action=cycle.&role=staff&before=120`), so a reload or
 * Back shows the same events; anything malformed in it is ignored rather than refused by the server.
 */
export function readAuditFilters(search: string): { filters: AuditFilters; before: number | undefined } {
  const params = new URLSearchParams(search);
  const before = Number(params.get('before') ?? '');
  return {
    filters: {
      action: kept(params.get('action'), (text) => text.length <= 64),
      actorId: kept(params.get('actor'), (text) => UUID.test(text)),
      role: AUDIT_ACTOR_ROLES.find((role: AuditActorRole) => role === params.get('role')),
      subjectId: kept(params.get('subject'), (text) => text.length <= 200),
      from: kept(params.get('from'), (text) => DAY.test(text)),
      to: kept(params.get('to'), (text) => DAY.test(text)),
    },
    before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
  };
}

export function writeAuditFilters(filters: AuditFilters, before: number | undefined): string {
  const params = new URLSearchParams();
  const entries: [string, string | undefined][] = [
    ['action', filters.action],
    ['actor', filters.actorId],
    ['role', filters.role],
    ['subject', filters.subjectId],
    ['from', filters.from],
    ['to', filters.to],
    ['before', before === undefined ? undefined : String(before)],
  ];
  for (const [key, value] of entries) if (value !== undefined && value !== '') params.set(key, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** A detail's value as words: lists joined, nested records as `key: value` pairs. */
export function detailText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(detailText).join(', ');
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([key, inner]) => `${key}: ${detailText(inner)}`)
      .join('; ');
  }
  return '—';
}
