import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse, IsoDateString } from '../../http/schemas';
import { loadSchedule, loadedSchedules, parseScheduleText } from './load-schedule';

const DueResult = z.object({
  from: z.string(),
  due: z.string(),
  unit: z.enum(['days', 'workingDays']),
  amount: z.number(),
  provisional: z.boolean(),
});

export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/due',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Due date of a period: N calendar days or N working days after a date (start day not counted)',
        querystring: z
          .object({
            from: IsoDateString,
            days: z.coerce.number().int().min(0).max(3650).optional(),
            workingDays: z.coerce.number().int().min(0).max(3650).optional(),
          })
          .refine((q) => (q.days === undefined) !== (q.workingDays === undefined), {
            message: 'give exactly one of days and workingDays',
          }),
        response: { 200: DueResult, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { from, days, workingDays } = request.query;
      const cal = await app.ctx.calendar.current();
      return days !== undefined ? cal.addDays(from, days) : cal.addWorkingDays(from, workingDays!);
    },
  );

  app.get(
    '/schedules',
    {
      preHandler: requirePermission('calendar.manage'),
      schema: {
        tags: ['calendar'],
        summary: 'Years whose official schedule was loaded by an admin',
        response: {
          200: z.object({
            builtinYears: z.array(z.number()),
            loaded: z.array(z.object({ year: z.number(), source: z.string(), loadedAt: z.string(), holidays: z.number(), makeUpWorkdays: z.number() })),
          }),
        },
      },
    },
    async () => loadedSchedules(app.ctx.db, await app.ctx.calendar.current()),
  );

  app.post(
    '/schedules',
    {
      preHandler: requirePermission('calendar.manage'),
      schema: {
        tags: ['calendar'],
        summary: "Load a year's official holiday schedule (JSON or CSV); recomputes affected due dates",
        body: z.object({ format: z.enum(['json', 'csv']), text: z.string().min(1).max(200_000), source: z.string().max(200).default('admin upload') }),
        response: {
          200: z.object({ year: z.number(), holidays: z.number(), makeUpWorkdays: z.number(), replaced: z.boolean(), clocksRecomputed: z.number() }),
          400: ErrorResponse,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const schedule = parseScheduleText(request.body.text, request.body.format);
      return loadSchedule(
        app.ctx.db,
        app.ctx.calendar,
        { schedule, source: request.body.source, actor: { userId: principal.userId, bodyId: principal.body.id } },
        app.ctx.now(),
      );
    },
  );
};
