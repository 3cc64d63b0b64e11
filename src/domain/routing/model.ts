/**
 * What the platform's own past dispatch decisions teach: multinomial Naive Bayes from a matter (its keywords, region,
 * category, purpose) to the body the acceptance office chose. Local practice that no competence table records
 * (welfare goes to the town, heating to the city's bureau, this county sends demolition to its government) shows up
 * here, learned rather than configured.
 *
 * Naive Bayes because it trains in one pass (about a second for 16,000 decisions), is useful with a few examples per body,
 * can be retrained nightly from the events, and every prediction can be explained by the words behind it. The model
 * is a plain JSON object (store it, ship it, diff it); `version` names its format.
 *
 * Two classifiers over the same decisions:
 *   - per body (`labels`/`classes`): learns one county's own habits, but a body needs its own history, and a province
 *     has thousands of bodies (every town government is one);
 *   - per counterpart (`counterparts`, when trained with the bodies): the body's kind, level and competence,
 *     "county · department · 城乡建设", pooled over every region. It learns "heating goes to the city's bureau" once
 *     for the whole province and resolves it to a body through the matter's own region chain (属地). Its classes are
 *     split by the matter's first-level category ("town · government ·|民政") and summed back at prediction: the
 *     town government takes welfare, village affairs and street property disputes, and one word distribution for
 *     all three made a body that takes welfare only (a county 民政局) outbid it on every welfare matter.
 * `predictBodies` mixes them, trusting the per-body view in proportion to the region's history (`backoff`).
 *
 * Features of one matter, each counted once, with a weight per group (`weights`):
 *   W:<word>    the jieba keywords;
 *   R9:/R6:/R4: the town, county and city of the place (per-body classifier only: they pin the candidate bodies, so
 *               they weigh more than a word — weighting is the usual way to say "this feature is cleaner");
 *   L:<level>   how precisely the place is known (counterpart classifier only);
 *   C:<name>    each element of the category path;  P:<purpose>;  A:<Art. 31 route>.
 */
import { regionLevelOf } from '../org';
import { regionChain, routableBodies } from './competence';
import type { RoutingBody, RoutingExample, RoutingInput } from './types';

export const ROUTING_MODEL_VERSION = 1;

export interface RoutingModelParams {
  /** Laplace (add-α) smoothing of every feature count. */
  alpha: number;
  /** Features seen in fewer past matters than this are dropped: names and amounts that identify one matter only. */
  minDocFreq: number;
  /** Each body keeps at most this many features (its most frequent); the rest only count in its total. */
  maxFeaturesPerLabel: number;
  /** The same cap for a counterpart, which pools many bodies' matters. */
  maxFeaturesPerCounterpart: number;
  /**
   * A word weighs half: the fifteen keywords of one matter are far from independent, and at full weight a body that
   * takes one kind of matter outbids one that takes two (the county 人社局, wages and pensions, lost pensions to the
   * city's). The region weighs most: it is clean and decides between otherwise identical bodies. Measured with
   * `npm run bench:routing`.
   */
  weights: { word: number; region: number; category: number; purpose: number };
  /**
   * Divides the log posteriors before the softmax: Naive Bayes counts correlated words as independent evidence and
   * is overconfident; a temperature above 1 makes its probabilities usable in a blend.
   */
  temperature: number;
  /**
   * The per-body view gets weight n / (n + backoff), n = past matters of the place's county: a county with a long
   * history is routed by its own habits, a new one by the province's. Large, because a county's few hundred matters
   * are spread over a dozen bodies and its towns: the per-body view is the weaker one until then.
   */
  backoff: number;
}

export const DEFAULT_MODEL_PARAMS: RoutingModelParams = {
  alpha: 0.1,
  minDocFreq: 2,
  maxFeaturesPerLabel: 120,
  maxFeaturesPerCounterpart: 600,
  weights: { word: 0.5, region: 3, category: 1.5, purpose: 1.5 },
  temperature: 2,
  backoff: 1000,
};

export interface RoutingModelClass {
  /** Past matters sent to this body (counterpart). */
  docs: number;
  /** Weighted count of all its features, the capped-away ones included (the smoothing denominator). */
  total: number;
  counts: Record<string, number>;
}

export interface NaiveBayesTables {
  /** Features kept after the document-frequency pruning (the smoothing's V). */
  vocabularySize: number;
  labels: string[];
  /** Aligned with `labels`. */
  classes: RoutingModelClass[];
}

export interface RoutingModel extends NaiveBayesTables {
  version: typeof ROUTING_MODEL_VERSION;
  trainedOn: number;
  params: RoutingModelParams;
  /** Labels are `${counterpartOf(body)}|${first category}`; null when trained without the bodies. */
  counterparts: NaiveBayesTables | null;
}

export interface RoutingPrediction {
  label: string;
  probability: number;
  /** The keywords that spoke most for this body, strongest first (at most 3). */
  evidence: string[];
  /** Past matters sent to this body — or, when `pooled`, to its counterparts across the province. */
  examples: number;
  /** Of them, how many carried the strongest evidence word (0 without evidence). */
  similar: number;
  /** The counterpart classifier, not this body's own history, carried the prediction. */
  pooled: boolean;
}

type FeatureInput = Pick<RoutingInput, 'tokens' | 'regionCode' | 'categoryPath' | 'purpose'> & { art31Route?: string | null };

/** The body's kind, level and competence: what it is anywhere in the province. */
export function counterpartOf(body: Pick<RoutingBody, 'kind' | 'level' | 'competence'>): string {
  return `${body.level}·${body.kind}·${[...body.competence].sort().join('+')}`;
}

/** The weighted features of one matter, each feature once; `pooled` leaves out which region, keeps how precise. */
export function routingFeatures(x: FeatureInput, weights: RoutingModelParams['weights'], pooled = false): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of x.tokens) if (t.trim()) out.set(`W:${t.trim()}`, weights.word);
  const level = regionLevelOf(x.regionCode);
  if (pooled) {
    if (level) out.set(`L:${level}`, weights.region);
  } else {
    if (level === 'town') out.set(`R9:${x.regionCode}`, weights.region);
    if (level === 'town' || level === 'county') out.set(`R6:${x.regionCode.slice(0, 6)}`, weights.region);
    if (level && level !== 'province') out.set(`R4:${x.regionCode.slice(0, 4)}`, weights.region);
  }
  for (const c of x.categoryPath) if (c.trim()) out.set(`C:${c.trim()}`, weights.category);
  if (x.purpose) out.set(`P:${x.purpose}`, weights.purpose);
  if (x.art31Route) out.set(`A:${x.art31Route}`, weights.purpose);
  return out;
}

function trainTables(sets: Map<string, number>[], labelOf: (i: number) => string | null, p: RoutingModelParams, cap: number): NaiveBayesTables {
  const df = new Map<string, number>();
  for (const fs of sets) for (const f of fs.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const kept = (f: string) => (df.get(f) ?? 0) >= p.minDocFreq;
  const byLabel = new Map<string, { docs: number; total: number; counts: Map<string, number> }>();
  sets.forEach((fs, i) => {
    const label = labelOf(i);
    if (label === null) return;
    let c = byLabel.get(label);
    if (!c) byLabel.set(label, (c = { docs: 0, total: 0, counts: new Map() }));
    c.docs++;
    for (const [f, w] of fs) {
      if (!kept(f)) continue;
      c.total += w;
      c.counts.set(f, (c.counts.get(f) ?? 0) + w);
    }
  });
  const labels = [...byLabel.keys()].sort();
  const classes = labels.map((label) => {
    const c = byLabel.get(label)!;
    const top = [...c.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, cap);
    return { docs: c.docs, total: c.total, counts: Object.fromEntries(top) };
  });
  let vocabularySize = 0;
  for (const f of df.keys()) if (kept(f)) vocabularySize++;
  return { vocabularySize, labels, classes };
}

/**
 * Trains on past decisions, oldest first or in any order. With `bodies` (the organisation now) the counterpart
 * classifier is trained too; decisions for a body no longer listed still train the per-body one.
 */
export function trainRoutingModel(
  examples: readonly RoutingExample[],
  params: Partial<RoutingModelParams> = {},
  bodies?: readonly RoutingBody[],
): RoutingModel {
  const p: RoutingModelParams = { ...DEFAULT_MODEL_PARAMS, ...params, weights: { ...DEFAULT_MODEL_PARAMS.weights, ...params.weights } };
  const own = trainTables(
    examples.map((e) => routingFeatures(e, p.weights)),
    (i) => examples[i]!.label,
    p,
    p.maxFeaturesPerLabel,
  );
  let counterparts: NaiveBayesTables | null = null;
  if (bodies) {
    const role = new Map(bodies.map((b) => [b.id, counterpartOf(b)]));
    counterparts = trainTables(
      examples.map((e) => routingFeatures(e, p.weights, true)),
      (i) => {
        const r = role.get(examples[i]!.label);
        return r === undefined ? null : `${r}|${examples[i]!.categoryPath[0]?.trim() ?? ''}`;
      },
      p,
      p.maxFeaturesPerCounterpart,
    );
  }
  return { version: ROUTING_MODEL_VERSION, trainedOn: examples.length, params: p, ...own, counterparts };
}

/** Postings per feature, built once per tables object: scoring touches only the labels that saw a feature. */
interface TablesIndex {
  postings: Map<string, { label: number; count: number }[]>;
  /** Per label: log prior and log of its smoothing denominator. */
  logPrior: Float64Array;
  logDenominator: Float64Array;
  /** Over all labels, for the evidence's lift and the region's history. */
  globalCount: Map<string, number>;
  logGlobalDenominator: number;
}

const indexes = new WeakMap<NaiveBayesTables, TablesIndex>();

function indexOf(t: NaiveBayesTables, alpha: number): TablesIndex {
  const cached = indexes.get(t);
  if (cached) return cached;
  const L = t.labels.length;
  const docs = t.classes.reduce((s, c) => s + c.docs, 0);
  const postings = new Map<string, { label: number; count: number }[]>();
  const globalCount = new Map<string, number>();
  const logPrior = new Float64Array(L);
  const logDenominator = new Float64Array(L);
  let grand = 0;
  t.classes.forEach((c, label) => {
    logPrior[label] = Math.log((c.docs + 1) / (docs + L));
    logDenominator[label] = Math.log(c.total + alpha * t.vocabularySize);
    grand += c.total;
    for (const [f, count] of Object.entries(c.counts)) {
      let list = postings.get(f);
      if (!list) postings.set(f, (list = []));
      list.push({ label, count });
      globalCount.set(f, (globalCount.get(f) ?? 0) + count);
    }
  });
  const index = { postings, logPrior, logDenominator, globalCount, logGlobalDenominator: Math.log(grand + alpha * t.vocabularySize) };
  indexes.set(t, index);
  return index;
}

function checkVersion(model: RoutingModel): void {
  if (model.version !== ROUTING_MODEL_VERSION) throw new RangeError(`routing model format ${String(model.version)} is not ${ROUTING_MODEL_VERSION}`);
}

/** The k best labels by score, ties by label: one pass keeping a short sorted list, not a sort of every label. */
function topK(score: Float64Array, labels: readonly string[], k: number): number[] {
  const before = (a: number, b: number) => score[a]! > score[b]! || (score[a] === score[b] && labels[a]! < labels[b]!);
  const best: number[] = [];
  for (let l = 0; l < score.length; l++) {
    if (best.length === k && !before(l, best[k - 1]!)) continue;
    let i = best.length === k ? k - 1 : best.length;
    while (i > 0 && before(l, best[i - 1]!)) {
      best[i] = best[i - 1]!;
      i--;
    }
    best[i] = l;
  }
  return best;
}

/** Tempered posterior of every label; the k best, by index. */
function classify(t: NaiveBayesTables, p: RoutingModelParams, features: Map<string, number>, k: number): Scored {
  const L = t.labels.length;
  const ix = indexOf(t, p.alpha);
  const used = [...features].filter(([f]) => ix.postings.has(f));
  if (L === 0 || k <= 0) return { top: [], probability: new Float64Array(0), used };
  const { alpha, temperature } = p;
  const logAlpha = Math.log(alpha);
  const mass = used.reduce((s, [, w]) => s + w, 0);

  // log P(label) + Σ w·log((count + α) / denominator), the zero counts folded into one term per label. Features the
  // model never kept are ignored, not penalised.
  const score = new Float64Array(L);
  for (let l = 0; l < L; l++) score[l] = ix.logPrior[l]! + mass * (logAlpha - ix.logDenominator[l]!);
  for (const [f, w] of used) {
    for (const { label, count } of ix.postings.get(f)!) score[label] = score[label]! + w * (Math.log(count + alpha) - logAlpha);
  }
  let max = -Infinity;
  for (let l = 0; l < L; l++) max = Math.max(max, score[l]!);
  let sum = 0;
  const probability = new Float64Array(L);
  for (let l = 0; l < L; l++) sum += probability[l] = Math.exp((score[l]! - max) / temperature);
  for (let l = 0; l < L; l++) probability[l] = probability[l]! / sum;
  return { top: topK(score, t.labels, k), probability, used };
}

interface Scored {
  top: number[];
  probability: Float64Array;
  used: [string, number][];
}

/** Label l of the tables as a prediction, with the words behind it. */
function explain(t: NaiveBayesTables, p: RoutingModelParams, scored: Scored, l: number, label = t.labels[l]!, probability = scored.probability[l]!): RoutingPrediction {
  const { alpha, weights } = p;
  const ix = indexOf(t, alpha);
  const c = t.classes[l]!;
  // A word speaks for a body when it is commoner among that body's matters than among all (lift), seen at least
  // twice there: one matter's names are not evidence.
  const evidence = scored.used
    .filter(([f]) => f.startsWith('W:') && (c.counts[f] ?? 0) >= 2 * weights.word)
    .map(([f, w]) => {
      const here = Math.log(c.counts[f]! + alpha) - ix.logDenominator[l]!;
      const everywhere = Math.log(ix.globalCount.get(f)! + alpha) - ix.logGlobalDenominator;
      return { f, lift: w * (here - everywhere), n: c.counts[f]! / weights.word };
    })
    .filter((e) => e.lift > 0)
    .sort((a, b) => b.lift - a.lift || (a.f < b.f ? -1 : 1))
    .slice(0, 3);
  return {
    label,
    probability,
    evidence: evidence.map((e) => e.f.slice(2)),
    examples: c.docs,
    similar: evidence[0] ? Math.round(evidence[0].n) : 0,
    pooled: false,
  };
}

/**
 * The per-body classifier alone: the k most likely bodies with their posterior probability (softmax of the tempered
 * log posteriors over every body the model knows) and the words behind each.
 */
export function predictRouting(model: RoutingModel, input: FeatureInput, k = 3): RoutingPrediction[] {
  checkVersion(model);
  const scored = classify(model, model.params, routingFeatures(input, model.params.weights), k);
  return scored.top.map((l) => explain(model, model.params, scored, l));
}

/**
 * The counterpart classifier alone: labels are `counterpartOf(body)`, the probabilities of its category splits summed,
 * the evidence and counts those of its likeliest split; empty for a model trained without bodies.
 */
export function predictCounterparts(model: RoutingModel, input: FeatureInput, k = 3): RoutingPrediction[] {
  checkVersion(model);
  const t = model.counterparts;
  if (!t || k <= 0) return [];
  const scored = classify(t, model.params, routingFeatures(input, model.params.weights, true), t.labels.length);
  const sums = new Map<string, { best: number; probability: number }>();
  for (const l of scored.top) {
    const name = t.labels[l]!;
    const label = name.slice(0, name.lastIndexOf('|'));
    const seen = sums.get(label);
    if (seen) seen.probability += scored.probability[l]!;
    else sums.set(label, { best: l, probability: scored.probability[l]! });
  }
  return [...sums]
    .sort((a, b) => b[1].probability - a[1].probability || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([label, { best, probability }]) => ({ ...explain(t, model.params, scored, best, label, probability), pooled: true }));
}

/** Past matters of the place's county the model was trained on: how far its per-body view can be trusted there. */
export function regionHistory(model: RoutingModel, regionCode: string): number {
  checkVersion(model);
  const level = regionLevelOf(regionCode);
  if (level !== 'town' && level !== 'county') return 0;
  return (indexOf(model, model.params.alpha).globalCount.get(`R6:${regionCode.slice(0, 6)}`) ?? 0) / model.params.weights.region;
}

/**
 * The model's view on the given bodies: the per-body posterior mixed with the counterpart posterior resolved through
 * the matter's region chain (a counterpart names one body per region: "county · department · 城乡建设" in 小店区 is
 * 小店区住建局; two bodies alike in one region share it). Bodies not in `bodies`, inactive or petition bureaus are
 * left out, and their probability with them: the result sums to at most 1.
 */
export function predictBodies(model: RoutingModel, input: FeatureInput, bodies: readonly RoutingBody[], k = 3): RoutingPrediction[] {
  checkVersion(model);
  if (model.trainedOn === 0) return [];
  const usable = routableBodies(bodies).byId;
  const n = regionHistory(model, input.regionCode);
  const own = model.counterparts ? n / (n + model.params.backoff) : 1;
  const out = new Map<string, RoutingPrediction & { fromOwn: number; fromPooled: number }>();

  for (const p of own > 0 ? predictRouting(model, input, Math.max(k, 10)) : []) {
    if (!usable.has(p.label)) continue;
    out.set(p.label, { ...p, probability: own * p.probability, fromOwn: own * p.probability, fromPooled: 0 });
  }
  if (own < 1) {
    const byRegion = routableBodies(bodies).byRegion;
    const byCounterpart = new Map<string, RoutingBody[]>();
    for (const code of regionChain(input.regionCode)) {
      for (const b of byRegion.get(code) ?? []) {
        const key = counterpartOf(b);
        byCounterpart.set(key, [...(byCounterpart.get(key) ?? []), b]);
      }
    }
    for (const p of predictCounterparts(model, input, model.counterparts!.labels.length)) {
      const targets = byCounterpart.get(p.label) ?? [];
      for (const b of targets) {
        const share = ((1 - own) * p.probability) / targets.length;
        const prev = out.get(b.id);
        const fromOwn = prev?.fromOwn ?? 0;
        // The reasons cite whichever view gave more: this body's own history or its counterparts'.
        const cite = prev && fromOwn >= share ? prev : p;
        out.set(b.id, { ...cite, label: b.id, probability: fromOwn + share, fromOwn, fromPooled: share, pooled: cite === p });
      }
    }
  }
  return [...out.values()]
    .filter((p) => p.probability > 0)
    .sort((a, b) => b.probability - a.probability || (a.label < b.label ? -1 : 1))
    .slice(0, k)
    .map(({ fromOwn: _o, fromPooled: _p, ...rest }) => rest);
}

/**
 * Share of held-out decisions whose body is the model's first choice, or among its first three: the per-body
 * classifier alone, or with `bodies` the mixed view of `predictBodies`.
 */
export function evaluateRouting(
  model: RoutingModel,
  heldOut: readonly RoutingExample[],
  bodies?: readonly RoutingBody[],
): { top1: number; top3: number; n: number } {
  let top1 = 0;
  let top3 = 0;
  for (const e of heldOut) {
    const labels = (bodies ? predictBodies(model, e, bodies, 3) : predictRouting(model, e, 3)).map((p) => p.label);
    if (labels[0] === e.label) top1++;
    if (labels.includes(e.label)) top3++;
  }
  const n = heldOut.length;
  return { top1: n ? top1 / n : 0, top3: n ? top3 / n : 0, n };
}
