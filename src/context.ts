import type { Database } from './db/client';
import type { TimeLimitConfig } from './domain/lifecycle';
import type { CalendarService } from './modules/calendar/service';
import type { AttachmentStore } from './modules/attachments/store';
import type { NotificationSettings } from './modules/notifications/providers';

/**
 * What every route, verb and background job may use; built by `openContext` (src/cli/boot.ts) or a test, and handed
 * to the HTTP app, the scanner and the outbox alike. It lives outside src/http so jobs and the importer do not depend
 * on the web server. Time is injected so tests and the scheduler control it.
 */
export interface AppContext {
  /**
   * The database; with DATABASE_READ_URL, `database.replica` is the streaming replica that search, analytics and
   * list reads use (src/http/reads.ts chooses per request; docs/scaling.md says what goes where).
   */
  database: Database;
  /** The primary: every write, every read inside a write's transaction, and every read not routed to the replica. */
  db: Database['db'];
  calendar: CalendarService;
  /** The statutory time limits in force: national defaults, overridable per deployment (src/cli/time-limits.ts). */
  timeLimits: TimeLimitConfig;
  /** Where attachment bytes live (local data directory by default; an object store can replace it). */
  attachments: AttachmentStore;
  /** How messages leave (SMS and e-mail providers) and the outbox's retry and warning settings. */
  notifications: NotificationSettings;
  now: () => Date;
  /** Default lifetime in days of a new API token (XINFANG_TOKEN_DAYS; 90 when unset). */
  tokenDays?: number;
}
