import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { POSITIONS } from '../../domain/lifecycle';
import { listUsers, resetPassword, setUserPosition, unlockUser } from './accounts';
import { NewUser, UserChanges, UserSession } from './schemas';
import { createUser, endUserSessions, listUserSessions, updateUser } from './user-admin';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, createApiToken, listApiTokens, revokeApiToken } from './api-tokens';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const UserItem = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  body: z.object({ id: z.string(), name: z.string() }),
  roles: z.array(z.string()),
  roleLabels: z.array(z.string()),
  position: z.enum(POSITIONS).nullable(),
  positionLabel: z.string().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
});

const TokenItem = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});

/**
 * 用户与令牌 (administrator): staff accounts (reset password, unlock) and API tokens (list, create, revoke). Every
 * route needs admin.manage; every change is an event of the user in the audit trail.
 */
export const adminAccountRoutes: FastifyPluginAsyncZod<{ tokenDays?: number }> = async (app, opts) => {
  const admin = requirePermission('admin.manage');

  app.get(
    '/users',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Staff accounts: login, name, body, roles, locked, must change password, last login (no personal data)',
        querystring: z.object({ q: z.string().max(100).optional() }),
        response: { 200: z.object({ items: z.array(UserItem) }) },
      },
    },
    async (request) => {
      const items = await listUsers(app.ctx.db, { q: request.query.q }, app.ctx.now());
      return { items: items.map((u) => ({ ...u, lockedUntil: iso(u.lockedUntil), lastLoginAt: iso(u.lastLoginAt) })) };
    },
  );

  app.post(
    '/users',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Create a staff account in an active body with roles and position; answers a one-time password (shown once) that must be changed at first login',
        body: NewUser,
        response: { 201: z.object({ id: z.string(), login: z.string(), temporaryPassword: z.string() }), 400: ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(app.ctx, principalOf(request), request.body)),
  );

  app.patch(
    '/users/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Change a user’s name, body, roles or active flag; a change of body, roles or active ends the user’s sessions',
        params: z.object({ id: z.string() }),
        body: UserChanges,
        response: { 200: z.object({ id: z.string(), sessionsEnded: z.number().int() }), 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => updateUser(app.ctx, principalOf(request), request.params.id, request.body),
  );

  app.get(
    '/users/:id/sessions',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'A user’s live browser sessions (when, from which address and browser), newest first',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ items: z.array(UserSession) }), 404: ErrorResponse },
      },
    },
    async (request) => ({ items: await listUserSessions(app.ctx, request.params.id) }),
  );

  app.delete(
    '/users/:id/sessions',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'End every session of a user (logged out everywhere); API tokens are revoked on their own',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ ended: z.number().int() }), 404: ErrorResponse },
      },
    },
    async (request) => endUserSessions(app.ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/users/:id/password-reset',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Reset a user’s password (to the one given, or a generated temporary password shown once); the user must change it at next login and every session ends',
        params: z.object({ id: z.string() }),
        body: z.object({ password: z.string().min(1).max(500).optional() }).optional(),
        response: { 200: z.object({ temporaryPassword: z.string().nullable(), sessionsEnded: z.number().int() }), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) =>
      resetPassword(app.ctx.db, principalOf(request), { userId: request.params.id, password: request.body?.password }, app.ctx.now()),
  );

  app.post(
    '/users/:id/unlock',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Clear every login lockout of a user (from all addresses)',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ cleared: z.number().int() }), 404: ErrorResponse },
      },
    },
    async (request) => unlockUser(app.ctx.db, principalOf(request), { userId: request.params.id }, app.ctx.now()),
  );

  app.put(
    '/users/:id/position',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Set (or clear, with null) a user’s position in their body: handler 承办人, deputyHead 分管领导, principalHead 主要负责人 — the sign-off slot they sign and whether they approve extensions',
        params: z.object({ id: z.string() }),
        body: z.object({ position: z.enum(POSITIONS).nullable() }),
        response: { 200: z.object({ position: z.enum(POSITIONS).nullable() }), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => setUserPosition(app.ctx.db, principalOf(request), { userId: request.params.id, position: request.body.position }, app.ctx.now()),
  );

  app.get(
    '/tokens',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'API tokens (never their values), newest first; optionally of one login',
        querystring: z.object({ login: z.string().max(100).optional() }),
        response: { 200: z.object({ items: z.array(TokenItem), defaultDays: z.number().int() }) },
      },
    },
    async (request) => {
      const items = await listApiTokens(app.ctx.db, { login: request.query.login }, app.ctx.now());
      return {
        items: items.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), expiresAt: t.expiresAt.toISOString(), lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt) })),
        defaultDays: opts.tokenDays ?? DEFAULT_TOKEN_DAYS,
      };
    },
  );

  app.post(
    '/tokens',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Create an API token for a login; the plain token is in this answer only',
        body: z.object({
          login: z.string().min(1).max(100),
          name: z.string().min(1).max(100).default('api'),
          days: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
        }),
        response: {
          200: z.object({ id: z.string(), token: z.string(), login: z.string(), name: z.string(), expiresAt: z.string() }),
          400: ErrorResponse,
          404: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request) => {
      const t = await createApiToken(app.ctx.db, { ...request.body, defaultDays: opts.tokenDays, actor: principalOf(request) }, app.ctx.now());
      return { id: t.id, token: t.token, login: t.login, name: t.name, expiresAt: t.expiresAt.toISOString() };
    },
  );

  app.delete(
    '/tokens/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Revoke an API token: refused from the next request on, on every node',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ id: z.string(), revokedAt: z.string() }), 404: ErrorResponse },
      },
    },
    async (request) => {
      const r = await revokeApiToken(app.ctx.db, { id: request.params.id, actor: principalOf(request) }, app.ctx.now());
      return { id: r.id, revokedAt: r.revokedAt.toISOString() };
    },
  );
};
