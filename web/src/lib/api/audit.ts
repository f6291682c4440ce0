import type { AuditEventList, OutboxList } from '@pb/shared';
import { apiRequest, queryString } from './client.js';

export function fetchOutbox(): Promise<OutboxList> {
  return apiRequest<OutboxList>('/api/outbox');
}

export interface AuditSearch {
  action?: string;
  /** Events with a smaller id: the next page backwards. */
  before?: number;
  limit: number;
}

export function fetchAuditLog(search: AuditSearch): Promise<AuditEventList> {
  return apiRequest<AuditEventList>(`/api/audit-log${queryString({ ...search })}`);
}
