import type { AppContext } from '../../context';
import { isSeeded, seedDemoOrganisation, type SeedResult } from '../org/seed';
import { seedDemoMatters } from './matters';

/**
 * Seeds the demo province on an empty database: organisation, logins, and a set of matters at several stages of the
 * statutory course (so the workbench has something true to show). Returns null when the database already has data.
 */
export async function seedDemo(ctx: AppContext, opts: { matters?: boolean } = {}): Promise<(SeedResult & { matters: number }) | null> {
  if (await isSeeded(ctx.db)) return null;
  const now = ctx.now();
  const org = await ctx.db.transaction((tx) => seedDemoOrganisation(tx, now));
  const matters = opts.matters === false ? 0 : await seedDemoMatters(ctx);
  return { ...org, matters };
}
