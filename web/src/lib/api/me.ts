import type {
  AuthResponse,
  CensusVerifyBody,
  ChangePasswordBody,
  CurrentUser,
  DeleteMeBody,
  RedeemCodeBody,
  SessionState,
  UpdateMeBody,
} from '@pb/shared';
import { apiRequest, apiSend } from './client.js';

export function fetchSession(): Promise<SessionState> {
  return apiRequest<SessionState>('/api/session');
}

export function fetchMe(): Promise<CurrentUser> {
  return apiRequest<CurrentUser>('/api/me');
}

export function updateMe(body: UpdateMeBody): Promise<CurrentUser> {
  return apiSend<CurrentUser>('PATCH', '/api/me', body);
}

export function deleteMe(body: DeleteMeBody): Promise<void> {
  return apiSend<undefined>('DELETE', '/api/me', body);
}

export function changePassword(body: ChangePasswordBody): Promise<AuthResponse> {
  return apiSend<AuthResponse>('POST', '/api/me/password', body);
}

export function verifyWithCensus(body: CensusVerifyBody): Promise<CurrentUser> {
  return apiSend<CurrentUser>('POST', '/api/me/verification/census', body);
}

export function redeemVotingCode(body: RedeemCodeBody): Promise<CurrentUser> {
  return apiSend<CurrentUser>('POST', '/api/me/verification/code', body);
}
