import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { settings } from '../../db/schema';
import { queryRows, type DbOrTx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import {
  NATIONAL_TIME_LIMITS,
  TIME_LIMIT_BOUNDS,
  TIME_LIMIT_NAMES,
  timeLimitConfig,
  type TimeLimitName,
  type TimeLimitOverrides,
} from '../../domain/lifecycle';
import { appendEvents } from '../audit/append';
import type { StaffPrincipal } from '../auth/principal';
import { getSetting, putSetting } from './service';

/**
 * 办理时限: the deployment's departures from the national time limits live in the database (the `timeLimits`
 * setting), each change an event with its actor. The `XINFANG_TIME_LIMITS` file is what a deployment started with:
 * on the first start with this code it is copied into the database once (`adoptTimeLimitFile`), after which the
 * database is the truth and the file is ignored (a warning says so when they differ).
 *
 * Every node holds the limits in `ctx.timeLimits`, read by every decision and clock; `refreshTimeLimits` re-reads them
 * when the row's `updated_at` moved (the HTTP app checks at most every few seconds), so a change made on one node
 * reaches the others without a restart.
 */

type Ctx = Pick<AppContext, 'db' | 'now' | 'timeLimits'>;

/** The version a node last loaded: the row's updated_at (epoch ms), 0 when no row exists. */
const loadedVersion = new WeakMap<object, number>();

async function settingRow(db: DbOrTx) {
  const [row] = await db.select({ value: settings.value, updatedAt: settings.updatedAt }).from(settings).where(eq(settings.key, 'timeLimits'));
  return row ?? null;
}

function apply(ctx: Ctx, overrides: TimeLimitOverrides, version: number): void {
  (ctx as { timeLimits: AppContext['timeLimits'] }).timeLimits = timeLimitConfig(overrides);
  loadedVersion.set(ctx, version);
}

/**
 * At start: the database's limits when it holds some; else the file's overrides (already validated by the CLI),
 * written to the database as the initial value by the system, so the history starts with where they came from.
 */
export async function adoptTimeLimitFile(ctx: Ctx, file: { path: string; overrides: TimeLimitOverrides } | null): Promise<{ source: 'database' | 'file' | 'national'; ignoredFile: boolean }> {
  const row = await settingRow(ctx.db);
  if (row) {
    apply(ctx, row.value as TimeLimitOverrides, row.updatedAt.getTime());
    return { source: 'database', ignoredFile: file !== null && JSON.stringify(row.value) !== JSON.stringify(file.overrides) };
  }
  if (!file) {
    apply(ctx, {}, 0);
    return { source: 'national', ignoredFile: false };
  }
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(settings).values({ key: 'timeLimits', value: file.overrides, updatedAt: now, updatedByUserId: null }).onConflictDoNothing();
    await appendEvents(tx, [
      { entityType: 'setting', entityId: 'timeLimits', type: 'setting.changed', onDate: chinaDateOf(now), occurredAt: now, payload: { key: 'timeLimits', value: file.overrides, source: file.path } },
    ]);
  });
  const stored = await settingRow(ctx.db);
  apply(ctx, (stored?.value ?? file.overrides) as TimeLimitOverrides, stored?.updatedAt.getTime() ?? 0);
  return { source: 'file', ignoredFile: false };
}

/** Re-reads the limits when another node changed them; cheap (one row by key) when nothing changed. */
export async function refreshTimeLimits(ctx: Ctx): Promise<boolean> {
  const row = await settingRow(ctx.db);
  const version = row?.updatedAt.getTime() ?? 0;
  if (loadedVersion.get(ctx) === version) return false;
  apply(ctx, (row?.value ?? {}) as TimeLimitOverrides, version);
  return true;
}

/** Saves the overrides (validated against the statutory bounds) and puts them in force on this node at once. */
export async function putTimeLimits(ctx: AppContext, p: StaffPrincipal, overrides: TimeLimitOverrides) {
  const saved = await putSetting(ctx, p, 'timeLimits', overrides);
  const row = await settingRow(ctx.db);
  apply(ctx, saved, row?.updatedAt.getTime() ?? 0);
  return timeLimitsView(ctx);
}


/** Each limit as in force, beside the national rule and its bounds, and the history of changes (newest first). */
export async function timeLimitsView(ctx: Ctx) {
  const overrides = await getSetting(ctx.db, 'timeLimits');
  const current = timeLimitConfig(overrides);
  const items = TIME_LIMIT_NAMES.map((name) => ({
    name,
    labelZh: NATIONAL_TIME_LIMITS[name].labelZh,
    unit: current[name].unit,
    amount: current[name].amount,
    article: current[name].article,
    national: { unit: NATIONAL_TIME_LIMITS[name].unit, amount: NATIONAL_TIME_LIMITS[name].amount, article: NATIONAL_TIME_LIMITS[name].article },
    bounds: TIME_LIMIT_BOUNDS[name],
    overridden: overrides[name] !== undefined,
  }));
  return { items, history: await timeLimitHistory(ctx.db) };
}

async function timeLimitHistory(db: DbOrTx) {
  const rows = await queryRows<{ id: string | number; occurred_at: Date | string; login: string | null; display_name: string | null; payload: { value: TimeLimitOverrides; source?: string } }>(
    db,
    sql`SELECT e.id, e.occurred_at, u.login, u.display_name, e.payload FROM events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.entity_type = 'setting' AND e.entity_id = 'timeLimits' ORDER BY e.seq ASC`,
  );
  let previous = timeLimitConfig({});
  const out = rows.map((r) => {
    const config = timeLimitConfig(r.payload.value ?? {});
    const changes = TIME_LIMIT_NAMES.filter((n) => JSON.stringify(config[n]) !== JSON.stringify(previous[n])).map((n: TimeLimitName) => ({
      name: n,
      labelZh: NATIONAL_TIME_LIMITS[n].labelZh,
      before: { unit: previous[n].unit, amount: previous[n].amount, article: previous[n].article },
      after: { unit: config[n].unit, amount: config[n].amount, article: config[n].article },
    }));
    previous = config;
    return { id: Number(r.id), occurredAt: new Date(r.occurred_at).toISOString(), actor: r.login ? { login: r.login, name: r.display_name ?? r.login } : null, source: r.payload.source ?? null, changes };
  });
  return out.reverse();
}

