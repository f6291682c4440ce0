import type { AuditChainReport, AuditEventList, AuditQuery, OutboxList } from '@pb/shared';
import { apiRequest, queryString } from './client.js';

export function fetchOutbox(): Promise<OutboxList> {
  return apiRequest<OutboxList>('/api/outbox');
}

export function fetchAuditLog(search: AuditQuery): Promise<AuditEventList> {
  return apiRequest<AuditEventList>(`/api/audit-log${queryString({ ...search })}`);
}

export function verifyAuditLog(): Promise<AuditChainReport> {
  return apiRequest<AuditChainReport>('/api/audit-log/verify');
}
