import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ROLES } from '../../domain/lifecycle';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { getSetting, putSetting } from './service';

const Step = z.object({ key: z.string().min(1).max(40), labelZh: z.string().min(1).max(40), roles: z.array(z.enum(ROLES)).min(1) });

/** Deployment settings that are not the acceptance office's (those live in src/modules/dispatch/routes.ts). */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/settings/sign-off-chain',
    {
      preHandler: requirePermission('matter.read'),
      schema: { tags: ['settings'], summary: 'The sign-off chain of a handling opinion (签批流程; default 承办人 → 分管领导 → 主要负责人)', response: { 200: z.object({ steps: z.array(Step) }) } },
    },
    async () => ({ steps: await getSetting(app.ctx.db, 'signOffChain') }),
  );

  app.put(
    '/settings/sign-off-chain',
    {
      preHandler: requirePermission('admin.manage'),
      schema: {
        tags: ['settings'],
        summary: 'Set the sign-off chain; drafts already made keep the chain they were drafted under',
        body: z.object({ steps: z.array(Step).min(1).max(6) }),
        response: { 200: z.object({ steps: z.array(Step) }), 400: ErrorResponse },
      },
    },
    async (request) => ({ steps: await putSetting(app.ctx, principalOf(request), 'signOffChain', request.body.steps) }),
  );
};
