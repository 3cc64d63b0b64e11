import { z } from 'zod';
import { POSITIONS } from '../../domain/lifecycle';
import { STAFF_ROLES, type StaffRole } from '../../domain/org';

const ROLE_ENUM = z.enum(STAFF_ROLES as [StaffRole, ...StaffRole[]]);

/** The API contract of 用户管理 beyond the list (admin-routes.ts): creating and changing an account, its sessions. */

const login = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/, '账号须为 2–40 位字母、数字、点、连字符或下划线');

export const NewUser = z.object({
  login,
  displayName: z.string().trim().min(1).max(40),
  bodyId: z.string().uuid(),
  roles: z.array(ROLE_ENUM).min(1).max(STAFF_ROLES.length),
  position: z.enum(POSITIONS).nullable().default(null),
});
export type NewUser = z.infer<typeof NewUser>;

export const UserChanges = z
  .object({
    displayName: z.string().trim().min(1).max(40),
    bodyId: z.string().uuid(),
    roles: z.array(ROLE_ENUM).min(1).max(STAFF_ROLES.length),
    disabled: z.boolean().describe('a disabled account cannot log in; its sessions end and its API tokens stop working'),
  })
  .partial();
export type UserChanges = z.infer<typeof UserChanges>;

export const UserSession = z.object({
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
