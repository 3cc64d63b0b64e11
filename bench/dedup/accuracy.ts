/**
 * Accuracy of duplicate screening on generated, labelled data, without a database:
 *
 *   npx tsx bench/dedup/accuracy.ts --petitions 20000 --queries 2000 --seed 1 [--show 3]
 *
 * The corpus is indexed in memory the way src/modules/screening/service.ts queries PostgreSQL: identity blocking
 * (same ID number or phone, any region, at most 200 matters; same name within the same city, the 200 most recent)
 * plus LSH band lookup (petitions sharing a band key, most shared bands first, at most 200). The candidates found are
 * scored by src/domain/screening exactly as the service does, keywords by the same jieba extraction.
 * Prints precision, recall and false-alarm rate overall and per query kind (JSON on the last line).
 */
import { nameSound, parseIdNumber, parsePhone, normaliseName } from '../../src/domain/identity';
import {
  contentSignature,
  entityKeys,
  rankCandidates,
  scoreCandidate,
  screeningDecision,
  type CandidateMatter,
  type CandidatePetition,
  type RankedCandidate,
  type ScreeningDraft,
  type ScreeningPerson,
} from '../../src/domain/screening';
import { extractKeywords } from '../../src/modules/screening/keywords';
import { generateCorpus, generateQueries, daysBetween, isRepeatKind, type CorpusRecord, type QueryKind, type QueryRecord, QUERY_KINDS } from './generate';
import type { ImportPetitioner } from './people';

const TODAY = '2027-12-31';
const BLOCK_LIMIT = 200;
/** As ENTITY_PER_KEY and ENTITY_LIMIT in src/modules/screening/service.ts. */
const ENTITY_PER_KEY = 50;
const ENTITY_LIMIT = 30;

export function normalisePerson(p: ImportPetitioner): ScreeningPerson {
  const id = p.idNumber ? parseIdNumber(p.idNumber, TODAY) : null;
  const phone = p.phone ? parsePhone(p.phone) : null;
  return { name: normaliseName(p.name), idNumber: id?.ok ? id.id.value : null, phone: phone?.ok ? phone.phone.value : null, address: p.address };
}

interface StoredMatter {
  key: string;
  status: CorpusRecord['status'];
  regionCode: string;
  receivedOn: string;
  latestOn: string;
  petitions: (CandidatePetition & { bands: number[] })[];
}

export class MemoryIndex {
  readonly matters = new Map<string, StoredMatter>();
  private readonly byId = new Map<string, Set<string>>();
  private readonly byPhone = new Map<string, Set<string>>();
  private readonly byName = new Map<string, Set<string>>();
  private readonly byBand = new Map<number, { matterKey: string; receivedOn: string }[]>();
  private readonly byEntity = new Map<number, string[]>();

  add(r: CorpusRecord): void {
    const receivedOn = r.receivedAt.slice(0, 10);
    const petitioners = r.petitioners.map(normalisePerson);
    const keywords = extractKeywords(`${r.title}\n${r.content}`);
    const text = { title: r.title, content: r.content, respondent: r.respondent, place: r.place, category: r.category, keywords };
    const { bands } = contentSignature(text);
    let m = this.matters.get(r.matterKey);
    if (!m) {
      m = { key: r.matterKey, status: r.status, regionCode: r.regionCode, receivedOn, latestOn: receivedOn, petitions: [] };
      this.matters.set(r.matterKey, m);
    }
    if (receivedOn > m.latestOn) m.latestOn = receivedOn;
    m.petitions.push({ petitionId: r.externalId, externalId: r.externalId, channel: r.channel, receivedOn, petitioners, bands, ...text });
    const put = (map: Map<string, Set<string>>, k: string | null) => {
      if (!k) return;
      let s = map.get(k);
      if (!s) map.set(k, (s = new Set()));
      s.add(r.matterKey);
    };
    for (const p of petitioners) {
      put(this.byId, p.idNumber);
      put(this.byPhone, p.phone);
      put(this.byName, `${p.name}|${r.regionCode.slice(0, 4)}`);
    }
    for (const b of bands) {
      let l = this.byBand.get(b);
      if (!l) this.byBand.set(b, (l = []));
      l.push({ matterKey: r.matterKey, receivedOn });
    }
    for (const k of entityKeys({ ...text, regionCode: r.regionCode, nameSounds: petitioners.map((p) => nameSound(p.name)) })) {
      let l = this.byEntity.get(k);
      if (!l) this.byEntity.set(k, (l = []));
      l.push(r.matterKey);
    }
  }

  /** The candidate matters of a draft, as the service's three blocking queries find them. */
  candidates(draft: ScreeningDraft, bands: number[]): { keys: Set<string>; via: { identity: number; name: number; lsh: number; entity: number } } {
    const keys = new Set<string>();
    const identity: string[] = [];
    for (const p of draft.petitioners) {
      for (const k of this.byId.get(p.idNumber ?? '') ?? []) identity.push(k);
      for (const k of this.byPhone.get(p.phone ?? '') ?? []) identity.push(k);
    }
    for (const k of identity.slice(0, BLOCK_LIMIT)) keys.add(k);
    const city = draft.regionCode.slice(0, 4);
    const named = [...new Set(draft.petitioners.flatMap((p) => [...(this.byName.get(`${p.name}|${city}`) ?? [])]))]
      .sort((a, b) => (this.matters.get(b)!.receivedOn < this.matters.get(a)!.receivedOn ? -1 : 1))
      .slice(0, BLOCK_LIMIT);
    for (const k of named) keys.add(k);
    const shared = new Map<string, { n: number; on: string }>();
    for (const b of bands) {
      for (const hit of this.byBand.get(b) ?? []) {
        const s = shared.get(hit.matterKey);
        if (s) s.n++;
        else shared.set(hit.matterKey, { n: 1, on: hit.receivedOn });
      }
    }
    const lsh = [...shared.entries()].sort((a, b) => b[1].n - a[1].n || (b[1].on < a[1].on ? -1 : 1)).slice(0, BLOCK_LIMIT);
    for (const [k] of lsh) keys.add(k);
    // Entity keys: the newest ENTITY_PER_KEY petitions per key (the service's LATERAL ... LIMIT), most keys shared first.
    const byKeys = new Map<string, number>();
    for (const k of entityKeys({ ...draft, nameSounds: draft.petitioners.map((p) => nameSound(p.name)) })) {
      for (const m of (this.byEntity.get(k) ?? []).slice(-ENTITY_PER_KEY)) byKeys.set(m, (byKeys.get(m) ?? 0) + 1);
    }
    const entity = [...byKeys.entries()].sort((a, b) => b[1] - a[1]).slice(0, ENTITY_LIMIT);
    for (const [k] of entity) keys.add(k);
    return { keys, via: { identity: identity.length, name: named.length, lsh: lsh.length, entity: entity.length } };
  }

  candidateMatter(key: string, asOf: string): CandidateMatter {
    const m = this.matters.get(key)!;
    const h = [...key].reduce((s, c) => (s * 31 + c.charCodeAt(0)) >>> 0, 7);
    const status = m.status === 'open' ? (['registered', 'dispatched', 'accepted', 'accepted', 'replied'] as const)[h % 5]! : m.status;
    return {
      matterId: key,
      number: key,
      status,
      regionCode: m.regionCode,
      receivedOn: m.receivedOn,
      petitions: m.petitions,
      responsibleBodyLevel: status === 'registered' ? null : h % 7 === 0 ? 'city' : 'county',
      handlingWithinTimeLimit: m.status === 'open' && daysBetween(m.latestOn, asOf) <= 90,
    };
  }
}

export function draftOf(q: QueryRecord): ScreeningDraft {
  return {
    channel: q.channel,
    receivedOn: q.receivedAt.slice(0, 10),
    regionCode: q.regionCode,
    petitioners: q.petitioners.map(normalisePerson),
    title: q.title,
    content: q.content,
    respondent: q.respondent,
    place: q.place,
    category: q.category,
    keywords: extractKeywords(`${q.title}\n${q.content}`),
  };
}

interface KindStats {
  queries: number;
  decidedRepeat: number;
  correct: number;
  wrongMatter: number;
  retrieved: number;
  /** The expected matter among the first 5 candidates shown. */
  hit5: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const petitions = Number(arg('petitions', '20000'));
  const nQueries = Number(arg('queries', '2000'));
  const seed = Number(arg('seed', '1'));
  const show = Number(arg('show', '0'));
  const dumpFile = arg('dump', '');
  const dump: string[] = [];
  const t0 = performance.now();
  const { records, sample } = generateCorpus({ petitions, seed, reserve: Math.max(4000, nQueries * 2) });
  const index = new MemoryIndex();
  for (const r of records) index.add(r);
  const tIndexed = performance.now();
  const { queries, truth } = generateQueries(sample, { queries: nQueries, seed });

  const stats = new Map<QueryKind, KindStats>(QUERY_KINDS.map((k) => [k, { queries: 0, decidedRepeat: 0, correct: 0, wrongMatter: 0, retrieved: 0, hit5: 0 }]));
  const shown = new Map<QueryKind, number>();
  let candidateTotal = 0;
  let scoreMs = 0;
  const flagCounts = { levelSkipping: 0, terminated: 0 };
  const byShape = { collective: { queries: 0, correct: 0 }, individual: { queries: 0, correct: 0 } };
  queries.forEach((q, i) => {
    const t = truth[i]!;
    const draft = draftOf(q);
    const { bands } = contentSignature(draft);
    const { keys } = index.candidates(draft, bands);
    candidateTotal += keys.size;
    const s0 = performance.now();
    const ranked: RankedCandidate[] = rankCandidates(
      draft,
      [...keys].map((k) => index.candidateMatter(k, draft.receivedOn)),
      { registeringLevel: 'city', limit: 10 },
    );
    scoreMs += performance.now() - s0;
    const decision = screeningDecision(ranked);
    if (dumpFile) {
      // Every candidate's reason weights, for re-weighting offline.
      const all = [...keys].map((k) => scoreCandidate(draft, index.candidateMatter(k, draft.receivedOn), 'city'));
      const row = (r: RankedCandidate) => ({ m: r.matterId, w: Object.fromEntries(r.reasons.map((x) => [x.code, x.weight])), sim: Number(/([\d.]+)$/.exec(r.reasons.find((x) => x.code === 'similarContent')?.message ?? '0')?.[1] ?? 0) });
      dump.push(JSON.stringify({ kind: t.kind, expected: t.expectedMatterKey, candidates: all.map(row) }));
    }
    const st = stats.get(t.kind)!;
    st.queries++;
    if (t.expectedMatterKey && keys.has(t.expectedMatterKey)) st.retrieved++;
    if (t.expectedMatterKey && ranked.slice(0, 5).some((r) => r.matterId === t.expectedMatterKey)) st.hit5++;
    if (t.expectedMatterKey) {
      const shape = byShape[t.collective ? 'collective' : 'individual'];
      shape.queries++;
      if (decision === 'repeat' && ranked[0]!.matterId === t.expectedMatterKey) shape.correct++;
    }
    if (decision === 'repeat') {
      st.decidedRepeat++;
      if (ranked[0]!.matterId === t.expectedMatterKey) st.correct++;
      else if (t.expectedMatterKey) st.wrongMatter++;
      for (const f of ranked[0]!.flags) flagCounts[f.code]++;
    }
    const failed = t.expectedMatterKey ? !(decision === 'repeat' && ranked[0]!.matterId === t.expectedMatterKey) : decision === 'repeat';
    if (failed && (shown.get(t.kind) ?? 0) < show) {
      shown.set(t.kind, (shown.get(t.kind) ?? 0) + 1);
      const expected = t.expectedMatterKey ? rankCandidates(draft, keys.has(t.expectedMatterKey) ? [index.candidateMatter(t.expectedMatterKey, draft.receivedOn)] : [], { registeringLevel: 'city' })[0] : undefined;
      console.log(`\n--- ${t.kind} ${t.externalId} (expected ${t.expectedMatterKey ?? 'new'}, retrieved ${t.expectedMatterKey ? keys.has(t.expectedMatterKey) : '-'})`);
      console.log(`draft [${q.channel}] ${JSON.stringify(q.petitioners.map((p) => [p.name, p.idNumber, p.phone]))} resp=${q.respondent} place=${q.place}\n  ${q.content.slice(0, 220).replace(/\n/g, ' ')}`);
      console.log(`  keywords: ${draft.keywords.join(' ')}`);
      if (t.expectedMatterKey) {
        const m = index.matters.get(t.expectedMatterKey)!;
        for (const p of m.petitions.slice(0, 2)) console.log(`expected [${p.channel}] ${JSON.stringify(p.petitioners.map((x) => [x.name, x.idNumber, x.phone]))} resp=${p.respondent} place=${p.place}\n  ${p.content.slice(0, 220).replace(/\n/g, ' ')}`);
        if (expected) console.log(`  expected score ${expected.score} ${expected.likelyRepeat}: ${expected.reasons.map((r) => `${r.messageZh}(${r.weight})`).join('; ')}`);
      }
      if (ranked[0]) console.log(`  top ${ranked[0].matterId} ${ranked[0].score} ${ranked[0].likelyRepeat}: ${ranked[0].reasons.map((r) => `${r.messageZh}(${r.weight})`).join('; ')}`);
    }
  });

  const repeatKinds: QueryKind[] = QUERY_KINDS.filter(isRepeatKind);
  const sum = (kinds: QueryKind[], f: keyof KindStats) => kinds.reduce((s, k) => s + stats.get(k)![f], 0);
  const newKinds = QUERY_KINDS.filter((k) => !repeatKinds.includes(k));
  const decided = sum([...QUERY_KINDS], 'decidedRepeat');
  const correct = sum(repeatKinds, 'correct');
  const pct = (x: number) => Math.round(x * 10000) / 10000;
  const perKind = Object.fromEntries(
    QUERY_KINDS.map((k) => {
      const s = stats.get(k)!;
      return [
        k,
        repeatKinds.includes(k)
          ? { queries: s.queries, recall: pct(s.correct / s.queries), hitAt5: pct(s.hit5 / s.queries), retrieved: pct(s.retrieved / s.queries), wrongMatter: s.wrongMatter }
          : { queries: s.queries, falseAlarmRate: pct(s.decidedRepeat / s.queries) },
      ];
    }),
  );
  const precision = correct / Math.max(1, decided);
  const recall = correct / sum(repeatKinds, 'queries');
  const result = {
    petitions: sample.petitionCount,
    matters: sample.matterCount,
    queries: queries.length,
    seed,
    precision: pct(precision),
    recall: pct(recall),
    f1: pct((2 * precision * recall) / Math.max(1e-9, precision + recall)),
    hitAt5: pct(sum(repeatKinds, 'hit5') / sum(repeatKinds, 'queries')),
    falseAlarmRate: pct(sum(newKinds, 'decidedRepeat') / sum(newKinds, 'queries')),
    recallByMatter: {
      collective: { queries: byShape.collective.queries, recall: pct(byShape.collective.correct / Math.max(1, byShape.collective.queries)) },
      individual: { queries: byShape.individual.queries, recall: pct(byShape.individual.correct / Math.max(1, byShape.individual.queries)) },
    },
    perKind,
    flagsOnRepeatDecisions: flagCounts,
    meanCandidates: Math.round((candidateTotal / queries.length) * 10) / 10,
    msPerQueryScoring: Math.round((scoreMs / queries.length) * 100) / 100,
    indexSeconds: Math.round((tIndexed - t0) / 100) / 10,
  };
  console.log('\nkind                            queries  result');
  for (const k of QUERY_KINDS) console.log(`${k.padEnd(32)}${String(stats.get(k)!.queries).padStart(7)}  ${JSON.stringify(perKind[k])}`);
  console.log(`\nprecision ${result.precision}  recall ${result.recall}  F1 ${result.f1}  hit@5 ${result.hitAt5}  false-alarm rate ${result.falseAlarmRate}  mean candidates ${result.meanCandidates}`);
  console.log(`recall by matter: ${JSON.stringify(result.recallByMatter)}`);
  console.log(JSON.stringify(result));
  if (dumpFile) await import('node:fs').then((fs) => fs.writeFileSync(dumpFile, dump.join('\n') + '\n'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
