import { fetchNotifications } from '../api/notifications.js';

/** The unread count shown in the header, refreshed on navigation and after "mark all read". */
export const unread: { count: number } = $state({ count: 0 });

export async function refreshUnread(): Promise<void> {
  try {
    unread.count = (await fetchNotifications()).unread;
  } catch {
    // The header keeps its last count; the notifications page shows the error.
  }
}
