import { desc, eq, inArray, max, or, sql } from 'drizzle-orm';
import { bodies, matters, regions, routingModels, routingSuggestions } from '../../db/schema';
import { lockXact } from '../../db/locks';
import type { DbOrTx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import { categoryNames, type CategoryNode } from '../../domain/classification';
import type { MatterState } from '../../domain/lifecycle';
import { isBureauFamily, regionAncestors } from '../../domain/org';
import {
  ROUTING_PARAMS,
  evaluateRouting,
  suggestRouting,
  trainRoutingModel,
  type RoutingBody,
  type RoutingExample,
  type RoutingInput,
  type RoutingModel,
  type Suggestion,
} from '../../domain/routing';
import type { AppContext } from '../../context';
import { appendEvents } from '../audit/append';
import { extractKeywords } from '../screening/keywords';
import { getSetting } from '../settings/service';

type MatterRow = typeof matters.$inferSelect;

/**
 * Routing suggestions at the edge: the bodies and the newest trained model from the database, jieba keywords of the
 * matter, and the pure blend in src/domain/routing. Training reads the platform's own past decisions.
 */

export interface SuggestionView extends Suggestion {
  bodyName: string;
  bodyKind: string;
}

/**
 * Every body with what routing needs. Inactive ones are included: old decisions sent to a body since merged still
 * teach the model which kind of body takes such matters; the blend never suggests them (src/domain/routing).
 */
export async function routingBodies(db: DbOrTx): Promise<RoutingBody[]> {
  const rows = await db
    .select({ id: bodies.id, name: bodies.name, kind: bodies.kind, level: bodies.level, regionCode: bodies.regionCode, competence: bodies.competence, active: bodies.active })
    .from(bodies);
  return rows.filter((b) => !isBureauFamily(b.kind)).map((b) => ({ ...b, competence: b.competence ?? [] }));
}

let cached: { key: string; version: number; model: RoutingModel } | null = null;

/**
 * The newest model, cached per process and reloaded when a newer one appears (another node may train). Keyed by
 * version and training time, so two databases served by one process (tests, a migration) never share a model.
 */
export async function currentModel(db: DbOrTx): Promise<{ version: number; model: RoutingModel } | null> {
  const [head] = await db
    .select({ version: routingModels.version, trainedAt: routingModels.trainedAt })
    .from(routingModels)
    .orderBy(desc(routingModels.version))
    .limit(1);
  if (!head) return null;
  const key = `${head.version}@${head.trainedAt.toISOString()}`;
  if (cached?.key !== key) {
    const [row] = await db.select({ model: routingModels.model }).from(routingModels).where(eq(routingModels.version, head.version));
    cached = { key, version: head.version, model: row!.model as RoutingModel };
  }
  return { version: cached.version, model: cached.model };
}

/** What routing knows of a matter: where, what (classified or as registered), why, and its keywords. */
export function routingInputOf(row: Pick<MatterRow, 'title' | 'content' | 'regionCode' | 'category' | 'categoryPath' | 'state'>, tree: readonly CategoryNode[]): RoutingInput {
  const classification = (row.state as MatterState).classification ?? null;
  const path = row.categoryPath?.length ? categoryNames(tree, row.categoryPath) : row.category ? [row.category] : [];
  return {
    regionCode: row.regionCode,
    categoryPath: path,
    purpose: classification?.purpose ?? null,
    art31Route: classification?.art31Route ?? null,
    tokens: extractKeywords(`${row.title}\n${row.content}`, 20),
  };
}

/**
 * Top-three suggestions for each matter, with the bodies' names. Suggestions stored for the matter's present version
 * and the newest model (`routing_suggestions`) are read back; the others are scored, and with `store` written for the
 * next read (the triage queue shows the same page to every clerk of a bureau, again and again). Stored rows follow
 * the matter by its `version`, the model by its number, and the bodies and the category tree by triggers (0019).
 */
export async function suggestionsFor(
  db: DbOrTx,
  rows: MatterRow[],
  opts: { store?: boolean } = {},
): Promise<{ modelVersion: number | null; byMatter: Map<string, SuggestionView[]> }> {
  const byMatter = new Map<string, SuggestionView[]>();
  // Sequential: `db` may be a transaction (one connection).
  const model = await currentModel(db);
  if (rows.length === 0) return { modelVersion: model?.version ?? null, byMatter };
  const modelVersion = model?.version ?? 0;
  const stored = await db
    .select({ matterId: routingSuggestions.matterId, matterVersion: routingSuggestions.matterVersion, modelVersion: routingSuggestions.modelVersion, suggestions: routingSuggestions.suggestions })
    .from(routingSuggestions)
    .where(inArray(routingSuggestions.matterId, rows.map((r) => r.id)));
  const fresh = new Map(stored.map((s) => [s.matterId, s]));
  const missing: MatterRow[] = [];
  for (const row of rows) {
    const s = fresh.get(row.id);
    if (s && s.modelVersion === modelVersion && s.matterVersion === row.version) byMatter.set(row.id, s.suggestions as SuggestionView[]);
    else missing.push(row);
  }
  if (missing.length === 0) return { modelVersion: model?.version ?? null, byMatter };
  const scored = await scoreSuggestions(db, missing, model?.model ?? null);
  for (const [id, list] of scored) byMatter.set(id, list);
  if (opts.store) {
    // In id order, so two readers storing overlapping pages at once lock the rows in the same order (no deadlock).
    const values = [...missing]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((row) => ({ matterId: row.id, matterVersion: row.version, modelVersion, suggestions: scored.get(row.id) ?? [] }));
    await db
      .insert(routingSuggestions)
      .values(values)
      .onConflictDoUpdate({
        target: routingSuggestions.matterId,
        set: { matterVersion: sql`excluded.matter_version`, modelVersion: sql`excluded.model_version`, suggestions: sql`excluded.suggestions`, computedAt: sql`now()` },
      });
  }
  return { modelVersion: model?.version ?? null, byMatter };
}

/** Scores matters against the bodies with the model (the pure blend in src/domain/routing). */
async function scoreSuggestions(db: DbOrTx, rows: MatterRow[], model: RoutingModel | null): Promise<Map<string, SuggestionView[]>> {
  const byMatter = new Map<string, SuggestionView[]>();
  const list = await routingBodies(db);
  const tree = await getSetting(db, 'categoryTree');
  const codes = [...new Set(rows.flatMap((r) => [r.regionCode, ...regionAncestors(r.regionCode)]))];
  const names = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes));
  const regionNames = Object.fromEntries(names.map((r) => [r.code, r.name]));
  const byId = new Map(list.map((b) => [b.id, b]));
  for (const row of rows) {
    // A body whose return was upheld (Art. 23 ¶3: outside its remit) is not offered the matter again.
    const returned = new Set((row.state as MatterState).returnedBy ?? []);
    const suggestions = suggestRouting(routingInputOf(row, tree), list, model, { regionNames, params: { limit: ROUTING_PARAMS.limit + returned.size } })
      .filter((s) => !returned.has(s.bodyId))
      .slice(0, ROUTING_PARAMS.limit);
    byMatter.set(
      row.id,
      suggestions.map((s) => ({ ...s, bodyName: byId.get(s.bodyId)?.name ?? s.bodyId, bodyKind: byId.get(s.bodyId)?.kind ?? 'department' })),
    );
  }
  return byMatter;
}

/** Share of the newest decisions held out to measure a new model before it is trained on everything. */
const HOLD_OUT = 0.2;
/** Decisions read for training, newest first: enough to learn a province's routing, bounded in memory. */
const MAX_EXAMPLES = 200_000;

/**
 * The platform's past routing decisions as training examples: matters a bureau forwarded or assigned (the body that
 * has them now, after any upheld return and re-routing) and matters redirected to the legal-affairs or discipline
 * channel. A clerk's override of a suggestion is simply the next example.
 */
export async function trainingExamples(db: DbOrTx, tree: readonly CategoryNode[]): Promise<RoutingExample[]> {
  const rows = await db
    .select()
    .from(matters)
    .where(
      or(
        sql`${matters.state}->>'dispatch' IN ('forward', 'assign') AND ${matters.status} <> 'returnRequested'`,
        sql`${matters.status} = 'redirected'`,
      ),
    )
    .orderBy(desc(matters.receivedOn), desc(matters.number))
    .limit(MAX_EXAMPLES);
  const out: RoutingExample[] = [];
  for (const row of rows.reverse()) {
    const state = row.state as MatterState;
    const label = state.redirection?.toBodyId ?? state.responsibleBodyId;
    if (!label) continue;
    const input = routingInputOf(row, tree);
    out.push({ tokens: input.tokens, regionCode: input.regionCode, categoryPath: input.categoryPath, purpose: input.purpose, art31Route: input.art31Route, label });
  }
  return out;
}

export interface TrainResult {
  version: number;
  examples: number;
  evaluation: { top1: number; top3: number; n: number } | null;
  trainedAt: string;
}

/**
 * Trains a new model version: measured first on the newest 20% of decisions with a model of the older 80% (so the
 * figure says how it does on decisions it has not seen), then trained on all of them and stored.
 */
export async function trainModel(ctx: AppContext, actor: { userId: string | null; bodyId: string | null }): Promise<TrainResult> {
  const tree = await getSetting(ctx.db, 'categoryTree');
  const examples = await trainingExamples(ctx.db, tree);
  const list = await routingBodies(ctx.db);
  const cut = Math.floor(examples.length * (1 - HOLD_OUT));
  const evaluation =
    cut > 0 && cut < examples.length ? evaluateRouting(trainRoutingModel(examples.slice(0, cut), {}, list), examples.slice(cut), list) : null;
  // With the bodies, the model also learns by counterpart (level · kind · competence) across the province, so a
  // county with little history borrows its neighbours' practice (docs/dispatch.md).
  const model = trainRoutingModel(examples, {}, list);
  const now = ctx.now();
  const version = await ctx.db.transaction(async (tx) => {
    // Two trainings at once (two nodes, or a double click) must not pick the same version number.
    await lockXact(tx, 'routingModelVersion');
    const [head] = await tx.select({ v: max(routingModels.version) }).from(routingModels);
    const v = (head?.v ?? 0) + 1;
    await tx.insert(routingModels).values({ version: v, trainedAt: now, examples: examples.length, evaluation: evaluation ?? {}, model });
    await appendEvents(tx, [
      {
        entityType: 'routingModel',
        entityId: String(v),
        type: 'routingModel.trained',
        onDate: chinaDateOf(now),
        occurredAt: now,
        actorUserId: actor.userId,
        actorBodyId: actor.bodyId,
        payload: { version: v, examples: examples.length, evaluation },
      },
    ]);
    return v;
  });
  return { version, examples: examples.length, evaluation, trainedAt: now.toISOString() };
}

export async function modelInfo(db: DbOrTx): Promise<TrainResult | null> {
  const [row] = await db
    .select({ version: routingModels.version, trainedAt: routingModels.trainedAt, examples: routingModels.examples, evaluation: routingModels.evaluation })
    .from(routingModels)
    .orderBy(desc(routingModels.version))
    .limit(1);
  if (!row) return null;
  // Too few decisions to hold any out: stored as {}, reported as "not measured".
  const evaluation = row.evaluation && typeof row.evaluation === 'object' && 'n' in row.evaluation ? (row.evaluation as TrainResult['evaluation']) : null;
  return { ...row, evaluation, trainedAt: row.trainedAt.toISOString() };
}
