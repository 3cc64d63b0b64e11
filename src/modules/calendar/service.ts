import { asc, eq, sql } from 'drizzle-orm';
import { lockXactShared, tryLockXact } from '../../db/locks';
import { cacheVersions, calendarSchedules } from '../../db/schema';
import type { DbOrTx, Tx } from '../../db/tx';
import { Calendar, officialCalendarData, withSchedules, type YearSchedule } from '../../domain/calendar';

const NAME = 'calendar';

/**
 * The calendar in force: the built-in official schedules plus every year an admin has loaded. Held in memory because
 * every clock computation reads it, and versioned so several app nodes agree on it: loading a schedule bumps
 * `cache_versions.calendar` in its transaction, and a node compares its copy's version with that row (one
 * primary-key lookup) before it computes with the calendar, reloading when they differ. Reads use `current`;
 * writers of clock rows use `forClockRows`, which also holds the calendar lock shared, so a schedule load waits for
 * them and they, once it committed, see the new version: no node writes due dates of the old calendar after a load.
 */
export class CalendarService {
  private loaded: Calendar;
  /** The version `loaded` was built at; null before the first load (the built-in data only). */
  private version: number | null = null;

  constructor(private readonly db: DbOrTx) {
    this.loaded = new Calendar(officialCalendarData());
  }

  /**
   * The calendar as this node last loaded it, unchecked: for work that must not touch the database (command-line
   * date arithmetic). Everything that reads or writes matters uses `current` or `forClockRows`.
   */
  get calendar(): Calendar {
    return this.loaded;
  }

  /** The calendar in force, reloaded first if another node (or this one) loaded a schedule since. */
  async current(db: DbOrTx = this.db): Promise<Calendar> {
    const [row] = await db.select({ version: cacheVersions.version }).from(cacheVersions).where(eq(cacheVersions.name, NAME));
    const version = row?.version ?? 0;
    if (version !== this.version) await this.load(db, version);
    return this.loaded;
  }

  /**
   * The calendar to write clock rows with, in the writer's transaction: holds the calendar lock shared to the end of
   * it, so a schedule load cannot commit between this check and the writer's commit. Any lock order is safe: the
   * load only ever tries for the lock, it never waits for it.
   */
  async forClockRows(tx: Tx): Promise<Calendar> {
    await lockXactShared(tx, 'calendar');
    return this.current(tx);
  }

  /** The `cache_versions.calendar` this node's copy was built at; null before the first check (built-in data only). */
  get loadedVersion(): number | null {
    return this.version;
  }

  async reload(): Promise<Calendar> {
    this.version = null;
    return this.current();
  }

  private async load(db: DbOrTx, version: number): Promise<void> {
    const rows = await db.select().from(calendarSchedules).orderBy(asc(calendarSchedules.year));
    this.loaded = new Calendar(withSchedules(officialCalendarData(), rows.map((r) => r.schedule as YearSchedule)));
    this.version = version;
  }
}

/**
 * Marks the calendar changed, in the transaction that changed `calendar_schedules`: takes the calendar lock
 * exclusively if no clock-row writer holds it (false otherwise: the caller rolls back and retries), then bumps the
 * version every node compares with.
 */
export async function bumpCalendarVersion(tx: Tx): Promise<number | null> {
  if (!(await tryLockXact(tx, 'calendar'))) return null;
  const [row] = await tx
    .insert(cacheVersions)
    .values({ name: NAME, version: 1 })
    .onConflictDoUpdate({ target: cacheVersions.name, set: { version: sql`${cacheVersions.version} + 1` } })
    .returning({ version: cacheVersions.version });
  return row!.version;
}
