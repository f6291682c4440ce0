import type { NotificationList } from '@pb/shared';
import { apiRequest, apiSend } from './client.js';

export function fetchNotifications(): Promise<NotificationList> {
  return apiRequest<NotificationList>('/api/me/notifications');
}

/** Marks every notification read. */
export function markAllRead(): Promise<void> {
  return apiSend<undefined>('POST', '/api/me/notifications/read', {});
}
