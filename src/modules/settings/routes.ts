import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NATIONAL_TIME_LIMITS, POSITIONS, ROLES, TIME_LIMIT_NAMES, type TimeLimitOverrides } from '../../domain/lifecycle';
import { DUTY_CHECKS } from '../../domain/supervision';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { getSetting, putSetting } from './service';
import { putTimeLimits, timeLimitsView } from './time-limits';
import { TimeLimitsView, TimeLimitsInput } from './schemas';

/** A step names the position of its signer; `roles` only in chains saved before positions existed. */
const Step = z.object({
  key: z.string().min(1).max(40),
  labelZh: z.string().min(1).max(40),
  position: z.enum(POSITIONS).optional().describe('handler (承办人) | deputyHead (分管领导) | principalHead (主要负责人)'),
  roles: z.array(z.enum(ROLES)).min(1).optional().describe('legacy: chains saved before positions'),
});

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

  // 督查设置 is the bureau administrator's page (README, docs/supervision.md), like the partitions beside it: reading
  // and changing the checks both need admin.manage. The boards apply the configuration themselves, so a supervisor
  // never needs this route, and the administrator does not get supervision.read (it opens matters' boards).
  const DutyChecks = z.object({ deliveryGraceDays: z.number().int(), disabled: z.array(z.string()) });
  app.get(
    '/settings/duty-checks',
    {
      preHandler: requirePermission('admin.manage'),
      schema: {
        tags: ['settings'],
        summary: 'The duty-failure catalogue (四应四不) with the bureau’s configuration: checks switched off, delivery grace days',
        response: { 200: z.object({ catalogue: z.array(z.object({ code: z.string(), labelZh: z.string(), article: z.string() })), config: DutyChecks }) },
      },
    },
    async () => ({ catalogue: [...DUTY_CHECKS], config: await getSetting(app.ctx.db, 'dutyChecks') }),
  );

  app.put(
    '/settings/duty-checks',
    {
      preHandler: requirePermission('admin.manage'),
      schema: { tags: ['settings'], summary: 'Switch duty checks off or on and set the delivery grace days', body: DutyChecks, response: { 200: DutyChecks, 400: ErrorResponse } },
    },
    async (request) => putSetting(app.ctx, principalOf(request), 'dutyChecks', request.body),
  );

  const Item = z.object({ key: z.string().min(1).max(40), labelZh: z.string().min(1).max(40) });
  app.get(
    '/settings/first-petition-checklist',
    {
      preHandler: requirePermission('matter.read'),
      schema: { tags: ['settings'], summary: 'The checklist of a first-time petition (default: seed 001’s 双签双核两见面一现场)', response: { 200: z.object({ items: z.array(Item) }) } },
    },
    async () => ({ items: await getSetting(app.ctx.db, 'firstPetitionChecklist') }),
  );
  app.put(
    '/settings/first-petition-checklist',
    {
      preHandler: requirePermission('admin.manage'),
      schema: { tags: ['settings'], summary: 'Set the first-time petition checklist', body: z.object({ items: z.array(Item).min(1).max(20) }), response: { 200: z.object({ items: z.array(Item) }), 400: ErrorResponse } },
    },
    async (request) => ({ items: await putSetting(app.ctx, principalOf(request), 'firstPetitionChecklist', request.body.items) }),
  );

  app.get(
    '/settings/time-limits',
    {
      preHandler: requirePermission('admin.manage'),
      schema: {
        tags: ['settings'],
        summary: '办理时限: each time limit in force beside the national rule and its statutory bounds, and who changed what',
        response: { 200: TimeLimitsView },
      },
    },
    async () => timeLimitsView(app.ctx),
  );

  app.put(
    '/settings/time-limits',
    {
      preHandler: requirePermission('admin.manage'),
      schema: {
        tags: ['settings'],
        summary: 'Set the time limits; a limit equal to the national rule is stored as no override. Refused outside the statutory bounds, or when a changed limit cites no provision of its own',
        description: 'Decisions and clocks use the new limits from the next command on (other nodes within seconds); due dates already computed change when their matter next changes.',
        body: TimeLimitsInput,
        response: { 200: TimeLimitsView, 400: ErrorResponse },
      },
    },
    async (request) => {
      const overrides: TimeLimitOverrides = {};
      for (const name of TIME_LIMIT_NAMES) {
        const given = request.body.limits[name];
        const national = NATIONAL_TIME_LIMITS[name];
        if (given && (given.unit !== national.unit || given.amount !== national.amount || given.article.trim() !== national.article)) {
          overrides[name] = { unit: given.unit, amount: given.amount, article: given.article.trim() };
        }
      }
      return putTimeLimits(app.ctx, principalOf(request), overrides);
    },
  );
};
