import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { bodies, matterPetitioners, matters, petitionMatters, petitionPetitioners, petitioners } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import { redactContactNumbers, redactNames } from '../../domain/documents';
import { OUTCOME_LABELS, type MatterState } from '../../domain/lifecycle';

/**
 * 复核意见公示 (Art. 36 ¶2: 经过听证的复核意见可以依法向社会公示): the public list of published re-review opinions.
 * It shows what the re-review body chose to publish and the matter's number and title, never the petitioner's name
 * or contact details: the names of the matter's petitioners (as the registry holds them and as each petition gave
 * them) become 「王某」, and numbers that look like an ID or phone are masked, even where the published text has them.
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
    .select({ id: matters.id, number: matters.number, title: matters.title, state: matters.state, body: bodies.name })
    .from(matters)
    .leftJoin(bodies, eq(bodies.id, matters.reReviewBodyId))
    .where(published)
    .orderBy(desc(publishedOn), desc(matters.number))
    .limit(opts.limit)
    .offset(opts.offset);
  const names = await petitionerNames(db, rows.map((r) => r.id));
  const redact = (id: string, text: string) => redactContactNumbers(redactNames(text, names.get(id) ?? []));
  return {
    total: count?.n ?? 0,
    items: rows.map((r) => {
      const s = r.state as MatterState;
      return {
        number: r.number,
        title: redact(r.id, r.title),
        reReviewBody: r.body ?? '',
        outcomeLabel: s.reReviewOpinion ? OUTCOME_LABELS[s.reReviewOpinion.outcome] : '',
        opinionOn: s.reReviewOpinion?.on ?? '',
        publishedOn: s.publication?.on ?? '',
        text: redact(r.id, s.publication?.text ?? ''),
      };
    }),
  };
}

/** Every name the matters' petitioners go by: the registry's, and each petition's as written (nameAsGiven). */
async function petitionerNames(db: DbOrTx, matterIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (matterIds.length === 0) return out;
  const add = (id: string, name: string) => out.set(id, [...(out.get(id) ?? []), name]);
  const registry = await db
    .select({ matterId: matterPetitioners.matterId, name: petitioners.name })
    .from(matterPetitioners)
    .innerJoin(petitioners, eq(petitioners.id, matterPetitioners.petitionerId))
    .where(inArray(matterPetitioners.matterId, matterIds));
  for (const r of registry) add(r.matterId, r.name);
  const given = await db
    .select({ matterId: petitionMatters.matterId, name: petitionPetitioners.nameAsGiven })
    .from(petitionMatters)
    .innerJoin(petitionPetitioners, eq(petitionPetitioners.petitionId, petitionMatters.petitionId))
    .where(inArray(petitionMatters.matterId, matterIds));
  for (const r of given) if (r.name) add(r.matterId, r.name);
  return out;
}
