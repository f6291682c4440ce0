import type { AdminUser, AdminUserList, AdminUserPatch, CounterResident, Role, TemporaryPassword } from '@pb/shared';
import { apiRequest, apiSend, queryString } from './client.js';

export interface UserSearch {
  q?: string;
  role?: Role;
  limit: number;
  offset: number;
}

export function fetchUsers(search: UserSearch): Promise<AdminUserList> {
  return apiRequest<AdminUserList>(`/api/admin/users${queryString({ ...search })}`);
}

export function patchUser(userId: string, body: AdminUserPatch): Promise<AdminUser> {
  return apiSend<AdminUser>('PATCH', `/api/admin/users/${encodeURIComponent(userId)}`, body);
}

export function lookupResident(email: string): Promise<CounterResident> {
  return apiRequest<CounterResident>(`/api/counter/residents${queryString({ email })}`);
}

export function resetResidentPassword(userId: string): Promise<TemporaryPassword> {
  return apiSend<TemporaryPassword>('POST', `/api/counter/residents/${encodeURIComponent(userId)}/password-reset`);
}
