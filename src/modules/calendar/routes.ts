import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse, IsoDateString } from '../../http/schemas';
import { changeDay, yearDays } from './days';
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

  const LoadResult = z.object({ year: z.number(), holidays: z.number(), makeUpWorkdays: z.number(), replaced: z.boolean(), clocksRecomputed: z.number() });

  app.get(
    '/years/:year',
    {
      preHandler: requirePermission('calendar.manage'),
      schema: {
        tags: ['calendar'],
        summary: 'Every day of a year with its type: workday 工作日, weekend 休息日, holiday 节假日, makeUpWorkday 调休上班; official=false when the year’s schedule is not loaded',
        params: z.object({ year: z.coerce.number().int().min(1900).max(2999) }),
        response: {
          200: z.object({
            year: z.number(),
            official: z.boolean(),
            days: z.array(z.object({ date: z.string(), kind: z.enum(['workday', 'weekend', 'holiday', 'makeUpWorkday']), working: z.boolean(), name: z.string().optional(), official: z.boolean() })),
          }),
        },
      },
    },
    async (request) => yearDays(app.ctx.calendar, request.params.year),
  );

  app.put(
    '/days/:date',
    {
      preHandler: requirePermission('calendar.manage'),
      schema: {
        tags: ['calendar'],
        summary: 'Change one day of a loaded year: a local holiday (holiday), a make-up workday on a weekend (makeUpWorkday) or back to its weekday rule (ordinary); recomputes affected due dates',
        params: z.object({ date: IsoDateString }),
        body: z.object({ change: z.enum(['holiday', 'makeUpWorkday', 'ordinary']), name: z.string().max(40).default('') }),
        response: { 200: LoadResult, 400: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => changeDay(app.ctx.db, app.ctx.calendar, principalOf(request), { date: request.params.date, ...request.body }, app.ctx.now()),
  );
};
