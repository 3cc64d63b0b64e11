/**
 * Routing suggestions for the acceptance office (受理处): the competence table's ranking (what the rules say) blended
 * with the model's posterior (what this platform's clerks actually did), top three, each with the reasons a clerk can
 * check. See competence.ts for the table's order and model.ts for the model.
 */
import { competenceCandidates, regionChain, routableBodies, type CompetenceCandidate } from './competence';
import { predictBodies, type RoutingModel, type RoutingPrediction } from './model';
import type { RoutingAction, RoutingBody, RoutingInput, Suggestion } from './types';

/**
 * Every tunable number of the blend, measured on `npm run bench:routing` (bench/README.md "Routing suggestions").
 *
 * confidence(body) = modelWeight · m(body) + (1 − modelWeight) · c(body), where
 *   c = the table's ranking as a distribution, decay^rank normalised over its list, and
 *   m = the model's posterior, × outsideRegionFactor for a body outside the matter's region chain.
 * One formula for every case: with no model m = 0, so the table's ranking comes back with confidences capped at
 * 1 − modelWeight (a rule of thumb, not evidence); where the table is silent (no category, no body of the region) the
 * model's order is followed, capped at modelWeight. Both distributions sum to at most 1, so the confidences do too.
 */
export const ROUTING_PARAMS = {
  limit: 3,
  modelWeight: 0.6,
  competenceDecay: 0.4,
  /** Bodies taken from the model before the blend; its mass beyond them is left out, lowering the confidences. */
  modelTopK: 10,
  /** 属地管理: a body of another region is possible (a city-wide company, a mistaken place) but rarely right. */
  outsideRegionFactor: 0.25,
  /** Below this share of the model's posterior, the model is not cited as a reason (nor as a source). */
  citeModelAbove: 0.05,
} as const;

export type RoutingParams = { -readonly [K in keyof typeof ROUTING_PARAMS]: number };

export interface SuggestOptions {
  /** Region code → name, for reasons such as “事项发生地为小店区”; codes are shown otherwise. */
  regionNames?: Readonly<Record<string, string>>;
  params?: Partial<RoutingParams>;
}

function actionFor(body: RoutingBody): RoutingAction {
  return body.kind === 'disciplineBody' || body.kind === 'legalAffairsBody' ? 'redirect' : 'dispatch';
}

const LEVEL_NAMES: Record<RoutingBody['level'], string> = { province: '省级', city: '市级', county: '县级', town: '乡镇（街道）' };

function counterpartName(body: RoutingBody): string {
  const level = LEVEL_NAMES[body.level];
  if (body.kind === 'government') return `${level}人民政府`;
  if (body.kind === 'department') return `${level}主管${body.competence.join('、')}的部门`;
  return `${level}${body.kind === 'disciplineBody' ? '纪检监察机关' : '政法部门'}`;
}

function modelReason(p: RoutingPrediction, share: number, body: RoutingBody): string {
  const pct = `${Math.round(share * 100)}%`;
  const where = p.pooled ? `全省${counterpartName(body)}` : '该单位';
  if (p.evidence.length > 0 && p.similar > 0) {
    const words = p.evidence.map((w) => `“${w}”`).join('');
    return `以往${p.similar}件含${words}等词的相似事项转送${where}（共${p.examples}件，模型估计${pct}）`;
  }
  return `以往同类事项转送${where}${p.examples}件（模型估计${pct}）`;
}

export function suggestRouting(
  input: RoutingInput,
  bodies: readonly RoutingBody[],
  model: RoutingModel | null,
  opts: SuggestOptions = {},
): Suggestion[] {
  const params: RoutingParams = { ...ROUTING_PARAMS, ...opts.params };
  const usable = routableBodies(bodies).byId;
  const chain = new Set(regionChain(input.regionCode));

  const table: CompetenceCandidate[] = competenceCandidates(input, bodies, opts.regionNames);
  const tableWeights = table.map((c) => params.competenceDecay ** c.rank);
  const tableSum = tableWeights.reduce((s, w) => s + w, 0);
  const byTable = new Map(table.map((c, i) => [c.bodyId, { c, share: tableWeights[i]! / tableSum }]));

  const byModel = new Map<string, { p: RoutingPrediction; share: number }>();
  if (model && model.trainedOn > 0) {
    for (const p of predictBodies(model, input, bodies, params.modelTopK)) {
      const body = usable.get(p.label)!;
      byModel.set(p.label, { p, share: p.probability * (chain.has(body.regionCode) ? 1 : params.outsideRegionFactor) });
    }
  }

  const w = params.modelWeight;
  const ids = new Set([...byTable.keys(), ...byModel.keys()]);
  const scored = [...ids].flatMap((id) => {
    const body = usable.get(id);
    if (!body) return [];
    const t = byTable.get(id);
    const m = byModel.get(id);
    const cited = m !== undefined && m.share >= params.citeModelAbove;
    const reasons = [...(t?.c.reasons ?? [])];
    if (cited) reasons.push(modelReason(m.p, m.share, body));
    if (!chain.has(body.regionCode)) reasons.push('注意：该单位不在事项发生地的行政区划内');
    const suggestion: Suggestion = {
      bodyId: id,
      action: t?.c.action ?? actionFor(body),
      confidence: w * (m?.share ?? 0) + (1 - w) * (t?.share ?? 0),
      source: t && cited ? 'both' : t ? 'competence' : 'model',
      reasons,
    };
    return suggestion.confidence > 0 ? [{ suggestion, rank: t?.c.rank ?? Infinity }] : [];
  });
  scored.sort((a, b) => b.suggestion.confidence - a.suggestion.confidence || a.rank - b.rank || (a.suggestion.bodyId < b.suggestion.bodyId ? -1 : 1));
  return scored.slice(0, params.limit).map((s) => s.suggestion);
}
