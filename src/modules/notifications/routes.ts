import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { inbox, markAllRead, markRead, outbox, retryDead } from './service';

const STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
const CHANNELS = ['inApp', 'sms', 'email'] as const;

const InboxItem = z.object({
  id: z.string(),
  kind: z.string(),
  subject: z.string(),
  text: z.string(),
  matterId: z.string().nullable(),
  matterNumber: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const OutboxItem = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  kind: z.string(),
  subject: z.string(),
  text: z.string(),
  recipient: z.object({ kind: z.enum(['user', 'petitioner']), name: z.string() }),
  addressMasked: z.string().nullable(),
  matterId: z.string().nullable(),
  matterNumber: z.string().nullable(),
  status: z.enum(STATUSES),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  history: z.array(
    z.object({ attemptNo: z.number(), at: z.string(), ok: z.boolean(), provider: z.string(), providerMessageId: z.string().nullable(), error: z.string().nullable() }),
  ),
});

/** In-app messages of the caller (站内通知), and the outbox for administrators (通知发送记录). */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: "The caller's in-app messages, newest first, with the number unread",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(30), unread: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(InboxItem), unread: z.number() }) },
      },
    },
    async (request) => inbox(app.ctx.db, principalOf(request).userId, { limit: request.query.limit, unreadOnly: request.query.unread === 'true' }),
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my messages read',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ ok: z.literal(true) }), 404: ErrorResponse },
      },
    },
    async (request) => {
      await markRead(app.ctx.db, principalOf(request).userId, request.params.id, app.ctx.now());
      return { ok: true as const };
    },
  );

  app.post(
    '/notifications/read-all',
    {
      schema: { tags: ['notifications'], summary: 'Mark all my messages read', response: { 200: z.object({ updated: z.number() }) } },
    },
    async (request) => ({ updated: await markAllRead(app.ctx.db, principalOf(request).userId, app.ctx.now()) }),
  );

  app.get(
    '/notifications/outbox',
    {
      preHandler: requirePermission('admin.manage'),
      schema: {
        tags: ['notifications'],
        summary: 'The notification outbox: every message with its status and attempts (addresses masked)',
        querystring: z.object({
          status: z.enum(STATUSES).optional(),
          channel: z.enum(CHANNELS).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: z.object({ total: z.number(), counts: z.record(z.string(), z.number()), items: z.array(OutboxItem) }),
        },
      },
    },
    async (request) => outbox(app.ctx.db, request.query),
  );

  app.post(
    '/notifications/:id/retry',
    {
      preHandler: requirePermission('admin.manage'),
      schema: {
        tags: ['notifications'],
        summary: 'Send a dead message again (one more attempt, due now)',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ ok: z.literal(true) }), 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      await retryDead(app.ctx.db, principalOf(request), request.params.id, app.ctx.now());
      return { ok: true as const };
    },
  );
};
