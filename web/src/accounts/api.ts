// 账号与令牌: one's own password and sessions, and the administrator's 用户与令牌 page.
import { request } from '../api';
import type { Position, ResponseOf } from '../types';

// The shapes are generated from the OpenAPI document (../types).
export type AdminUser = ResponseOf<'/api/v1/admin/users'>['items'][number];
export type ApiTokenItem = ResponseOf<'/api/v1/admin/tokens'>['items'][number];

export const accountApi = {
  changePassword(currentPassword: string, newPassword: string): Promise<{ sessionsEnded: number }> {
    return request('POST', '/auth/password', { body: { currentPassword, newPassword } });
  },
  users(q?: string): Promise<{ items: AdminUser[] }> {
    return request('GET', '/admin/users', { query: { q } });
  },
  resetPassword(id: string, password?: string): Promise<{ temporaryPassword: string | null; sessionsEnded: number }> {
    return request('POST', `/admin/users/${encodeURIComponent(id)}/password-reset`, { body: password ? { password } : {} });
  },
  setPosition(id: string, position: Position | null): Promise<{ position: Position | null }> {
    return request('PUT', `/admin/users/${encodeURIComponent(id)}/position`, { body: { position } });
  },
  unlock(id: string): Promise<{ cleared: number }> {
    return request('POST', `/admin/users/${encodeURIComponent(id)}/unlock`);
  },
  tokens(): Promise<{ items: ApiTokenItem[]; defaultDays: number }> {
    return request('GET', '/admin/tokens');
  },
  createToken(body: { login: string; name: string; days?: number }): Promise<{ id: string; token: string; login: string; name: string; expiresAt: string }> {
    return request('POST', '/admin/tokens', { body });
  },
  revokeToken(id: string): Promise<{ id: string; revokedAt: string }> {
    return request('DELETE', `/admin/tokens/${encodeURIComponent(id)}`);
  },
};

export const accountKeys = {
  users: ['admin', 'users'] as const,
  tokens: ['admin', 'tokens'] as const,
};
