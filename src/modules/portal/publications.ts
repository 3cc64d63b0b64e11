import { and, desc, eq, sql } from 'drizzle-orm';
import { bodies, matters } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import { redactContactNumbers } from '../../domain/documents';
import { OUTCOME_LABELS, type MatterState } from '../../domain/lifecycle';

/**
 * 复核意见公示 (Art. 36 ¶2: 经过听证的复核意见可以依法向社会公示): the public list of published re-review opinions.
 * It shows what the re-review body chose to publish and the matter's number and title, never the petitioner's name
 * or contact details; numbers that look like an ID or phone are masked even in the published text.
 */
export interface PublishedOpinion {
  number: string;
  title: string;
  reReviewBody: string;
  outcomeLabel: string;
  opinionOn: string;
  publishedOn: string;
  text: string;
}

export async function publishedOpinions(db: DbOrTx, opts: { limit: number; offset: number }): Promise<{ total: number; items: PublishedOpinion[] }> {
  const published = and(eq(matters.status, 'terminated'), sql`jsonb_typeof(${matters.state}->'publication') = 'object'`);
  const publishedOn = sql<string>`${matters.state}->'publication'->>'on'`;
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(matters).where(published);
  const rows = await db
    .select({ number: matters.number, title: matters.title, state: matters.state, body: bodies.name })
    .from(matters)
    .leftJoin(bodies, eq(bodies.id, matters.reReviewBodyId))
    .where(published)
    .orderBy(desc(publishedOn), desc(matters.number))
    .limit(opts.limit)
    .offset(opts.offset);
  return {
    total: count?.n ?? 0,
    items: rows.map((r) => {
      const s = r.state as MatterState;
      return {
        number: r.number,
        title: redactContactNumbers(r.title),
        reReviewBody: r.body ?? '',
        outcomeLabel: s.reReviewOpinion ? OUTCOME_LABELS[s.reReviewOpinion.outcome] : '',
        opinionOn: s.reReviewOpinion?.on ?? '',
        publishedOn: s.publication?.on ?? '',
        text: redactContactNumbers(s.publication?.text ?? ''),
      };
    }),
  };
}
