import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Indicators } from '../../domain/indicators';
import { principalOf, requirePermission } from '../../http/auth';
import { routedRead } from '../../http/reads';
import { IsoDateString } from '../../http/schemas';
import { SupervisionDto } from '../matters/schemas';
import { partitionRoutes } from './partitions';
import { supervisionBoard, supervisionCases, supervisionIndicators } from './service';

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
      const { from, to } = request.query;
      const result = await routedRead(request, (ctx) => supervisionIndicators(ctx, principalOf(request), request.query));
      return {
        from,
        to,
        total: summary(result.total),
        groups: result.groups.map((g) => ({ key: g.key, name: g.name, indicators: summary(g.indicators), volume: g.volume })),
        drill: result.drill,
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
            totals: z
              .object({ overdue: z.number(), atRisk: z.number() })
              .describe('matters overdue / due within warningDays by their nearest deadline (the lists show the 200 most urgent clocks each)'),
            atRisk: z.array(ClockRow),
            overdue: z.array(ClockRow),
            failures: z.array(FailureRow),
            failuresTruncated: z.boolean().describe('true: only the 200 oldest candidate matters were checked'),
            byCheck: z.array(z.object({ check: z.string(), labelZh: z.string(), article: z.string(), count: z.number() })),
          }),
        },
      },
    },
    async (request) => routedRead(request, (ctx) => supervisionBoard(ctx, principalOf(request), request.query)),
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
    async (request) => routedRead(request, (ctx) => supervisionCases(ctx, principalOf(request), request.query)),
  );
};
