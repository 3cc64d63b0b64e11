import type { AppContext } from '../../http/app';
import { isSeeded, seedDemoOrganisation, type SeedResult } from '../org/seed';

/**
 * Seeds the demo province on an empty database: organisation, logins, and a set of matters at every stage of the
 * statutory course (so the workbench has something true to show). Returns null when the database already has data.
 */
export async function seedDemo(ctx: AppContext): Promise<SeedResult | null> {
  if (await isSeeded(ctx.db)) return null;
  const now = ctx.now();
  return ctx.db.transaction((tx) => seedDemoOrganisation(tx, now));
}
