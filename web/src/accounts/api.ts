// 账号与令牌: one's own password and sessions, and the administrator's 用户与令牌 page.
import { request } from '../api';
import type { Position } from '../types';

export interface AdminUser {
  id: string;
  login: string;
  displayName: string;
  body: { id: string; name: string };
  roles: string[];
  roleLabels: string[];
  /** 职务 in the body: which sign-off slot the user signs, and whether they approve extensions. */
  position: Position | null;
  positionLabel: string | null;
  disabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
}

export interface ApiTokenItem {
  id: string;
  login: string;
  displayName: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

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
