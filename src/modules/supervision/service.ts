import { and, asc, eq, gte, inArray, isNull, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { bodies, matterClocks, matterTallies, matters, regions } from '../../db/schema';
import { addCalendarDays, chinaDateOf, daysBetween, type Calendar, type IsoDate } from '../../domain/calendar';
import type { Indicators } from '../../domain/indicators';
import { CLOCK_LABELS, clockDue, type ClockName, type MatterState } from '../../domain/lifecycle';
import { regionPrefix } from '../../domain/org';
import { DUTY_CHECKS, partitionProblems, unassignedRegions, type DutyCheckConfig, type OfficePartition } from '../../domain/supervision';
import type { AppContext } from '../../context';
import { notFound, validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import type { StaffPrincipal } from '../auth/principal';
import { actingBodyId } from '../matters/service';
import { scopeTallies } from '../matters/queries';
import { matterScope, scopeTerms } from '../matters/scope';
import { supervisionBodyIds, supervisionView } from '../matters/views';
import { bodyNames, regionNames } from '../org/names';
import { getSetting } from '../settings/service';
import { failuresIn, reusedWhileQuiet, scopeKey } from './board';
import { indicatorsFor, mattersByIds, type GroupBy } from './indicators';

/**
 * The supervision office's reads (indicators, board, supervised cases) over the matters in the principal's scope,
 * and the bureau administrator's partition of regions among its supervision offices (督查分区).
 */

type SupervisionCtx = Pick<AppContext, 'db' | 'calendar' | 'now'>;

/** The matters in the principal's scope, narrowed to a city or county when one is asked for. */
function scopeIn(p: StaffPrincipal, regionCode: string | undefined) {
  return and(matterScope(p), regionCode ? sql`${matters.regionCode} LIKE ${`${regionPrefix(regionCode)}%`}` : undefined)!;
}

export type IndicatorDrill = 'timelyAcceptance' | 'onTimeConclusion' | 'satisfaction' | 'evaluation' | 'firstTimeResolution' | 'overdue' | 'reportReturns';

/**
 * The indicators of the matters received in [from, to], in total and per group; with `drill`, the matters behind
 * one indicator (of one `group`, or of the total): `hits` (the numerator) and `misses` (in the denominator only).
 */
export async function supervisionIndicators(
  ctx: SupervisionCtx,
  p: StaffPrincipal,
  q: { from: IsoDate; to: IsoDate; groupBy: GroupBy; drill?: IndicatorDrill; group?: string },
) {
  const today = chinaDateOf(ctx.now());
  const result = await indicatorsFor(ctx.db, matterScope(p), q.from, q.to, q.groupBy, today, await ctx.calendar.current());
  let drill = null;
  if (q.drill) {
    const x: Indicators | undefined = q.group ? result.groups.find((g) => g.key === q.group)?.indicators : result.total;
    const d = q.drill;
    const hits = !x ? [] : d === 'overdue' ? x.overdue : d === 'reportReturns' ? x.reportReturns.matters : x[d].hits;
    const misses = !x || d === 'overdue' || d === 'reportReturns' ? [] : x[d].misses;
    drill = { hits: await mattersByIds(ctx.db, hits), misses: await mattersByIds(ctx.db, misses) };
  }
  return { total: result.total, groups: result.groups, drill };
}

/** Rows per list of the board: the most urgent; the totals say how many there are. */
export const BOARD_ROWS = 200;

/**
 * The board: deadlines due within `warningDays` or overdue (the `BOARD_ROWS` most urgent of each, with the number of
 * matters behind each list from the read model), and the duty failures (四应四不) with body and article. Reused while
 * nothing is written (board.ts `reusedWhileQuiet`).
 */
export async function supervisionBoard(ctx: SupervisionCtx, p: StaffPrincipal, q: { warningDays: number; regionCode?: string }) {
  const { warningDays } = q;
  const today = chinaDateOf(ctx.now());
  const calendar = await ctx.calendar.current();
  const scope = scopeIn(p, q.regionCode);
  const config = await getSetting(ctx.db, 'dutyChecks');
  // The tallies' scope is the principal's too (scopeTerms), written apart from the matters' scope.
  const key = [...scopeKey(scope), ...scopeKey(or(...scopeTerms(p, matterTallies))!), q.regionCode ?? null, warningDays, today, config];
  return reusedWhileQuiet(ctx.db, key, calendar, () => computeBoard(ctx, p, q, today, calendar, scope, config));
}

async function computeBoard(
  ctx: SupervisionCtx,
  p: StaffPrincipal,
  q: { warningDays: number; regionCode?: string },
  today: IsoDate,
  calendar: Calendar,
  scope: SQL,
  config: DutyCheckConfig,
) {
  const { warningDays } = q;
  // Read in due-date order from the clocks' index and stopped at the page: never every overdue clock of a province.
  const clocksDue = (range: SQL) =>
    ctx.db
      // The columns a row shows: the whole matter (its state, its text) made these two reads most of a board's time.
      .select({
        m: { id: matters.id, number: matters.number, title: matters.title, regionCode: matters.regionCode, status: matters.status, responsibleBodyId: matters.responsibleBodyId, registeringBodyId: matters.registeringBodyId },
        name: matterClocks.name,
        due: matterClocks.dueOn,
      })
      .from(matterClocks)
      .innerJoin(matters, eq(matters.id, matterClocks.matterId))
      .where(and(scope, eq(matterClocks.kind, 'deadline'), isNull(matterClocks.stoppedOn), eq(matterClocks.paused, false), range))
      .orderBy(asc(matterClocks.dueOn), asc(matterClocks.matterId))
      .limit(BOARD_ROWS);
  const clocks = [...(await clocksDue(lt(matterClocks.dueOn, today))), ...(await clocksDue(and(gte(matterClocks.dueOn, today), lte(matterClocks.dueOn, addCalendarDays(today, warningDays)))!))];
  const tallies = await scopeTallies(ctx, p, { soonDays: warningDays, ...(q.regionCode ? { regionPrefix: regionPrefix(q.regionCode) } : {}) });
  const totals = { overdue: tallies.overdue, atRisk: tallies.dueSoon };
  const found = await failuresIn(ctx.db, scope, today, calendar, config, BOARD_ROWS);
  const names = await bodyNames(ctx.db, [
    ...clocks.map((c) => c.m.responsibleBodyId ?? c.m.registeringBodyId),
    ...found.failures.flatMap((f) => f.failures.map((x) => x.bodyId)),
  ]);
  const ref = (id: string | null) => (id ? { id, name: names.get(id) ?? id } : null);
  const regionOf = await regionNames(ctx.db, [...clocks.map((c) => c.m.regionCode), ...found.failures.map((f) => f.matter.regionCode)]);

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
  const failures = found.failures.flatMap(({ matter, failures }) =>
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
    totals,
    failuresTruncated: found.truncated,
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
}

/** Open supervisions (督办件): replies to assess first, then awaiting the body's reply, the most overdue first. */
export async function supervisionCases(ctx: SupervisionCtx, p: StaffPrincipal, q: { regionCode?: string }) {
  const today = chinaDateOf(ctx.now());
  const calendar = await ctx.calendar.current();
  const rows = await ctx.db
    .select()
    .from(matters)
    .where(and(scopeIn(p, q.regionCode), sql`jsonb_typeof(${matters.state} -> 'supervision') = 'object'`))
    .orderBy(asc(matters.receivedOn))
    .limit(500);
  const regionOf = await regionNames(ctx.db, rows.map((r) => r.regionCode));
  const names = await bodyNames(ctx.db, rows.flatMap((r) => supervisionBodyIds(r.state as MatterState)));
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
}

async function partitionsOf(ctx: Pick<AppContext, 'db'>, bureauId: string) {
  const [bureau] = await ctx.db.select().from(bodies).where(eq(bodies.id, bureauId));
  if (!bureau) throw notFound('body', '单位');
  const offices = await ctx.db
    .select({ id: bodies.id, name: bodies.name, supervisedRegionCodes: bodies.supervisedRegionCodes })
    .from(bodies)
    .where(and(eq(bodies.parentId, bureauId), eq(bodies.kind, 'supervisionOffice'), eq(bodies.active, true)))
    .orderBy(asc(bodies.code));
  const children = await ctx.db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.parentCode, bureau.regionCode)).orderBy(asc(regions.code));
  // The bodies of the bureau's own region (省直 departments, 中直驻晋, the government itself): no city partition reaches them.
  const levelBodies = await ctx.db
    .select({ id: bodies.id, name: bodies.name, kind: bodies.kind, officeId: bodies.supervisingOfficeId })
    .from(bodies)
    .where(and(eq(bodies.regionCode, bureau.regionCode), eq(bodies.active, true), notInArray(bodies.kind, ['petitionBureau', 'registrationDesk', 'acceptanceOffice', 'supervisionOffice'])))
    .orderBy(asc(bodies.code));
  return { bureau, offices: offices.map((o): OfficePartition => ({ officeId: o.id, officeName: o.name, regionCodes: o.supervisedRegionCodes ?? [] })), children, levelBodies };
}

/**
 * 督查分区: the supervision offices of the principal's bureau, the regions each watches, and those nobody watches.
 * The principal's scope is read from the office on every request, so a change applies to the next page an office opens.
 */
export async function supervisionPartitions(ctx: Pick<AppContext, 'db'>, p: StaffPrincipal) {
  const { bureau, offices, children, levelBodies } = await partitionsOf(ctx, actingBodyId(p));
  const officeIds = new Set(offices.map((o) => o.officeId));
  const namesOf = async (codes: string[]) => {
    const names = await regionNames(ctx.db, codes);
    return codes.map((code) => ({ code, name: names.get(code) ?? code }));
  };
  return {
    bureau: { id: bureau.id, name: bureau.name, regionCode: bureau.regionCode },
    offices: await Promise.all(
      offices.map(async (o) => ({
        id: o.officeId,
        name: o.officeName,
        regions: await namesOf([...o.regionCodes]),
        bodies: levelBodies.filter((b) => b.officeId === o.officeId).map((b) => ({ id: b.id, name: b.name })),
      })),
    ),
    regions: children,
    unassigned: await namesOf(unassignedRegions(children.map((c) => c.code), offices)),
    levelBodies: levelBodies.map((b) => ({ id: b.id, name: b.name })),
    unassignedBodies: levelBodies.filter((b) => !b.officeId || !officeIds.has(b.officeId)).map((b) => ({ id: b.id, name: b.name })),
  };
}

/**
 * Sets the regions a supervision office of the principal's bureau watches; overlaps with another office and regions
 * outside the bureau are refused (VALIDATION). Recorded as `body.supervisedRegionsChanged` with before and after.
 */
export async function setSupervisedRegions(ctx: Pick<AppContext, 'db' | 'now'>, p: StaffPrincipal, officeId: string, regionCodes: string[]) {
  const { bureau, offices } = await partitionsOf(ctx, actingBodyId(p));
  const office = offices.find((o) => o.officeId === officeId);
  if (!office) throw notFound('supervisionOffice', '本局督查督办机构');
  const codes = [...new Set(regionCodes)];
  const knownRows = codes.length ? await ctx.db.select({ code: regions.code }).from(regions).where(inArray(regions.code, codes)) : [];
  const known = new Set(knownRows.map((r) => r.code));
  const problems = partitionProblems(codes, bureau.regionCode, offices.filter((o) => o !== office), (c) => known.has(c));
  if (problems.length) throw validation(problems.map((x) => ({ field: 'regionCodes', messageZh: x.messageZh, message: x.message })));
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(bodies).set({ supervisedRegionCodes: codes }).where(eq(bodies.id, office.officeId));
    await appendEvents(tx, [
      {
        entityType: 'body',
        entityId: office.officeId,
        type: 'body.supervisedRegionsChanged',
        onDate: chinaDateOf(now),
        occurredAt: now,
        actorUserId: p.userId,
        actorBodyId: p.body.id,
        actorRoles: p.roles,
        payload: { before: office.regionCodes, after: codes },
      },
    ]);
  });
}

/**
 * Sets the bodies of the bureau's own level (省直, 中直驻晋) an office supervises: their matters reach its board wherever
 * they are. A body held by another office is refused, as an overlapping region is. Recorded as
 * `body.supervisedBodiesChanged` on the office with before and after.
 */
export async function setSupervisedBodies(ctx: Pick<AppContext, 'db' | 'now'>, p: StaffPrincipal, officeId: string, bodyIds: string[]) {
  const { offices, levelBodies } = await partitionsOf(ctx, actingBodyId(p));
  const office = offices.find((o) => o.officeId === officeId);
  if (!office) throw notFound('supervisionOffice', '本局督查督办机构');
  const ids = [...new Set(bodyIds)];
  const byId = new Map(levelBodies.map((b) => [b.id, b]));
  const officeName = new Map(offices.map((o) => [o.officeId, o.officeName]));
  const problems = ids.flatMap((id) => {
    const b = byId.get(id);
    if (!b) return [{ field: 'bodyIds', messageZh: `机构 ${id} 不是本级机构（省直、中直驻晋等），不能按机构分工`, message: `${id} is not a body of the bureau's level` }];
    const holder = b.officeId && b.officeId !== officeId ? officeName.get(b.officeId) : undefined;
    return holder ? [{ field: 'bodyIds', messageZh: `${b.name}已由${holder}负责`, message: `${b.name} is supervised by another office` }] : [];
  });
  if (problems.length) throw validation(problems);
  const before = levelBodies.filter((b) => b.officeId === officeId).map((b) => b.id);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(bodies).set({ supervisingOfficeId: null }).where(eq(bodies.supervisingOfficeId, officeId));
    if (ids.length) await tx.update(bodies).set({ supervisingOfficeId: officeId }).where(inArray(bodies.id, ids));
    await appendEvents(tx, [
      {
        entityType: 'body',
        entityId: officeId,
        type: 'body.supervisedBodiesChanged',
        onDate: chinaDateOf(now),
        occurredAt: now,
        actorUserId: p.userId,
        actorBodyId: p.body.id,
        actorRoles: p.roles,
        payload: { before, after: ids },
      },
    ]);
  });
}
