import { join } from 'node:path';
import { dataDirFromEnv, databaseConfigFromEnv, migrateDatabase, openDatabase, type Database, type DatabaseConfig } from '../db/client';
import type { AppContext } from '../context';
import { CalendarService } from '../modules/calendar/service';
import { LocalAttachmentStore } from '../modules/attachments/store';
import { notificationSettingsFromEnv } from '../modules/notifications/providers';
import { tokenDaysFromEnv } from '../modules/auth/api-tokens';
import { ensureRegions, type RegionsLoad } from '../modules/org/regions';
import { adoptTimeLimitFile } from '../modules/settings/time-limits';
import { timeLimitConfig } from '../domain/lifecycle';
import { timeLimitFileFromEnv } from './time-limits';

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
  const timeLimitFile = timeLimitFileFromEnv();
  const tokenDays = tokenDaysFromEnv();
  const notifications = notificationSettingsFromEnv(dataDirFromEnv(), process.env, now);
  const database: Database = await openDatabase(config);
  try {
    await migrateDatabase(database);
    const regionsLoad = opts.referenceData === false ? { inserted: 0, total: 0, source: '', ms: 0 } : await ensureRegions(database.db, now());
    const calendar = new CalendarService(database.db);
    await calendar.reload();
    const attachments = await LocalAttachmentStore.open(join(dataDirFromEnv(), 'attachments'), { now });
    const ctx = {
      database,
      db: database.db,
      calendar,
      timeLimits: timeLimitConfig(timeLimitFile?.overrides),
      attachments,
      notifications,
      now,
      tokenDays,
      regionsLoad,
      close: () => database.close(),
    };
    // The database a restore fills must stay empty until then; the restored one carries its own limits.
    if (opts.referenceData === false) return ctx;
    // The limits in force are the database's (系统管理 → 办理时限); the file only seeds them on the first start.
    const adopted = await adoptTimeLimitFile(ctx, timeLimitFile);
    if (adopted.ignoredFile) {
      process.emitWarning(`XINFANG_TIME_LIMITS (${timeLimitFile!.path}) 与数据库中的办理时限不同：以数据库为准（在「系统管理 → 办理时限」中修改）`);
    }
    return ctx;
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}
