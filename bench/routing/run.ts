/**
 * `npm run bench:routing -- [--matters N] [--seed S] [--train 0.8] [--sweep]`
 *
 * How well routing suggestions (src/domain/routing) would have routed a province's matters, in memory, no database.
 *
 * The matters are those of the duplicate-screening generator (bench/dedup/generate.ts: 14 topic families, real Shanxi
 * places, channel styles; a clerk picks the family's category 88% of the time, another one otherwise). Each matter's
 * first petition is what the acceptance office saw; the body it "really" went to is decided by hiddenPolicy below,
 * a province's practice that the competence table only partly records:
 *   - demolition by a government or its 征收 centre → the county government (征收 is the government's act);
 *   - property in a 街道 → the street office; welfare (低保) and village affairs → the town government;
 *   - a respondent at city level (the city's 人社局, a city hospital, the city's 热力/燃气 company, 交警支队) → the
 *     city's department; 城管 → the county government, which has no 城管 department in the table;
 *   - 办证 trouble with a new flat → 自然资源 (不动产登记); a business that vanished with prepaid cards → 公安;
 *     a livestock farm's pollution → 农业农村; land taken by an agricultural company → 农业农村;
 *   - accusations → the county's 纪委监委, litigation (police and medical cases, some demolitions) → its 政法委;
 *   - 生态环境 has no county department (垂直管理): the city's bureau, as the table also says;
 *   - county habits, which only a county's own history shows: a quarter of the counties made their 住建局 the
 *     房屋征收部门 (all demolition goes there), a third keep property disputes of 街道 at the 住建局, a fifth route
 *     welfare to their 民政局 as the table says;
 *   - and 5% clerk noise: another body of the table's list.
 * The place is known down to the town for 60% of matters, the category is missing for 5%.
 *
 * Time-ordered split: the older `--train` share of decisions trains the model, the newer ones are routed and compared
 * with the truth by the table alone (competenceCandidates), the model alone (predictBodies; "perBody" is its per-body
 * classifier without the pooled one, predictRouting) and the blend (suggestRouting). Prints top-1 / top-3 per method, per family, training time, model size and the latency of one
 * suggestion; the last line is one JSON object (for bench/README.md). `--sweep` also tries other model temperatures
 * and backoffs, then blend weights for the best of them.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { competenceCandidates } from '../../src/domain/routing/competence';
import { predictBodies, predictRouting, trainRoutingModel, type RoutingModel } from '../../src/domain/routing/model';
import { ROUTING_PARAMS, suggestRouting, type RoutingParams } from '../../src/domain/routing/suggest';
import type { RoutingBody, RoutingExample, RoutingInput } from '../../src/domain/routing/types';
import { extractKeywords } from '../../src/modules/screening/keywords';
import { generateCorpus, type CorpusRecord, type CorpusSample } from '../dedup/generate';
import { Rng } from '../dedup/prng';
import { shanxiCounties } from '../dedup/regions';

const { values } = parseArgs({
  options: {
    matters: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    train: { type: 'string', default: '0.8' },
    sweep: { type: 'boolean', default: false },
  },
});
const matterCount = Number(values.matters);
const seed = Number(values.seed);
const trainShare = Number(values.train);
const log = (msg: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

// ---------------------------------------------------------------------------------------------------------------
// The province's bodies: synthetic ids `<region code>-<suffix>`, the competence table a deployment would configure.

const PROVINCE = '140000';
/** suffix, first-level category, and whether counties have one (生态环境 is run by the city: 垂直管理). */
const DEPARTMENTS: { suffix: string; category: string; county: boolean }[] = [
  { suffix: 'zjj', category: '城乡建设', county: true },
  { suffix: 'rsj', category: '劳动社保', county: true },
  { suffix: 'zrzy', category: '国土资源', county: true },
  { suffix: 'sthj', category: '生态环境', county: false },
  { suffix: 'wjw', category: '卫生健康', county: true },
  { suffix: 'jyj', category: '教育', county: true },
  { suffix: 'nyj', category: '农村农业', county: true },
  { suffix: 'mzj', category: '民政', county: true },
  { suffix: 'scjg', category: '商贸旅游', county: true },
  { suffix: 'gaj', category: '政法', county: true },
];

function provinceBodies(): { bodies: RoutingBody[]; names: Record<string, string> } {
  const counties = shanxiCounties();
  const bodies: RoutingBody[] = [];
  const names: Record<string, string> = { [PROVINCE]: '山西省' };
  const add = (regionCode: string, level: RoutingBody['level'], suffix: string, kind: RoutingBody['kind'], competence: string[] = []) =>
    bodies.push({ id: `${regionCode}-${suffix}`, name: `${names[regionCode] ?? regionCode}${suffix}`, kind, level, regionCode, competence });
  const general = (regionCode: string, level: RoutingBody['level']) => {
    add(regionCode, level, 'gov', 'government');
    add(regionCode, level, 'xfj', 'petitionBureau');
    add(regionCode, level, 'jw', 'disciplineBody');
    add(regionCode, level, 'zfw', 'legalAffairsBody');
    for (const d of DEPARTMENTS) if (level !== 'county' || d.county) add(regionCode, level, d.suffix, 'department', [d.category]);
  };
  general(PROVINCE, 'province');
  const cities = new Map(counties.map((c) => [c.cityCode, c.cityName]));
  for (const [code, name] of cities) {
    names[code] = name;
    general(code, 'city');
  }
  for (const c of counties) {
    names[c.code] = c.name;
    general(c.code, 'county');
    for (const t of c.towns) {
      names[t.code] = t.name;
      add(t.code, 'town', 'gov', 'government');
    }
  }
  return { bodies, names };
}

// ---------------------------------------------------------------------------------------------------------------
// The matters and the practice that routed them.

type Memo = CorpusSample['matters'][number];

interface Decision {
  input: RoutingInput;
  family: string;
  truth: string;
}

/** Whether a county has a habit: a fixed pseudo-random share of counties, different for each habit. */
function habit(countyCode: string, salt: number, oneIn: number): boolean {
  let h = salt;
  for (const ch of countyCode) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h % oneIn === 0;
}

/** What the acceptance office coded and where the matter really went (see the header). */
function hiddenPolicy(memo: Memo, record: CorpusRecord, rng: Rng): { purpose: string; art31Route: string | null; body: string } {
  const { family, ctx, entity } = memo.facts;
  const county = ctx.county.code;
  const city = ctx.county.cityCode;
  const town = ctx.town.code;
  const atCity = (name: string) => name.startsWith(ctx.county.cityName) && !name.startsWith(`${ctx.county.cityName}${ctx.county.name}`);
  const request = (body: string) => ({ purpose: rng.chance(0.85) ? 'request' : rng.pick(['consultation', 'suggestion', 'other']), art31Route: null, body });
  const litigation = () => ({ purpose: 'appeal', art31Route: 'litigation', body: `${county}-zfw` });
  const accusation = () => ({ purpose: 'accusation', art31Route: null, body: `${county}-jw` });
  switch (family.key) {
    case 'demolition':
      if (rng.chance(0.1)) return litigation();
      return request(/人民政府$|征收/.test(entity.full) && !habit(county, 1, 4) ? `${county}-gov` : `${county}-zjj`);
    case 'wages':
      return rng.chance(0.1) ? { purpose: 'request', art31Route: 'arbitration', body: `${county}-rsj` } : request(`${county}-rsj`);
    case 'property':
      return request(ctx.town.name.endsWith('街道') && !habit(county, 2, 3) ? `${town}-gov` : `${county}-zjj`);
    case 'pension':
      return { ...request(atCity(entity.full) && entity.full.includes('人力资源') ? `${city}-rsj` : `${county}-rsj`), purpose: rng.chance(0.5) ? 'appeal' : 'request' };
    case 'medical':
      if (rng.chance(0.15)) return litigation();
      return request(atCity(entity.full) ? `${city}-wjw` : `${county}-wjw`);
    case 'school':
      return request(`${county}-jyj`);
    case 'pollution':
      return request(entity.short === '养殖场' ? `${county}-nyj` : `${city}-sthj`);
    case 'village':
      return rng.chance(0.6) ? accusation() : request(`${town}-gov`);
    case 'police': {
      const r = rng.next();
      if (r < 0.2) return accusation();
      if (r < 0.5) return litigation();
      if (entity.short.endsWith('城管')) return request(`${county}-gov`);
      return request(entity.short.endsWith('交警大队') ? `${city}-gaj` : `${county}-gaj`);
    }
    case 'housing':
      return request(/办不了|办证/.test(record.title) ? `${county}-zrzy` : `${county}-zjj`);
    case 'consumer':
      return request(record.title.includes('跑路') ? `${county}-gaj` : `${county}-scjg`);
    case 'welfare':
      return request(habit(county, 3, 5) ? `${county}-mzj` : `${town}-gov`);
    case 'landContract':
      return request(entity.full.endsWith('委员会') ? `${town}-gov` : /农业/.test(entity.full) ? `${county}-nyj` : `${county}-zrzy`);
    case 'heating':
      return request(/热力|燃气/.test(entity.full) ? `${city}-zjj` : `${county}-zjj`);
    default:
      return request(`${county}-gov`);
  }
}

function generateDecisions(bodies: RoutingBody[]): Decision[] {
  const { records, sample } = generateCorpus({ petitions: Math.ceil(matterCount * 1.6) + 100, seed, reserve: matterCount + 10 });
  // Only a matter's first petition is routed; its memo (family, place, respondent) joins it once the generator has
  // moved past the matter, so the petitions are collected first.
  const origins: CorpusRecord[] = [];
  let last = '';
  for (const r of records) {
    if (r.matterKey === last) continue;
    last = r.matterKey;
    if (origins.length === matterCount) break;
    origins.push(r);
  }
  const memos = new Map(sample.matters.map((m) => [m.key, m]));
  const rng = new Rng(seed * 7907 + 3);
  return origins.map((record) => {
    const memo = memos.get(record.matterKey);
    if (!memo) throw new Error(`no memo for ${record.matterKey}`);
    const policy = hiddenPolicy(memo, record, rng);
    const input: RoutingInput = {
      regionCode: rng.chance(0.6) ? memo.facts.ctx.town.code : memo.facts.ctx.county.code,
      categoryPath: rng.chance(0.05) ? [] : [record.category],
      purpose: policy.purpose,
      art31Route: policy.art31Route,
      tokens: extractKeywords(`${record.title}\n${record.content}`),
    };
    let truth = policy.body;
    if (rng.chance(0.05)) {
      const others = competenceCandidates(input, bodies).filter((c) => c.bodyId !== truth);
      if (others.length > 0) truth = rng.pick(others).bodyId;
    }
    return { input, family: memo.facts.family.key, truth };
  });
}

// ---------------------------------------------------------------------------------------------------------------

interface Score {
  top1: number;
  top3: number;
}
const hit = (ranked: string[], truth: string): Score => ({ top1: ranked[0] === truth ? 1 : 0, top3: ranked.slice(0, 3).includes(truth) ? 1 : 0 });
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function main(): void {
  const t0 = performance.now();
  const { bodies, names } = provinceBodies();
  log(`${bodies.length} bodies`);
  const decisions = generateDecisions(bodies);
  const tGen = performance.now();
  log(`${decisions.length} matters generated and tokenised in ${((tGen - t0) / 1000).toFixed(1)} s`);

  const cut = Math.floor(decisions.length * trainShare);
  const trainSet = decisions.slice(0, cut);
  const testSet = decisions.slice(cut);
  const examples: RoutingExample[] = trainSet.map((d) => ({ ...d.input, label: d.truth }));

  const tTrain0 = performance.now();
  const model = trainRoutingModel(examples, {}, bodies);
  const trainMs = performance.now() - tTrain0;
  const json = JSON.stringify(model);
  const tIndex0 = performance.now();
  predictBodies(model, testSet[0]!.input, bodies, 1);
  const indexMs = performance.now() - tIndex0;
  log(`trained on ${examples.length} in ${trainMs.toFixed(0)} ms; ${model.labels.length} bodies, ${(json.length / 1e6).toFixed(2)} MB JSON`);

  const known = new Set(model.labels);
  const methods = ['competence', 'perBody', 'model', 'blend'] as const;
  const total = Object.fromEntries(methods.map((m) => [m, { top1: 0, top3: 0 }])) as Record<(typeof methods)[number], Score>;
  const perFamily = new Map<string, { n: number } & Record<(typeof methods)[number], Score>>();
  let unseen = 0;
  const latency: number[] = [];
  const blendOn = (m: RoutingModel, d: Decision, params?: Partial<RoutingParams>) =>
    suggestRouting(d.input, bodies, m, { regionNames: names, ...(params ? { params } : {}) }).map((s) => s.bodyId);

  for (let i = 0; i < 20; i++) blendOn(model, testSet[i % testSet.length]!);
  for (const d of testSet) {
    if (!known.has(d.truth)) unseen++;
    const t = performance.now();
    const blended = blendOn(model, d);
    latency.push(performance.now() - t);
    const scores = {
      competence: hit(competenceCandidates(d.input, bodies, names).map((c) => c.bodyId), d.truth),
      perBody: hit(predictRouting(model, d.input, 3).map((p) => p.label), d.truth),
      model: hit(predictBodies(model, d.input, bodies, 3).map((p) => p.label), d.truth),
      blend: hit(blended, d.truth),
    };
    let f = perFamily.get(d.family);
    if (!f) perFamily.set(d.family, (f = { n: 0, ...(Object.fromEntries(methods.map((m) => [m, { top1: 0, top3: 0 }])) as Record<(typeof methods)[number], Score>) }));
    f.n++;
    for (const m of methods) {
      total[m].top1 += scores[m].top1;
      total[m].top3 += scores[m].top3;
      f[m].top1 += scores[m].top1;
      f[m].top3 += scores[m].top3;
    }
  }
  const n = testSet.length;
  const rate = (s: Score, k: number) => ({ top1: round(s.top1 / k), top3: round(s.top3 / k) });
  latency.sort((a, b) => a - b);

  console.log(`\n${n} newest matters routed (model trained on the ${cut} older ones; ${unseen} went to a body the model never saw)`);
  console.log('method        top-1   top-3');
  for (const m of methods) console.log(`${m.padEnd(12)}  ${rate(total[m], n).top1.toFixed(3)}   ${rate(total[m], n).top3.toFixed(3)}`);
  console.log('\nper family (top-1: competence / per-body model / model / blend)');
  for (const [family, f] of [...perFamily].sort((a, b) => b[1].n - a[1].n)) {
    console.log(`${family.padEnd(13)} n=${String(f.n).padStart(5)}  ${methods.map((m) => rate(f[m], f.n).top1.toFixed(2)).join(' / ')}`);
  }
  console.log(
    `\ntraining ${trainMs.toFixed(0)} ms, model ${model.labels.length} bodies / ${model.vocabularySize} features / ${(json.length / 1e6).toFixed(2)} MB JSON, first prediction (index build) ${indexMs.toFixed(0)} ms`,
  );
  console.log(
    `one suggestion (table + model + blend over ${bodies.length} bodies): p50 ${percentile(latency, 0.5).toFixed(2)} ms, p95 ${percentile(latency, 0.95).toFixed(2)} ms, p99 ${percentile(latency, 0.99).toFixed(2)} ms`,
  );

  let sweep: { temperature: number; backoff: number; modelWeight: number; top1: number; top3: number }[] | undefined;
  if (values.sweep) {
    sweep = [];
    const tryOne = (temperature: number, backoff: number, modelWeight: number) => {
      const variant: RoutingModel = { ...model, params: { ...model.params, temperature, backoff } };
      const s = { top1: 0, top3: 0 };
      for (const d of testSet) {
        const h = hit(blendOn(variant, d, { modelWeight }), d.truth);
        s.top1 += h.top1;
        s.top3 += h.top3;
      }
      const r = { temperature, backoff, modelWeight, ...rate(s, n) };
      sweep!.push(r);
      console.log(`sweep temperature ${temperature} backoff ${backoff} modelWeight ${modelWeight}: top-1 ${r.top1.toFixed(3)} top-3 ${r.top3.toFixed(3)}`);
      return r;
    };
    // Two stages: the model's own parameters at the default weight, then the weight for the best of them.
    let best = { temperature: model.params.temperature, backoff: model.params.backoff, top1: -1 };
    for (const temperature of [1, 2, 4, 8]) {
      for (const backoff of [0, 100, 300, 1000, 3000, 1e9]) {
        const r = tryOne(temperature, backoff, ROUTING_PARAMS.modelWeight);
        if (r.top1 > best.top1) best = r;
      }
    }
    for (const modelWeight of [0.3, 0.5, 0.7, 0.8, 0.9]) tryOne(best.temperature, best.backoff, modelWeight);
  }

  console.log(
    JSON.stringify({
      matters: decisions.length,
      seed,
      train: cut,
      test: n,
      unseenBodies: unseen,
      bodies: bodies.length,
      competence: rate(total.competence, n),
      perBodyModel: rate(total.perBody, n),
      model: rate(total.model, n),
      blend: rate(total.blend, n),
      generateAndTokeniseSeconds: round((tGen - t0) / 1000, 1),
      trainMs: Math.round(trainMs),
      modelBodies: model.labels.length,
      modelFeatures: model.vocabularySize,
      modelJsonBytes: json.length,
      indexBuildMs: Math.round(indexMs),
      suggestMs: { p50: round(percentile(latency, 0.5), 2), p95: round(percentile(latency, 0.95), 2), p99: round(percentile(latency, 0.99), 2) },
      params: { blend: ROUTING_PARAMS, model: model.params },
      ...(sweep ? { sweep } : {}),
    }),
  );
}

main();
