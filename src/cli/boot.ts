import { join } from 'node:path';
import { dataDirFromEnv, databaseConfigFromEnv, migrateDatabase, openDatabase, type Database, type DatabaseConfig } from '../db/client';
import type { AppContext } from '../context';
import { CalendarService } from '../modules/calendar/service';
import { LocalAttachmentStore } from '../modules/attachments/store';
import { notificationSettingsFromEnv } from '../modules/notifications/providers';
import { tokenDaysFromEnv } from '../modules/auth/api-tokens';
import { adoptTimeLimitFile } from '../modules/settings/time-limits';
import { timeLimitConfig } from '../domain/lifecycle';
import { timeLimitFileFromEnv } from './time-limits';

/** Opens the database, applies migrations and loads the calendar: what every command that touches data needs. */
export async function openContext(config: DatabaseConfig = databaseConfigFromEnv(), now: () => Date = () => new Date()): Promise<AppContext & { close(): Promise<void> }> {
  const timeLimitFile = timeLimitFileFromEnv();
  const tokenDays = tokenDaysFromEnv();
  const notifications = notificationSettingsFromEnv(dataDirFromEnv(), process.env, now);
  const database: Database = await openDatabase(config);
  try {
    await migrateDatabase(database);
    const calendar = new CalendarService(database.db);
    await calendar.reload();
    const attachments = await LocalAttachmentStore.open(join(dataDirFromEnv(), 'attachments'), { now });
    const ctx = { database, db: database.db, calendar, timeLimits: timeLimitConfig(timeLimitFile?.overrides), attachments, notifications, now, tokenDays, close: () => database.close() };
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
