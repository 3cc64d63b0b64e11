import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { matterClocks, matters } from '../../db/schema';
import { addCalendarDays, chinaDateOf, daysBetween } from '../../domain/calendar';
import { CLOCK_LABELS, clockDue, type ClockName, type MatterState } from '../../domain/lifecycle';
import { regionPrefix } from '../../domain/org';
import type { Indicators } from '../../domain/indicators';
import { DUTY_CHECKS } from '../../domain/supervision';
import { principalOf, requirePermission } from '../../http/auth';
import { IsoDateString } from '../../http/schemas';
import { matterScope } from '../matters/scope';
import { supervisionBodyIds, supervisionView } from '../matters/views';
import { bodyNames, regionNames } from '../org/names';
import { SupervisionDto } from '../matters/schemas';
import { failuresIn } from './board';
import { indicatorsFor, mattersByIds } from './indicators';
import { partitionRoutes } from './partitions';
import { getSetting } from '../settings/service';

const Ref = z.object({ id: z.string(), name: z.string() });
const ClockRow = z.object({
  matterId: z.string(),
  number: z.string(),
  title: z.string(),
  regionName: z.string(),
  status: z.string(),
  clock: z.string(),
  clockLabel: z.string(),
  due: z.string(),
  daysLeft: z.number(),
  body: Ref.nullable(),
});
const FailureRow = z.object({
  matterId: z.string(),
  number: z.string(),
  title: z.string(),
  regionName: z.string(),
  check: z.string(),
  labelZh: z.string(),
  article: z.string(),
  since: z.string(),
  detailZh: z.string(),
  body: Ref.nullable(),
});

const RatioDto = z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable() });
const IndicatorsDto = z.object({
  timelyAcceptance: RatioDto,
  onTimeConclusion: RatioDto,
  satisfaction: RatioDto,
  evaluation: RatioDto,
  /** leftOut: petitions on terminated matters (依法终结), not counted (S0 不通报). */
  repeat: RatioDto.extend({ leftOut: z.number() }),
  firstTimeResolution: RatioDto,
  reportReturns: z.number(),
  open: z.number(),
  overdue: z.number(),
  averageDaysToDispatch: z.number().nullable(),
  averageDaysToConclude: z.number().nullable(),
  items: z.number(),
});
const RATIOS = ['timelyAcceptance', 'onTimeConclusion', 'satisfaction', 'evaluation', 'firstTimeResolution'] as const;

/** The figures without the matter lists (those come through the drill-down). */
function summary(x: Indicators) {
  const strip = (r: { numerator: number; denominator: number; value: number | null }) => ({ numerator: r.numerator, denominator: r.denominator, value: r.value });
  return {
    ...Object.fromEntries(RATIOS.map((k) => [k, strip(x[k])])),
    repeat: { ...strip(x.repeat), leftOut: x.repeat.leftOut },
    reportReturns: x.reportReturns.count,
    open: x.open,
    overdue: x.overdue.length,
    averageDaysToDispatch: x.averageDaysToDispatch,
    averageDaysToConclude: x.averageDaysToConclude,
    items: x.items,
  } as z.infer<typeof IndicatorsDto>;
}

export const supervisionRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(partitionRoutes);

  app.get(
    '/supervision/indicators',
    {
      preHandler: requirePermission('supervision.read'),
      schema: {
        tags: ['supervision'],
        summary: 'Key indicators of the matters received in a period, in total and per body, city, county or channel (formulas: RULES.md)',
        description:
          'With `drill` (an indicator) and optionally `group`, returns the matters behind it: `hits` (the numerator) and `misses` (in the denominator only); for `overdue`, the overdue matters.',
        querystring: z.object({
          from: IsoDateString,
          to: IsoDateString,
          groupBy: z.enum(['body', 'city', 'county', 'channel']).default('body'),
          drill: z.enum([...RATIOS, 'overdue', 'reportReturns']).optional(),
          group: z.string().optional(),
        }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            total: IndicatorsDto,
            groups: z.array(z.object({ key: z.string(), name: z.string(), indicators: IndicatorsDto, volume: z.object({ per10kResidents: z.number().nullable(), perHundredMillionYuan: z.number().nullable() }) })),
            drill: z
              .object({
                hits: z.array(z.object({ id: z.string(), number: z.string(), title: z.string(), status: z.string(), regionCode: z.string() })),
                misses: z.array(z.object({ id: z.string(), number: z.string(), title: z.string(), status: z.string(), regionCode: z.string() })),
              })
              .nullable(),
          }),
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { from, to, groupBy, drill, group } = request.query;
      const today = chinaDateOf(app.ctx.now());
      const result = await indicatorsFor(app.ctx.db, matterScope(p), from, to, groupBy, today, app.ctx.calendar.calendar);
      let drilled = null;
      if (drill) {
        const x = group ? result.groups.find((g) => g.key === group)?.indicators : result.total;
        const hits = !x ? [] : drill === 'overdue' ? x.overdue : drill === 'reportReturns' ? x.reportReturns.matters : x[drill].hits;
        const misses = !x || drill === 'overdue' || drill === 'reportReturns' ? [] : x[drill].misses;
        drilled = { hits: await mattersByIds(app.ctx.db, hits), misses: await mattersByIds(app.ctx.db, misses) };
      }
      return {
        from,
        to,
        total: summary(result.total),
        groups: result.groups.map((g) => ({ key: g.key, name: g.name, indicators: summary(g.indicators), volume: g.volume })),
        drill: drilled,
      };
    },
  );

  app.get(
    '/supervision/board',
    {
      preHandler: requirePermission('supervision.read'),
      schema: {
        tags: ['supervision'],
        summary: 'The supervision board of the caller’s regions: deadlines about to expire, overdue, and duty failures (四应四不) with body and article',
        querystring: z.object({
          warningDays: z.coerce.number().int().min(0).max(30).default(3),
          regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(),
        }),
        response: {
          200: z.object({
            today: z.string(),
            warningDays: z.number(),
            atRisk: z.array(ClockRow),
            overdue: z.array(ClockRow),
            failures: z.array(FailureRow),
            byCheck: z.array(z.object({ check: z.string(), labelZh: z.string(), article: z.string(), count: z.number() })),
          }),
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { warningDays, regionCode } = request.query;
      const today = chinaDateOf(app.ctx.now());
      const calendar = app.ctx.calendar.calendar;
      const scope = and(matterScope(p), regionCode ? sql`${matters.regionCode} LIKE ${`${regionPrefix(regionCode)}%`}` : undefined)!;

      const clocks = await app.ctx.db
        .select({ m: matters, name: matterClocks.name, due: matterClocks.dueOn })
        .from(matterClocks)
        .innerJoin(matters, eq(matters.id, matterClocks.matterId))
        .where(and(scope, eq(matterClocks.kind, 'deadline'), isNull(matterClocks.stoppedOn), eq(matterClocks.paused, false), lte(matterClocks.dueOn, addCalendarDays(today, warningDays))))
        .orderBy(asc(matterClocks.dueOn));
      const config = await getSetting(app.ctx.db, 'dutyChecks');
      const found = await failuresIn(app.ctx.db, scope, today, calendar, config);
      const names = await bodyNames(app.ctx.db, [
        ...clocks.map((c) => c.m.responsibleBodyId ?? c.m.registeringBodyId),
        ...found.flatMap((f) => f.failures.map((x) => x.bodyId)),
      ]);
      const ref = (id: string | null) => (id ? { id, name: names.get(id) ?? id } : null);
      const regionOf = await regionNames(app.ctx.db, [...clocks.map((c) => c.m.regionCode), ...found.map((f) => f.matter.regionCode)]);

      const clockRows = clocks.map((c) => ({
        matterId: c.m.id,
        number: c.m.number,
        title: c.m.title,
        regionName: regionOf.get(c.m.regionCode) ?? c.m.regionCode,
        status: c.m.status,
        clock: c.name,
        clockLabel: CLOCK_LABELS[c.name as ClockName] ?? c.name,
        due: c.due,
        daysLeft: daysBetween(today, c.due),
        // Who must act: the responsible body, or the bureau while the matter waits to be dispatched.
        body: ref(c.m.responsibleBodyId ?? c.m.registeringBodyId),
      }));
      const failures = found.flatMap(({ matter, failures }) =>
        failures.map((f) => ({
          matterId: matter.id,
          number: matter.number,
          title: matter.title,
          regionName: regionOf.get(matter.regionCode) ?? matter.regionCode,
          check: f.check,
          labelZh: f.labelZh,
          article: f.article,
          since: f.since,
          detailZh: f.detailZh,
          body: ref(f.bodyId),
        })),
      );
      return {
        today,
        warningDays,
        atRisk: clockRows.filter((c) => c.daysLeft >= 0),
        overdue: clockRows.filter((c) => c.daysLeft < 0),
        failures,
        byCheck: DUTY_CHECKS.filter((c) => !config.disabled.includes(c.code)).map((c) => ({
          check: c.code,
          labelZh: c.labelZh,
          article: c.article,
          count: failures.filter((f) => f.check === c.code).length,
        })),
      };
    },
  );

  app.get(
    '/supervision/cases',
    {
      preHandler: requirePermission('supervision.read'),
      schema: {
        tags: ['supervision'],
        summary: 'Open supervisions (督办件) in the caller’s regions: awaiting the body’s reply (overdue first) or its assessment',
        querystring: z.object({ regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional() }),
        response: {
          200: z.object({
            today: z.string(),
            items: z.array(
              z.object({
                matterId: z.string(),
                number: z.string(),
                title: z.string(),
                regionName: z.string(),
                stage: z.enum(['awaitingReply', 'awaitingAssessment']),
                stageLabel: z.string(),
                /** The reply date as the calendar moves it (a date in a holiday counts to the next working day). */
                replyDue: z.string(),
                daysLeft: z.number(),
                supervision: SupervisionDto.unwrap(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const today = chinaDateOf(app.ctx.now());
      const calendar = app.ctx.calendar.calendar;
      const { regionCode } = request.query;
      const rows = await app.ctx.db
        .select()
        .from(matters)
        .where(
          and(
            matterScope(p),
            sql`jsonb_typeof(${matters.state} -> 'supervision') = 'object'`,
            regionCode ? sql`${matters.regionCode} LIKE ${`${regionPrefix(regionCode)}%`}` : undefined,
          ),
        )
        .orderBy(asc(matters.receivedOn))
        .limit(500);
      const regionOf = await regionNames(app.ctx.db, rows.map((r) => r.regionCode));
      const names = await bodyNames(app.ctx.db, rows.flatMap((r) => supervisionBodyIds(r.state as MatterState)));
      const items = [];
      for (const r of rows) {
        const state = r.state as MatterState;
        const view = supervisionView(state, names);
        if (!view) continue;
        const clock = state.clocks.supervisionReply;
        const replyDue = clock ? clockDue(clock, calendar).due : view.replyDueOn;
        const stage = view.reply ? ('awaitingAssessment' as const) : ('awaitingReply' as const);
        items.push({
          matterId: r.id,
          number: r.number,
          title: r.title,
          regionName: regionOf.get(r.regionCode) ?? r.regionCode,
          stage,
          stageLabel: stage === 'awaitingReply' ? (daysBetween(today, replyDue) < 0 ? '逾期未回复' : '待回复') : '已回复，待评估',
          replyDue,
          daysLeft: daysBetween(today, replyDue),
          supervision: view,
        });
      }
      // What needs the office first: replies to assess, then the most overdue.
      items.sort((a, b) => (a.stage === b.stage ? a.daysLeft - b.daysLeft : a.stage === 'awaitingAssessment' ? -1 : 1));
      return { today, items };
    },
  );
};
