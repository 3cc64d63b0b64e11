import { and, asc, count, eq, ilike, inArray, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { bodies, events, matterClocks, matterTallies, matters, users } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import { addCalendarDays, chinaDateOf } from '../../domain/calendar';
import { ART31_ROUTE_ARTICLES, ART31_ROUTE_LABELS, ART31_ROUTES, PURPOSE_CLASS, PURPOSE_LABELS, PURPOSES, type Purpose } from '../../domain/classification';
import { REDIRECT_CHANNEL_LABELS, REDIRECT_CHANNELS, type MatterState } from '../../domain/lifecycle';
import { BODY_KIND_LABELS, regionPrefix, type BodyKind } from '../../domain/org';
import type { StaffPrincipal } from '../auth/principal';
import { cappedCount, decodeCursor, encodeCursor } from '../matters/queries';
import { getMatterInScope, matterScope, scopeTerms } from '../matters/scope';
import { actingBodyId } from '../matters/service';
import { classificationView, toSummaries } from '../matters/views';
import { suggestionsFor } from '../routing/service';
import { getSetting } from '../settings/service';
import { REDIRECT_KIND } from './prepare';

/** The reads of the acceptance office's desk and the receiving body's inbox (routes.ts answers with them). */

type MatterRow = typeof matters.$inferSelect;
type ListContext = Pick<AppContext, 'db' | 'database' | 'calendar' | 'timeLimits' | 'now'>;

/** Queue and inbox rows: the summary, the classification, flags and pending requests; suggestions for the office. */
async function queueItems(ctx: ListContext, rows: MatterRow[], opts: { suggestions: boolean }) {
  const [summaries, tree, suggestions] = await Promise.all([
    toSummaries(ctx.db, rows, chinaDateOf(ctx.now()), await ctx.calendar.current(), ctx.timeLimits),
    getSetting(ctx.db, 'categoryTree'),
    // From the primary, which stores what it scores: `ctx.db` may be a read replica (src/http/reads.ts).
    opts.suggestions ? suggestionsFor(ctx.database.db, rows.filter((r) => r.status === 'registered'), { store: true }) : null,
  ]);
  const items = rows.map((row, i) => {
    const state = row.state as MatterState;
    return {
      ...summaries[i]!,
      category: row.category,
      classification: classificationView(state, tree),
      flags: row.flags,
      registrationQuery: state.registrationQuery ?? null,
      returnRequest: state.returnRequest,
      dispatch: state.dispatch,
      dispatchedOn: state.dispatchedOn,
      suggestions: suggestions?.byMatter.get(row.id) ?? [],
    };
  });
  return { items, modelVersion: suggestions?.modelVersion ?? null };
}

/** Rows matching `where`, most urgent `dueOn` first, with their total. */
async function page(db: DbOrTx, where: SQL | undefined, order: SQL[], pageNo: number, pageSize: number) {
  const [total] = await db.select({ n: count() }).from(matters).where(where);
  const rows = await db
    .select()
    .from(matters)
    .where(where)
    .orderBy(...order)
    .limit(pageSize)
    .offset((pageNo - 1) * pageSize);
  return { rows, total: total?.n ?? 0 };
}

export interface QueueFilter {
  stage: 'undecided' | 'returns' | 'all';
  regionCode?: string;
  channel?: string;
  purpose?: Purpose;
  category?: string;
  unclassified?: boolean;
  flag?: 'levelSkipping' | 'terminated' | 'sentBack';
  daysLeftMax?: number;
  q?: string;
  /** Where the previous page ended (`nextCursor`); none: the first page. */
  cursor?: string;
  pageSize: number;
}

/** The acceptance office's queue: matters its bureau registered that wait for a routing decision or a return ruling. */
function queueCondition(t: typeof matters | typeof matterTallies, bureau: string, stage: QueueFilter['stage']): SQL {
  // Written so the planner sees the partial index's own condition (matters_triage_idx) and estimates it well: a
  // redundant `status = 'registered' AND status IN (…)` made it misjudge the rows and sort a bureau's whole queue.
  const waiting =
    stage === 'undecided'
      ? and(eq(t.status, 'registered'), isNull(t.responsibleBodyId))!
      : stage === 'returns'
        ? eq(t.status, 'returnRequested')
        : and(inArray(t.status, ['registered', 'returnRequested']), or(eq(t.status, 'returnRequested'), isNull(t.responsibleBodyId)))!;
  return and(eq(t.registeringBodyId, bureau), waiting)!;
}

/** Urgency: the nearest running deadline (the dispatch clock, or a return's), matters without one last. */
const URGENCY = sql`coalesce(${matters.nextDueOn}, '9999-12-31'::date)`;

/**
 * The triage queue, most urgent first, a page at a time (keyset on urgency, date received and number, read in order
 * from `matters_triage_idx`). The total of a stage comes from the read model; with further filters it is counted up
 * to `COUNT_CAP` (`totalExact`).
 */
export async function triageQueue(ctx: ListContext, p: StaffPrincipal, f: QueueFilter) {
  const bureau = actingBodyId(p);
  const conditions: SQL[] = [matterScope(p), queueCondition(matters, bureau, f.stage)];
  const filters: SQL[] = [];
  if (f.regionCode) filters.push(sql`${matters.regionCode} LIKE ${`${regionPrefix(f.regionCode)}%`}`);
  if (f.channel) filters.push(eq(matters.channel, f.channel));
  if (f.purpose) filters.push(eq(matters.purpose, f.purpose));
  if (f.category) filters.push(sql`${matters.categoryPath} @> ARRAY[${f.category}]::text[]`);
  if (f.unclassified) filters.push(isNull(matters.purpose));
  if (f.flag === 'sentBack') filters.push(sql`${matters.state}->'registrationQuery' IS NOT NULL AND ${matters.state}->'registrationQuery' <> 'null'::jsonb`);
  else if (f.flag) filters.push(sql`${matters.flags} @> ARRAY[${f.flag}]::text[]`);
  if (f.q) filters.push(or(ilike(matters.title, `%${f.q}%`), ilike(matters.number, `%${f.q}%`))!);
  if (f.daysLeftMax !== undefined) filters.push(sql`${matters.nextDueOn} <= ${addCalendarDays(chinaDateOf(ctx.now()), f.daysLeftMax)}`);
  const after = f.cursor ? decodeCursor(f.cursor, 3) : null;
  const keyset = after ? sql`(${URGENCY}, ${matters.receivedOn}, ${matters.number}) > (${after[0]}::date, ${after[1]}::date, ${after[2]})` : undefined;
  const rows = await ctx.db
    .select()
    .from(matters)
    .where(and(...conditions, ...filters, keyset))
    .orderBy(sql`${URGENCY} ASC`, asc(matters.receivedOn), asc(matters.number))
    .limit(f.pageSize + 1);
  const page = rows.slice(0, f.pageSize);
  const last = page.at(-1);
  const nextCursor =
    rows.length > f.pageSize && last ? encodeCursor([last.nextDueOn ?? '9999-12-31', last.receivedOn, last.number]) : null;
  const counted = filters.length
    ? await cappedCount(ctx, and(...conditions, ...filters))
    : { total: await queueTally(ctx.db, p, bureau, f.stage), exact: true };
  const { items, modelVersion } = await queueItems(ctx, page, { suggestions: true });
  return { items, total: counted.total, totalExact: counted.exact, nextCursor, modelVersion };
}

/** A stage's size from the read model (`matter_tallies`). */
async function queueTally(db: DbOrTx, p: StaffPrincipal, bureau: string, stage: QueueFilter['stage']) {
  const [r] = await db
    .select({ n: sql<number>`coalesce(sum(${matterTallies.n}), 0)::int` })
    .from(matterTallies)
    .where(and(queueCondition(matterTallies, bureau, stage), or(...scopeTerms(p, matterTallies))));
  return r?.n ?? 0;
}

/** The inbox's stages (GET /inbox in routes.ts says what each holds). */
export type InboxStage = 'toAccept' | 'handling' | 'supervised' | 'appeals' | 'all';

/** The receiving body's inbox: matters forwarded, assigned or kept for it, most urgent clock first. */
export async function inbox(ctx: ListContext, p: StaffPrincipal, f: { stage: InboxStage; page: number; pageSize: number }) {
  const body = actingBodyId(p);
  const statuses =
    f.stage === 'toAccept' ? ['registered', 'dispatched', 'returnRequested'] : f.stage === 'handling' ? ['accepted', 'replied', 'evaluated'] : null;
  const where =
    f.stage === 'supervised'
      ? sql`${matters.state} #>> '{supervision,targetBodyId}' = ${body} AND ${matters.state} #>> '{supervision,reply}' IS NULL`
      : f.stage === 'appeals'
        ? or(and(eq(matters.reviewBodyId, body), eq(matters.status, 'review')), and(eq(matters.reReviewBodyId, body), eq(matters.status, 'reReview')))
        : and(eq(matters.responsibleBodyId, body), statuses ? inArray(matters.status, statuses) : undefined);
  const dueOn = sql`(SELECT min(${matterClocks.dueOn}) FROM ${matterClocks} WHERE ${matterClocks.matterId} = ${matters.id}
    AND ${matterClocks.stoppedOn} IS NULL)`;
  const { rows, total } = await page(ctx.db, where, [sql`${dueOn} ASC NULLS LAST`, asc(matters.number)], f.page, f.pageSize);
  return { items: (await queueItems(ctx, rows, { suggestions: false })).items, total };
}

/** One matter's routing suggestions (404 out of scope). */
export async function matterRouting(db: DbOrTx, p: StaffPrincipal, matterId: string) {
  const row = await getMatterInScope(db, p, matterId);
  const { modelVersion, byMatter } = await suggestionsFor(db, [row], { store: true });
  return { modelVersion, suggestions: byMatter.get(row.id) ?? [] };
}

/** Bodies to choose from; `targets`: only those a matter may be sent to (not a petition bureau nor its offices). */
export async function listBodies(db: DbOrTx, f: { q?: string; kind?: BodyKind; regionCode?: string; targets: boolean; limit: number }) {
  const conditions: SQL[] = [eq(bodies.active, true)];
  if (f.targets) conditions.push(notInArray(bodies.kind, ['petitionBureau', 'registrationDesk', 'acceptanceOffice', 'supervisionOffice']));
  if (f.q) conditions.push(ilike(bodies.name, `%${f.q}%`));
  if (f.kind) conditions.push(eq(bodies.kind, f.kind));
  if (f.regionCode) conditions.push(sql`${bodies.regionCode} LIKE ${`${regionPrefix(f.regionCode)}%`}`);
  const rows = await db
    .select({ id: bodies.id, name: bodies.name, kind: bodies.kind, level: bodies.level, regionCode: bodies.regionCode })
    .from(bodies)
    .where(and(...conditions))
    .orderBy(asc(bodies.regionCode), asc(bodies.name))
    .limit(f.limit);
  return rows.map((b) => ({ ...b, kindLabel: BODY_KIND_LABELS[b.kind] }));
}

/** The competence table (职能管辖表): the departments, optionally of one region and below, with their categories. */
export async function competenceTable(db: DbOrTx, regionCode: string | undefined) {
  const rows = await db
    .select({ id: bodies.id, name: bodies.name, level: bodies.level, regionCode: bodies.regionCode, competence: bodies.competence })
    .from(bodies)
    .where(and(eq(bodies.active, true), eq(bodies.kind, 'department'), regionCode ? sql`${bodies.regionCode} LIKE ${`${regionPrefix(regionCode)}%`}` : undefined))
    .orderBy(asc(bodies.regionCode), asc(bodies.name));
  return rows.map((r) => ({ ...r, competence: r.competence ?? [] }));
}

/** Purposes, Art. 31 routes, redirect channels with their labels, and the configured content-category tree. */
export async function classificationCatalogue(db: DbOrTx) {
  return {
    purposes: PURPOSES.map((code) => ({ code, label: PURPOSE_LABELS[code], needsArt31Route: PURPOSE_CLASS[code] === 'grievance' })),
    art31Routes: ART31_ROUTES.map((code) => ({ code, label: ART31_ROUTE_LABELS[code], article: ART31_ROUTE_ARTICLES[code] })),
    categories: await getSetting(db, 'categoryTree'),
    redirectChannels: REDIRECT_CHANNELS.map((code) => ({ code, label: REDIRECT_CHANNEL_LABELS[code], bodyKind: REDIRECT_KIND[code] })),
  };
}

/** 互相监督: per office of the caller's bureau, registrations sent back, dispatches flagged and returns upheld. */
export async function mutualSupervision(db: DbOrTx, p: StaffPrincipal, from: string, to: string) {
  const bureau = actingBodyId(p);
  // The office is the acting user's own body: the bureau's offices act in its name, so the event's body is the bureau.
  const rows = await db
    .select({ bodyId: bodies.id, name: bodies.name, type: events.type, n: count() })
    .from(events)
    .innerJoin(users, eq(users.id, events.actorUserId))
    .innerJoin(bodies, eq(bodies.id, users.bodyId))
    .where(
      and(
        eq(events.entityType, 'matter'),
        inArray(events.type, ['registrationSentBack', 'dispatchFlagged', 'returnUpheld']),
        eq(events.actorBodyId, bureau),
        sql`${events.onDate} BETWEEN ${from} AND ${to}`,
      ),
    )
    .groupBy(bodies.id, bodies.name, events.type);
  const offices = new Map<string, { bodyId: string; name: string; registrationsSentBack: number; dispatchesFlagged: number; returnsUpheld: number }>();
  for (const r of rows) {
    const o = offices.get(r.bodyId) ?? { bodyId: r.bodyId, name: r.name, registrationsSentBack: 0, dispatchesFlagged: 0, returnsUpheld: 0 };
    if (r.type === 'registrationSentBack') o.registrationsSentBack += r.n;
    else if (r.type === 'dispatchFlagged') o.dispatchesFlagged += r.n;
    else o.returnsUpheld += r.n;
    offices.set(r.bodyId, o);
  }
  return [...offices.values()];
}
