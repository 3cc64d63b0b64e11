import { nameSound, normaliseName } from '../identity/name';
import { extractSites, petitionEntities } from './entities';
import { screeningFlags } from './flags';
import { bandKeys, minhashSignature } from './minhash';
import { SCREENING_PARAMS as P } from './params';
import { containment, jaccard, shingleSet } from './shingles';
import { canonicalText, compareNames, extractDetails, mentions, normaliseText } from './text';
import { REASON_POLARITY, type CandidateMatter, type Level, type RankedCandidate, type Reason, type ScreeningDraft, type ScreeningPerson, type ScreeningText } from './types';

/** A reason as the measures produce it; its polarity is the code's (REASON_POLARITY), added once when ranked. */
type Evidence = Omit<Reason, 'polarity'>;

/**
 * Scoring a draft petition against candidate matters. The score is the sum of the weights of the reasons found
 * (identity, content, respondent/place/category, time), clamped to 0..1; each reason is a sentence a clerk can check
 * against the two files. Whether a candidate is a *likely repeat* also depends on the identity evidence: without
 * the same ID number or phone it needs stronger content evidence, and without any identity match it needs a
 * near-identical text about the same respondent. docs/screening.md explains the weights and measures them.
 */

/** Petition boilerplate that says nothing about which matter it is. */
const STOP_WORDS = new Set([
  '反映', '要求', '请求', '希望', '恳请', '领导', '问题', '信访', '来电', '来电人', '来访', '来访人', '信访人', '诉求', '事实',
  '理由', '情况', '解决', '处理', '相关', '有关', '部门', '此致', '敬礼', '尊敬', '本人', '我们', '他们', '其等', '该同志', '群众',
  '市民', '至今', '多次', '一直', '没有', '依法', '政府', '百忙之中', '过问', '此事', '您好', '反映人', '转来', '称', '事项',
  '给予', '为盼', '盼复', '还我', '公道',
]);

/** Normalised keywords: simplified, 2+ characters, no boilerplate, no bare years or small numbers. */
export function normaliseKeywords(keywords: string[]): string[] {
  const out: string[] = [];
  for (const k of keywords.slice(0, P.keywords)) {
    const n = normaliseText(k);
    if (n.length < 2 || STOP_WORDS.has(n)) continue;
    // Numbers are compared as details, with their units (extractDetails).
    if (/^[\d.]+$/.test(n)) continue;
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

interface Prepared {
  text: string;
  shingles: Uint32Array;
  keywords: string[];
  details: string[];
  /** The discriminating facts (entities.ts) other than villages and communities, which neighbours share. */
  facts: string[];
  /** All of them, villages and communities included (where the group lives: a clerk recognises a group by it). */
  entities: string[];
}

const cache = new WeakMap<ScreeningText, Prepared>();

function prepare(t: ScreeningText): Prepared {
  let p = cache.get(t);
  if (!p) {
    const text = normaliseText(`${t.title}\n${t.content}`);
    const all = `${t.title}\n${t.content}`;
    p = {
      text,
      shingles: shingleSet(text, P.scoreShingle),
      keywords: normaliseKeywords(t.keywords),
      // Villages are where people live, shared by neighbours and by a person's every matter: compared as places.
      details: [...extractDetails(all), ...extractSites(all).filter((x) => x.startsWith('site:'))],
      entities: petitionEntities(t),
      facts: [],
    };
    p.facts = p.entities.filter((f) => !f.startsWith('village:'));
    cache.set(t, p);
  }
  return p;
}

/**
 * The LSH band keys of a petition's text (stored in `petitions.lsh_bands`; candidates share at least one key).
 * Cut from the content only (the title is the clerk's, and short); empty text gives no keys.
 */
export function contentSignature(text: ScreeningText): { bands: number[] } {
  const norm = normaliseText(text.content) || normaliseText(text.title);
  const sig = minhashSignature(shingleSet(norm, P.shingle), P.hashes);
  return { bands: bandKeys(sig, P.bands, P.rows) };
}

/** Text similarity of two petitions: the mean of bigram Jaccard and containment (a short call summary inside a long letter). */
export function textSimilarity(a: ScreeningText, b: ScreeningText): number {
  const x = prepare(a);
  const y = prepare(b);
  return (jaccard(x.shingles, y.shingles) + containment(x.shingles, y.shingles)) / 2;
}

/**
 * Keyword overlap: the share of each side's keywords found in the other side (as a keyword or anywhere in its text,
 * so that different word segmentation does not hide a match), over both sides. Returns the shared ones, draft first.
 */
export function keywordOverlap(a: ScreeningText, b: ScreeningText): { overlap: number; shared: string[] } {
  const x = prepare(a);
  const y = prepare(b);
  if (x.keywords.length === 0 || y.keywords.length === 0) return { overlap: 0, shared: [] };
  const shared: string[] = [];
  let hits = 0;
  for (const k of x.keywords) {
    if (y.keywords.includes(k) || y.text.includes(k)) {
      hits++;
      shared.push(k);
    }
  }
  for (const k of y.keywords) {
    if (x.keywords.includes(k) || x.text.includes(k)) {
      hits++;
      if (!shared.includes(k) && !shared.some((s) => s.includes(k) || k.includes(s))) shared.push(k);
    }
  }
  return { overlap: hits / (x.keywords.length + y.keywords.length), shared };
}

/**
 * Shared details (amounts, areas, counts, year-months): the share of the side with fewer details found in the other.
 * A single shared detail is weak (one number in common happens); the strength grows with the count.
 */
export function detailOverlap(a: ScreeningText, b: ScreeningText): { overlap: number; shared: string[] } {
  const x = prepare(a).details;
  const y = new Set(prepare(b).details);
  const shared = x.filter((d) => y.has(d));
  if (shared.length === 0) return { overlap: 0, shared };
  const share = shared.length / Math.min(x.length, y.size);
  return { overlap: share * Math.min(1, shared.length / 2), shared };
}

/** Similarity 0..1 mapped to the strength of the evidence: nothing below 0.12 (shared boilerplate), full at 0.6. */
function contentStrength(sim: number): number {
  return Math.max(0, Math.min(1, (sim - 0.12) / (0.6 - 0.12)));
}

/** Keyword overlap mapped the same way: topic words alone (0.15) say little, half of them shared is strong. */
function keywordStrength(overlap: number): number {
  return Math.max(0, Math.min(1, (overlap - 0.15) / (0.6 - 0.15)));
}

/**
 * The facts of the draft's demand against those of the matter's petitions: how many the closest petition shares, and
 * whether both sides state enough of them for a disagreement to mean another demand (another project, other amounts
 * and dates: the same person's second matter).
 */
export function factOverlap(a: ScreeningText, petitions: ScreeningText[]): { shared: number; sharedWithPlaces: number; contradict: boolean } {
  const x = prepare(a).facts;
  const xe = prepare(a).entities;
  let sharedWithPlaces = 0;
  const amount = (f: string) => f.endsWith('元');
  let shared = 0;
  let stated = 0;
  let amountsShared = false;
  let amountsStated = false;
  for (const p of petitions) {
    const y = prepare(p).facts;
    stated = Math.max(stated, y.length);
    shared = Math.max(shared, x.filter((f) => y.includes(f)).length);
    const ye = prepare(p).entities;
    sharedWithPlaces = Math.max(sharedWithPlaces, xe.filter((f) => ye.includes(f)).length);
    if (y.some(amount)) amountsStated = true;
    if (x.some((f) => amount(f) && y.includes(f))) amountsShared = true;
  }
  // An amount is what a demand is about (the wages owed, the compensation): restated, it is the same figure.
  const otherAmounts = x.some(amount) && amountsStated && !amountsShared;
  return { shared, sharedWithPlaces, contradict: otherAmounts || (shared === 0 && x.length >= 2 && stated >= 2) };
}

/** "2023-5" → "2023年5月", "site:恒安花园" → "恒安花园"; amounts and counts are already readable. */
function detailZh(d: string): string {
  const m = /^(\d{4})-(\d{1,2})$/.exec(d);
  return m ? `${m[1]}年${m[2]}月` : d.replace(/^(site|village):/, '');
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function daysApart(a: string, b: string): number {
  return Math.abs(Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000));
}

function canonicalPerson(p: ScreeningPerson): ScreeningPerson {
  return { name: normaliseName(p.name), idNumber: p.idNumber ? p.idNumber.toUpperCase() : null, phone: p.phone, address: p.address ? normaliseText(p.address) : null };
}

/** Two home addresses are the same when they are, as normalised, with a house number: a village alone is the neighbours'. */
function sameHome(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && a === b && a.length >= 6 && /\d+号/.test(a);
}

type IdentityLevel = 'strong' | 'name' | 'none';

interface IdentityEvidence {
  level: IdentityLevel;
  reasons: Evidence[];
}

function mask(id: string): string {
  return id.length > 8 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : id;
}
function maskPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

function identityEvidence(draft: ScreeningDraft, matter: CandidateMatter): IdentityEvidence {
  const mine = draft.petitioners.map(canonicalPerson);
  const theirs = matter.petitions.flatMap((p) => p.petitioners).map(canonicalPerson);
  const W = P.weights;
  let sameId: string | null = null;
  let samePhone: string | null = null;
  let sameName: string | null = null;
  let sameNameDifferentId: string | null = null;
  let sameSound: [string, string] | null = null;
  let sameAddress: string | null = null;
  for (const a of mine) {
    for (const b of theirs) {
      if (sameHome(a.address, b.address)) sameAddress ??= b.address!;
      if (a.idNumber && b.idNumber && a.idNumber === b.idNumber) sameId ??= a.idNumber;
      if (a.phone && b.phone && a.phone === b.phone) samePhone ??= a.phone;
      if (a.name && a.name === b.name) {
        if (a.idNumber && b.idNumber && a.idNumber !== b.idNumber) sameNameDifferentId ??= a.name;
        else sameName ??= a.name;
      } else if (!sameSound && a.name && b.name && !(a.idNumber && b.idNumber && a.idNumber !== b.idNumber)) {
        const sound = nameSound(a.name);
        if (sound && sound === nameSound(b.name)) sameSound = [a.name, b.name];
      }
    }
  }
  const reasons: Evidence[] = [];
  if (sameId) reasons.push({ code: 'sameIdNumber', weight: W.sameIdNumber, messageZh: `身份证号相同（${mask(sameId)}）`, message: `same ID number (${mask(sameId)})` });
  if (samePhone) {
    const w = sameId ? 0.05 : W.samePhone;
    reasons.push({ code: 'samePhone', weight: w, messageZh: `手机号相同（${maskPhone(samePhone)}）`, message: `same phone (${maskPhone(samePhone)})` });
  }
  if (sameName) {
    const sameCounty = draft.regionCode === matter.regionCode;
    const w = sameId || samePhone ? 0.02 : sameCounty ? W.sameName : W.sameName / 2;
    reasons.push({
      code: 'sameName',
      weight: w,
      messageZh: `姓名相同：${sameName}${sameCounty ? '（同一县区）' : ''}`,
      message: `same name: ${sameName}${sameCounty ? ' (same county)' : ''}`,
    });
  }
  if (sameNameDifferentId && !sameId && !samePhone) {
    reasons.push({
      code: 'sameNameDifferentId',
      weight: W.sameNameDifferentId,
      messageZh: `姓名相同（${sameNameDifferentId}）但身份证号不同，应为不同的人`,
      message: `same name (${sameNameDifferentId}) but a different ID number: a different person`,
    });
  }
  if (sameSound && !sameName && !sameId && !samePhone) {
    const sameCounty = draft.regionCode === matter.regionCode;
    reasons.push({
      code: 'sameNameSound',
      weight: sameCounty ? W.sameNameSound : W.sameNameSound / 2,
      messageZh: `姓名同音：${sameSound[0]} / ${sameSound[1]}${sameCounty ? '（同一县区）' : ''}`,
      message: `names that sound the same: ${sameSound[0]} / ${sameSound[1]}${sameCounty ? ' (same county)' : ''}`,
    });
  }
  if (sameAddress && !sameId && !samePhone) {
    reasons.push({ code: 'sameAddress', weight: W.sameAddress, messageZh: '住址相同（含门牌号）', message: 'the same home address (with the house number)' });
  }
  const level: IdentityLevel = sameId || samePhone ? 'strong' : sameName || sameSound ? 'name' : 'none';
  if (level === 'none' && theirs.length > 0) {
    reasons.push({ code: 'differentPetitioner', weight: 0, messageZh: '信访人不同（身份证号、手机号、姓名均不一致）', message: 'a different petitioner (no ID number, phone or name in common)' });
  }
  return { level, reasons };
}

interface ContentEvidence {
  sim: number;
  reasons: Evidence[];
  respondent: 'same' | 'different' | null;
  /** Discriminating facts (villages included) the draft shares with the closest petition of the matter. */
  sharedFacts: number;
  /** The same, villages left out. */
  sharedDemandFacts: number;
}

/** Words of a collective petition: 联名, 集体访, "我们是…的村民", "12名群众来访". */
const COLLECTIVE_WORDS = /联名|集体|(我们|他们|其等)是.{1,16}(群众|村民|居民|业主|工人|职工|农民工)|\d+名(群众|村民|业主|工人)|群众来访|代表人?/u;

/** Whether a petition speaks for a group: registered as collective, signed by several, or written as a group. */
export function speaksForGroup(p: ScreeningText & { petitioners?: ScreeningPerson[]; collective?: boolean }): boolean {
  return p.collective === true || (p.petitioners?.length ?? 0) >= 2 || COLLECTIVE_WORDS.test(canonicalText(p.content));
}

function contentEvidence(draft: ScreeningDraft, matter: CandidateMatter): ContentEvidence {
  const W = P.weights;
  // The best petition of the matter for each measure: any one of them may be the one the draft repeats.
  let sim = 0;
  let kw = { overlap: 0, shared: [] as string[] };
  let det = { overlap: 0, shared: [] as string[] };
  let respondent: 'same' | 'different' | null = null;
  let respondentName = '';
  let place: 'same' | 'different' | null = null;
  let placeName = '';
  let sameCategory = false;
  let latest = '';
  for (const p of matter.petitions) {
    sim = Math.max(sim, textSimilarity(draft, p));
    const k = keywordOverlap(draft, p);
    if (k.overlap > kw.overlap) kw = k;
    const d = detailOverlap(draft, p);
    if (d.overlap > det.overlap) det = d;
    const r = compareNames(draft.respondent, p.respondent);
    if (r === 'same') {
      respondent = 'same';
      respondentName = p.respondent ?? '';
    } else if (r === 'different' && respondent === null) {
      respondent = 'different';
      respondentName = p.respondent ?? '';
    }
    const pl = compareNames(draft.place, p.place);
    if (pl === 'same') {
      place = 'same';
      placeName = p.place ?? '';
    } else if (pl === 'different' && place === null) {
      place = 'different';
      placeName = p.place ?? '';
    }
    if (draft.category && p.category && canonicalText(draft.category) === canonicalText(p.category)) sameCategory = true;
    if (p.receivedOn > latest) latest = p.receivedOn;
  }
  // A respondent field on one side only: look for it in the other side's text (a call summary without the field).
  let notMentioned = false;
  if (respondent === null) {
    const draftText = prepare(draft).text;
    const checks: (boolean | null)[] = [];
    if (draft.respondent && matter.petitions.every((p) => !p.respondent)) checks.push(...matter.petitions.map((p) => mentions(prepare(p).text, draft.respondent!)));
    for (const p of matter.petitions) if (p.respondent && !draft.respondent) checks.push(mentions(draftText, p.respondent));
    if (checks.some((c) => c === true)) {
      respondent = 'same';
      respondentName = draft.respondent ?? matter.petitions.find((p) => p.respondent)?.respondent ?? '';
    } else if (checks.length > 0 && checks.every((c) => c === false)) notMentioned = true;
  }

  const reasons: Evidence[] = [];
  const s = contentStrength(sim);
  reasons.push({
    code: 'similarContent',
    weight: round(W.similarContent * s),
    messageZh: `内容相似度 ${sim.toFixed(2)}`,
    message: `content similarity ${sim.toFixed(2)}`,
  });
  if (kw.shared.length > 0) {
    reasons.push({
      code: 'sharedKeywords',
      weight: round(W.sharedKeywords * keywordStrength(kw.overlap)),
      messageZh: `共同关键词：${kw.shared.slice(0, 6).join('、')}`,
      message: `shared keywords: ${kw.shared.slice(0, 6).join(', ')}`,
    });
  }
  if (det.shared.length > 0) {
    reasons.push({
      code: 'sharedDetails',
      weight: round(W.sharedDetails * det.overlap),
      messageZh: `共同细节：${det.shared.slice(0, 6).map(detailZh).join('、')}`,
      message: `shared details: ${det.shared.slice(0, 6).join(', ')}`,
    });
  }
  if (respondent === 'same') reasons.push({ code: 'sameRespondent', weight: W.sameRespondent, messageZh: `被反映单位相同：${respondentName}`, message: `same respondent: ${respondentName}` });
  if (respondent === 'different')
    reasons.push({ code: 'differentRespondent', weight: W.differentRespondent, messageZh: `被反映单位不同：${draft.respondent} / ${respondentName}`, message: `different respondent: ${draft.respondent} / ${respondentName}` });
  if (notMentioned) {
    const name = draft.respondent ?? matter.petitions.find((p) => p.respondent)?.respondent ?? '';
    reasons.push({ code: 'respondentNotMentioned', weight: W.respondentNotMentioned, messageZh: `被反映单位（${name}）未在另一方的内容中出现`, message: `the respondent (${name}) does not appear in the other petition` });
  }
  if (place === 'same') reasons.push({ code: 'samePlace', weight: W.samePlace, messageZh: `地点相同：${placeName}`, message: `same place: ${placeName}` });
  if (place === 'different') reasons.push({ code: 'differentPlace', weight: W.differentPlace, messageZh: `地点不同：${draft.place} / ${placeName}`, message: `different place: ${draft.place} / ${placeName}` });
  if (sameCategory) reasons.push({ code: 'sameCategory', weight: W.sameCategory, messageZh: `内容分类相同：${draft.category}`, message: `same category: ${draft.category}` });
  if (latest) {
    const days = daysApart(draft.receivedOn, latest);
    const w = days <= 90 ? W.closeInTime : days <= 365 ? W.closeInTime / 2 : 0;
    if (w > 0) reasons.push({ code: 'closeInTime', weight: w, messageZh: `与最近一次信访相隔 ${days} 天`, message: `${days} days after the latest petition` });
  }
  const facts = factOverlap(draft, matter.petitions);
  if (facts.contradict) {
    reasons.push({ code: 'differentFacts', weight: W.differentFacts, messageZh: '双方所述金额、日期、项目均不相同，应为另一诉求', message: 'no amount, date or project in common: another demand' });
  }
  return { sim, reasons, respondent, sharedFacts: facts.sharedWithPlaces, sharedDemandFacts: facts.shared };
}

/** Scores one candidate matter; exported for tests and the benchmark. */
export function scoreCandidate(draft: ScreeningDraft, matter: CandidateMatter, registeringLevel: Level): RankedCandidate {
  const identity = identityEvidence(draft, matter);
  const content = contentEvidence(draft, matter);
  const reasons = [...identity.reasons, ...content.reasons];
  let score = round(Math.max(0, Math.min(1, reasons.reduce((s, r) => s + r.weight, 0))));
  let likelyRepeat = score >= P.repeatThreshold;
  // A member of a collective group filing alone (Field rule: a petition by any member of the group about the same
  // demand belongs to the group's matter). Nobody in common, but the group's facts: its respondent, project, amounts
  // and dates, two of them at least.
  const group =
    identity.level === 'none' &&
    content.respondent !== 'different' &&
    content.sharedFacts >= P.groupFacts &&
    content.sim >= P.groupSimilarity &&
    (content.sharedDemandFacts >= P.sameDemandFacts || speaksForGroup(draft) || matter.petitions.some(speaksForGroup));
  if (group) {
    reasons.push({
      code: 'groupMember',
      weight: P.weights.groupMember,
      messageZh: `该事项为集体诉求，本件所述被反映单位、金额、日期等与之相同（${content.sharedFacts}项），应为群体成员就同一诉求信访`,
      message: `a collective matter, and the draft states its facts (${content.sharedFacts} in common): a member of the group about the same demand`,
    });
    score = round(Math.max(0, Math.min(1, score + P.weights.groupMember)));
    likelyRepeat = score >= P.repeatThreshold;
  } else if (identity.level === 'none') {
    // Nobody in common: only a near-identical text about the same respondent (a re-send without a name) repeats.
    likelyRepeat = likelyRepeat && content.sim >= P.nearIdentical && content.respondent !== 'different' && (content.respondent === 'same' || content.sim >= 0.9);
    if (!likelyRepeat && content.respondent === 'same' && content.sim >= 0.15) {
      reasons.push({
        code: 'possibleCollective',
        weight: 0,
        messageZh: '不同信访人反映同一被反映单位的相近问题：不是该信访人的重复件，可考虑是否并入集体诉求',
        message: 'another petitioner about the same respondent: not a repeat, possibly part of a collective matter',
      });
    }
  }
  return {
    matterId: matter.matterId,
    score,
    reasons: reasons.map((r) => ({ ...r, polarity: REASON_POLARITY[r.code] })),
    likelyRepeat,
    flags: screeningFlags(matter, likelyRepeat, registeringLevel),
  };
}

/** Ranks the candidate matters a draft may repeat, best first (likely repeats before the rest, then by score). */
export function rankCandidates(draft: ScreeningDraft, candidates: CandidateMatter[], context: { registeringLevel: Level; limit?: number }): RankedCandidate[] {
  const ranked = candidates
    .filter((c) => c.petitions.length > 0)
    .map((c) => scoreCandidate(draft, c, context.registeringLevel))
    .filter((r) => r.likelyRepeat || r.score >= P.showThreshold);
  // Scores clamp at 1: between two certain ones, the one with more evidence first.
  const raw = (r: RankedCandidate) => r.reasons.reduce((sum, x) => sum + x.weight, 0);
  ranked.sort((a, b) => Number(b.likelyRepeat) - Number(a.likelyRepeat) || b.score - a.score || raw(b) - raw(a) || (a.matterId < b.matterId ? -1 : 1));
  return ranked.slice(0, context.limit ?? P.limit);
}

/** "repeat" when the best candidate is a likely repeat, else "new". */
export function screeningDecision(ranked: RankedCandidate[]): 'repeat' | 'new' {
  return ranked[0]?.likelyRepeat ? 'repeat' : 'new';
}

/**
 * The matter a "repeat" decision records the petition on: the best likely repeat, or null for "new". On a terminated
 * matter (its `terminated` flag) that is where the desk records it by default, refused again (Art. 36 ¶3): the same
 * facts and reasons after re-review make no new matter and start no new clock.
 */
export function repeatOf(ranked: RankedCandidate[]): string | null {
  return screeningDecision(ranked) === 'repeat' ? ranked[0]!.matterId : null;
}
