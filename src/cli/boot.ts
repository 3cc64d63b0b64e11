import { join } from 'node:path';
import { dataDirFromEnv, databaseConfigFromEnv, migrateDatabase, openDatabase, type Database, type DatabaseConfig } from '../db/client';
import type { AppContext } from '../context';
import { CalendarService } from '../modules/calendar/service';
import { LocalAttachmentStore } from '../modules/attachments/store';
import { notificationSettingsFromEnv } from '../modules/notifications/providers';
import { tokenDaysFromEnv } from '../modules/auth/api-tokens';
import { ensureRegions, type RegionsLoad } from '../modules/org/regions';
import { timeLimitsFromEnv } from './time-limits';

/**
 * Opens the database, applies migrations, makes sure the reference regions are there (the whole country's, on a new
 * database) and loads the calendar: what every command that touches data needs.
 */
export async function openContext(
  config: DatabaseConfig = databaseConfigFromEnv(),
  now: () => Date = () => new Date(),
  /** `xinfang restore` opens a database that must stay empty: no reference regions (and their event) before it. */
  opts: { referenceData?: boolean } = {},
): Promise<AppContext & { close(): Promise<void>; regionsLoad: RegionsLoad }> {
  const timeLimits = timeLimitsFromEnv();
  const tokenDays = tokenDaysFromEnv();
  const notifications = notificationSettingsFromEnv(dataDirFromEnv(), process.env, now);
  const database: Database = await openDatabase(config);
  try {
    await migrateDatabase(database);
    const regionsLoad = opts.referenceData === false ? { inserted: 0, total: 0, source: '', ms: 0 } : await ensureRegions(database.db, now());
    const calendar = new CalendarService(database.db);
    await calendar.reload();
    const attachments = await LocalAttachmentStore.open(join(dataDirFromEnv(), 'attachments'), { now });
    return { database, db: database.db, calendar, timeLimits, attachments, notifications, now, tokenDays, regionsLoad, close: () => database.close() };
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}
