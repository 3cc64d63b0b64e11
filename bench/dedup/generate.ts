/**
 * Labelled data for duplicate screening (甄别判重): a corpus of petitions in the platform's import format (JSON lines),
 * grouped into matters (`matterKey`), and draft queries with their truth.
 *
 *   npx tsx bench/dedup/generate.ts --petitions 100000 --queries 2000 --seed 1 --out DIR
 *
 * writes DIR/corpus.jsonl, DIR/queries.jsonl and DIR/truth.jsonl. The corpus is streamed: only a reservoir sample of
 * matters (for the queries), a ring of recent petitioners (who petition again on other matters) and the organisations
 * complained about per county are held in memory, so a million petitions need no more memory than a thousand.
 * Deterministic from --seed. See docs/screening.md for what the query kinds test.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Rng } from './prng';
import { newPerson, presentPerson, toTraditional, type IdentityMode, type ImportPetitioner, type Person } from './people';
import { shanxiCounties, type County } from './regions';
import { CHANNEL_WEIGHTS, CHANNELS, renderPetition, type Channel, type MatterFacts, type Rendered } from './render';
import { FAMILIES, type Ctx, type Entity, type Family } from './topics';

export interface CorpusRecord {
  externalId: string;
  matterKey: string;
  channel: Channel;
  receivedAt: string;
  petitioners: ImportPetitioner[];
  regionCode: string;
  title: string;
  content: string;
  respondent: string | null;
  place: string | null;
  category: string;
  status: 'open' | 'concluded' | 'terminated';
}

export type QueryRecord = Omit<CorpusRecord, 'matterKey' | 'status'>;

export const QUERY_KINDS = [
  'exactRepeat',
  'rephrasedRepeat',
  'groupMemberRepeat',
  'nameVariantRepeat',
  'samePersonDifferentMatter',
  'samePersonOtherDemand',
  'differentPersonSameRespondent',
  'new',
] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];
/** The kinds whose truth is a matter of the corpus (the rest are new matters). */
export function isRepeatKind(kind: string): boolean {
  return kind.endsWith('Repeat');
}

export interface TruthRecord {
  externalId: string;
  kind: QueryKind;
  /** The matter the draft repeats; null when it is a new matter. */
  expectedMatterKey: string | null;
  /** Whether the matter the query was drawn from is a collective one (联名/集体访). */
  collective: boolean;
}

/** What the queries need to know about one corpus matter. */
interface MatterMemo {
  key: string;
  facts: MatterFacts;
  persons: Person[];
  regionCode: string;
  last: { channel: Channel; rendered: Rendered; mode: IdentityMode; date: string };
  channels: Set<Channel>;
  lastDate: string;
}

export interface CorpusSample {
  seed: number;
  matters: MatterMemo[];
  /** A reservoir of collective matters only: the queries of a new group member come from them. */
  collectiveMatters: MatterMemo[];
  /** Matters seen (for the reservoir) and petitions written. */
  matterCount: number;
  petitionCount: number;
  /** The next free person serial: query petitioners never collide with corpus ones. */
  nextSerial: number;
}

export const CORPUS_START = '2019-01-01';
export const CORPUS_END = '2025-12-31';
const DAY_MS = 86_400_000;

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

function yearMonthOf(date: string): { year: number; month: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

function receivedAt(date: string, rng: Rng): string {
  const h = rng.int(8, 17);
  const m = rng.int(0, 59);
  return `${date}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+08:00`;
}

const FAMILY_WEIGHTS: [Family, number][] = FAMILIES.map((f) => [
  f,
  ({ demolition: 10, wages: 14, property: 12, pension: 8, medical: 6, school: 5, pollution: 7, village: 9, police: 7, housing: 8, consumer: 5, welfare: 5, landContract: 7, heating: 5 } as Record<string, number>)[f.key] ?? 5,
]);
const FAMILIES_WITH_AMOUNTS = new Set(['demolition', 'wages', 'property', 'medical', 'village', 'housing', 'landContract']);
const COLLECTIVE_FAMILIES = new Set(['wages', 'property', 'demolition', 'village', 'housing', 'consumer', 'pollution']);

function pickCtx(rng: Rng, county: County, date: string): Ctx {
  const town = rng.pick(county.towns);
  return { county, town, village: rng.pick(town.villages), ...yearMonthOf(date) };
}

function pickMode(rng: Rng, origin: boolean): IdentityMode {
  return origin
    ? rng.weighted([['full', 60], ['phone', 22], ['id', 13], ['name', 5]] as const)
    : rng.weighted([['full', 35], ['phone', 25], ['id', 15], ['name', 25]] as const);
}

function otherChannel(rng: Rng, avoid: Set<Channel>): Channel {
  for (let i = 0; i < 20; i++) {
    const c = rng.weighted(CHANNEL_WEIGHTS);
    if (!avoid.has(c)) return c;
  }
  return CHANNELS.find((c) => !avoid.has(c)) ?? 'letter';
}

class World {
  readonly counties = shanxiCounties();
  /** Organisations already complained about, per county and family, with the place they belong to. */
  private readonly entities = new Map<string, { entity: Entity; ctx: Ctx }[]>();
  serial = 0;

  constructor(readonly rng: Rng) {}

  county(): County {
    return this.rng.pick(this.counties);
  }

  person(county?: County): Person {
    const c = county ?? this.county();
    const ctx = pickCtx(this.rng, c, CORPUS_START);
    return newPerson(this.rng, this.serial++, c, ctx.town, ctx.village);
  }

  /** A matter's setting: usually the petitioner's own county; the organisation often one already complained about. */
  setting(family: Family, person: Person, date: string, reuse = 0.35): { ctx: Ctx; entity: Entity } {
    const rng = this.rng;
    const sameCounty = rng.chance(0.8);
    const county = sameCounty ? person.county : rng.pick(this.counties.filter((c) => c.cityCode === person.county.cityCode));
    const key = `${county.code}|${family.key}`;
    const known = this.entities.get(key) ?? [];
    if (known.length > 0 && rng.chance(reuse)) {
      const k = rng.pick(known);
      return { ctx: { ...k.ctx, ...yearMonthOf(date) }, entity: k.entity };
    }
    const ctx: Ctx =
      sameCounty && rng.chance(0.7) ? { county, town: person.town, village: person.village, ...yearMonthOf(date) } : pickCtx(rng, county, date);
    const entity = family.entity(rng, ctx);
    if (known.length < 40) known.push({ entity, ctx });
    else known[rng.int(0, known.length - 1)] = { entity, ctx };
    this.entities.set(key, known);
    return { ctx, entity };
  }

  /** An organisation of this family in this county other than `not`. */
  freshSetting(family: Family, person: Person, date: string, not: Entity | null): { ctx: Ctx; entity: Entity } {
    for (let i = 0; i < 10; i++) {
      const s = this.setting(family, person, date, 0);
      if (!not || (s.entity.full !== not.full && s.entity.short !== not.short)) return s;
    }
    return this.setting(family, person, date, 0);
  }
}

function matterFacts(rng: Rng, family: Family, ctx: Ctx, entity: Entity, collective: boolean): MatterFacts {
  return { family, ctx, entity, slots: family.slots(rng, ctx, entity), collective };
}

function writeRecord(
  rng: Rng,
  facts: MatterFacts,
  persons: Person[],
  channel: Channel,
  mode: IdentityMode,
  traditional: boolean,
  date: string,
  present?: (p: Person, i: number) => ImportPetitioner,
): { petitioners: ImportPetitioner[]; rendered: Rendered } {
  const petitioners = persons.map((p, i) => present?.(p, i) ?? presentPerson(p, i === 0 ? mode : rng.pick(['full', 'phone', 'name'] as const), rng, traditional));
  const lead = petitioners[0]!;
  const rendered = renderPetition(facts, { channel, name: lead.name, idNumber: lead.idNumber, phone: lead.phone, address: lead.address, date }, rng);
  return { petitioners, rendered };
}

/** Someone of the matter's village (a neighbour, a co-worker from there): the members of a collective group. */
function groupMember(rng: Rng, world: World, ctx: Ctx): Person {
  return newPerson(rng, world.serial++, ctx.county, ctx.town, ctx.village);
}

/** Who signs one petition of a collective matter: the lead and a few others, or one member alone. */
function groupSigners(rng: Rng, group: Person[]): Person[] {
  if (rng.chance(0.25)) return [rng.pick(group)];
  const lead = rng.chance(0.6) ? group[0]! : rng.pick(group);
  const others = rng.shuffle(group.filter((p) => p !== lead)).slice(0, rng.int(1, Math.min(4, group.length - 1)));
  return [lead, ...others];
}

/**
 * Homophones (同音字, the same pinyin without tones) of given-name characters and a few surnames: a clerk writing a
 * name down from a call or a visit picks one of them.
 */
const HOMOPHONES: Record<string, string[]> = {
  伟: ['玮', '炜', '维'], 芳: ['方', '昉'], 娜: ['纳'], 敏: ['民', '闽'], 静: ['靖', '婧'], 丽: ['莉', '俐'], 强: ['蔷'],
  磊: ['垒'], 军: ['君', '钧'], 洋: ['阳', '扬'], 勇: ['永', '咏'], 艳: ['燕', '雁'], 杰: ['洁', '捷'], 娟: ['鹃'],
  涛: ['韬', '滔'], 明: ['铭', '鸣'], 超: ['潮'], 霞: ['侠'], 平: ['萍', '苹'], 刚: ['钢', '纲'], 秀: ['绣'], 英: ['瑛'],
  兰: ['岚', '蓝'], 桂: ['贵'], 玉: ['钰', '育'], 建: ['健', '剑'], 国: ['帼'], 华: ['骅', '桦'], 志: ['智', '治'],
  海: ['亥'], 燕: ['艳', '雁'], 红: ['虹', '宏'], 梅: ['玫', '媚'], 卫: ['为', '维'], 东: ['冬'], 晓: ['小', '筱'],
  文: ['雯', '闻'], 俊: ['骏', '峻'], 宏: ['洪', '鸿'], 永: ['勇'], 爱: ['艾'], 萍: ['平'], 春: ['椿'], 花: ['华'],
  菊: ['桔'], 冬: ['东'], 金: ['锦'], 凤: ['峰', '风'], 翠: ['萃'], 淑: ['舒'], 芬: ['纷'], 珍: ['真', '贞'],
  德: ['得'], 胜: ['盛'], 保: ['宝'], 拴: ['栓'], 柱: ['住'], 虎: ['琥'], 润: ['闰'], 生: ['升'], 喜: ['禧'],
  福: ['富'], 来: ['莱'], 顺: ['舜'], 振: ['震'], 鹏: ['朋'], 飞: ['菲'], 宇: ['雨'], 航: ['杭'], 子: ['紫'],
  涵: ['含'], 浩: ['昊'], 然: ['燃'], 梓: ['子'], 萱: ['宣'], 欣: ['心', '馨'], 怡: ['仪', '宜'], 雨: ['宇'],
  泽: ['择'], 嘉: ['佳'], 豪: ['浩'], 佳: ['嘉'], 琪: ['琦', '棋'], 思: ['斯'], 远: ['源'], 婷: ['亭'], 晶: ['精', '菁'],
  鑫: ['新', '欣'], 瑞: ['锐'], 斌: ['彬'], 辉: ['晖'], 龙: ['隆'], 峰: ['锋', '丰'], 张: ['章'], 王: ['汪'], 李: ['黎'],
  刘: ['柳'], 吴: ['武'], 徐: ['许'], 许: ['徐'], 范: ['樊'], 冯: ['封'],
};

/** The name with one given-name character (or, failing that, the surname) replaced by a homophone. */
export function homophoneName(name: string, rng: Rng): string {
  const chars = [...name];
  const given = chars.map((c, i) => (i > 0 && HOMOPHONES[c] ? i : -1)).filter((i) => i >= 0);
  const at = given.length > 0 ? rng.pick(given) : HOMOPHONES[chars[0]!] ? 0 : -1;
  if (at < 0) return name;
  chars[at] = rng.pick(HOMOPHONES[chars[at]!]!);
  return chars.join('');
}

/** A copy of a petition sent again: identical, or with a line added, or a sentence left out. */
function resend(content: string, rng: Rng): string {
  const r = rng.next();
  if (r < 0.45) return content;
  if (r < 0.8) return `${rng.pick(['再次反映：', '【重复来信】', '第二次反映此事，', '此前已反映过，至今未解决。'])}${content}`;
  const parts = content.split('。');
  if (parts.length > 3) parts.splice(rng.int(1, parts.length - 2), 1);
  return parts.join('。');
}

export interface CorpusOptions {
  petitions: number;
  seed: number;
  /** How many matters to keep for the queries (reservoir sample); default 4000. */
  reserve?: number;
}

/**
 * The corpus as a lazy iterable of records; `sample` fills while it is consumed (iterate it fully before
 * `generateQueries`). Matters are written in date order from CORPUS_START to CORPUS_END.
 */
export function generateCorpus(opts: CorpusOptions): { records: Iterable<CorpusRecord>; sample: CorpusSample } {
  const sample: CorpusSample = { seed: opts.seed, matters: [], collectiveMatters: [], matterCount: 0, petitionCount: 0, nextSerial: 0 };
  let collectiveCount = 0;
  const reserve = opts.reserve ?? 4000;
  function* records(): Generator<CorpusRecord> {
    const rng = new Rng(opts.seed);
    const pickRng = new Rng(opts.seed ^ 0x5a5a5a5a);
    const world = new World(rng);
    const ring: Person[] = [];
    const span = daysBetween(CORPUS_START, CORPUS_END);
    let emitted = 0;
    let matterIndex = 0;
    while (emitted < opts.petitions) {
      const key = `M${opts.seed}-${matterIndex++}`;
      // Someone who petitioned before, now about something else (10%), or a new petitioner.
      const returning = ring.length > 0 && rng.chance(0.1);
      const person = returning ? rng.pick(ring) : world.person();
      if (!returning) {
        if (ring.length < 5000) ring.push(person);
        else ring[rng.int(0, ring.length - 1)] = person;
      }
      let family = rng.weighted(FAMILY_WEIGHTS);
      for (let t = 0; t < 6 && person.families.has(family.key); t++) family = rng.weighted(FAMILY_WEIGHTS);
      person.families.add(family.key);
      const date0 = addDays(CORPUS_START, Math.min(span, Math.floor((emitted / opts.petitions) * span) + rng.int(0, 3)));
      const { ctx, entity } = world.setting(family, person, date0);
      // A collective matter (联名信, 集体访): a group of neighbours or co-workers of the matter's village, 3–10 of them.
      const collective = COLLECTIVE_FAMILIES.has(family.key) && rng.chance(0.15);
      const persons = [person];
      if (collective) for (let i = rng.int(2, 9); i > 0; i--) persons.push(groupMember(rng, world, ctx));
      const facts = matterFacts(rng, family, ctx, entity, collective);

      const count = rng.weighted([[1, 80], [2, 12], [3, 5], [4, 2], [6, 1]] as const);
      const dates = [date0];
      for (let i = 1; i < count; i++) {
        const next = addDays(dates[i - 1]!, rng.int(7, 200));
        if (next > CORPUS_END) break;
        dates.push(next);
      }
      const lastDate = dates[dates.length - 1]!;
      const age = daysBetween(lastDate, CORPUS_END);
      const status: CorpusRecord['status'] =
        age > 365
          ? rng.weighted([['concluded', 85], ['terminated', 1.2], ['open', 13.8]] as const)
          : age > 90
            ? rng.weighted([['concluded', 55], ['terminated', 0.5], ['open', 44.5]] as const)
            : rng.weighted([['concluded', 25], ['open', 75]] as const);

      const channels = new Set<Channel>();
      let last: MatterMemo['last'] | null = null;
      for (let i = 0; i < dates.length; i++) {
        const date = dates[i]!;
        const origin = i === 0;
        const channel: Channel = origin || rng.chance(0.4) ? (origin ? rng.weighted(CHANNEL_WEIGHTS) : last!.channel) : otherChannel(rng, channels);
        const mode = pickMode(rng, origin);
        // A collective matter's petitions are signed by some of the group, led by any one of them.
        const signers = collective ? groupSigners(rng, persons) : persons;
        const { petitioners, rendered } = writeRecord(rng, facts, signers, channel, mode, rng.chance(origin ? 0.02 : 0.12), date);
        if (!origin && last && channel === last.channel && rng.chance(0.3)) rendered.content = resend(last.rendered.content, rng);
        channels.add(channel);
        last = { channel, rendered, mode, date };
        emitted++;
        yield {
          externalId: `SX${opts.seed}-${String(emitted).padStart(8, '0')}`,
          matterKey: key,
          channel,
          receivedAt: receivedAt(date, rng),
          petitioners,
          regionCode: ctx.county.code,
          ...rendered,
          status,
        };
      }
      // Reservoir sample (algorithm R) of matters, with its own random stream.
      const memo: MatterMemo = { key, facts, persons, regionCode: ctx.county.code, last: last!, channels, lastDate };
      sample.matterCount++;
      if (sample.matters.length < reserve) sample.matters.push(memo);
      else {
        const j = Math.floor(pickRng.next() * sample.matterCount);
        if (j < reserve) sample.matters[j] = memo;
      }
      if (collective) {
        collectiveCount++;
        if (sample.collectiveMatters.length < reserve / 4) sample.collectiveMatters.push(memo);
        else {
          const j = Math.floor(pickRng.next() * collectiveCount);
          if (j < reserve / 4) sample.collectiveMatters[j] = memo;
        }
      }
      sample.petitionCount = emitted;
      sample.nextSerial = world.serial;
    }
  }
  return { records: { [Symbol.iterator]: records }, sample };
}

export const QUERY_MIX: [QueryKind, number][] = [
  ['exactRepeat', 0.1],
  ['rephrasedRepeat', 0.25],
  ['groupMemberRepeat', 0.1],
  ['nameVariantRepeat', 0.1],
  ['samePersonDifferentMatter', 0.1],
  ['samePersonOtherDemand', 0.1],
  ['differentPersonSameRespondent', 0.15],
  ['new', 0.1],
];

/** Draft petitions with their truth, from the matters the corpus kept. */
export function generateQueries(sample: CorpusSample, opts: { queries: number; seed: number }): { queries: QueryRecord[]; truth: TruthRecord[] } {
  const rng = new Rng(opts.seed * 7919 + 17);
  const world = new World(rng);
  world.serial = sample.nextSerial + 1_000_000;
  const pool = rng.shuffle([...sample.matters]);
  const collectivePool = rng.shuffle([...sample.collectiveMatters]);
  let nextCollective = 0;
  const kinds: QueryKind[] = [];
  for (const [kind, share] of QUERY_MIX) for (let i = 0; i < Math.round(share * opts.queries); i++) kinds.push(kind);
  while (kinds.length < opts.queries) kinds.push('rephrasedRepeat');
  kinds.length = opts.queries;
  rng.shuffle(kinds);

  const queries: QueryRecord[] = [];
  const truth: TruthRecord[] = [];
  const lateDate = () => addDays(CORPUS_END, rng.int(-200, 180));
  const signersOf = (memo: MatterMemo) => (memo.facts.collective ? groupSigners(rng, memo.persons) : memo.persons);
  kinds.forEach((kind, i) => {
    const memo = kind === 'groupMemberRepeat' && collectivePool.length > 0 ? collectivePool[nextCollective++ % collectivePool.length]! : pool[i % pool.length]!;
    const externalId = `Q${opts.seed}-${String(i + 1).padStart(6, '0')}`;
    const person = memo.persons[0]!;
    let record: Omit<QueryRecord, 'externalId'>;
    let expected: string | null = null;
    const emit = (
      facts: MatterFacts,
      persons: Person[],
      channel: Channel,
      mode: IdentityMode,
      traditional: boolean,
      date: string,
      regionCode: string,
      present?: (p: Person, i: number) => ImportPetitioner,
    ) => {
      const { petitioners, rendered } = writeRecord(rng, facts, persons, channel, mode, traditional, date, present);
      return { channel, receivedAt: receivedAt(date, rng), petitioners, regionCode, ...rendered };
    };
    switch (kind) {
      case 'exactRepeat': {
        const date = addDays(memo.lastDate, rng.int(3, 120));
        const r = emit(memo.facts, signersOf(memo), memo.last.channel, memo.last.mode, rng.chance(0.05), date, memo.regionCode);
        record = { ...r, title: rng.chance(0.6) ? memo.last.rendered.title : r.title, content: resend(memo.last.rendered.content, rng) };
        expected = memo.key;
        break;
      }
      case 'rephrasedRepeat': {
        const gap = rng.weighted([[rng.int(5, 60), 50], [rng.int(60, 365), 35], [rng.int(365, 1000), 15]] as const);
        const channel = otherChannel(rng, new Set([memo.last.channel]));
        const mode = rng.weighted([['full', 35], ['phone', 25], ['id', 25], ['name', 15]] as const);
        record = emit(memo.facts, signersOf(memo), channel, mode, rng.chance(0.2), addDays(memo.lastDate, gap), memo.regionCode);
        expected = memo.key;
        break;
      }
      case 'groupMemberRepeat': {
        // A member of the collective group who never signed before files alone about the group's demand: no ID
        // number, phone or name in common with the matter. The facts (respondent, project, amounts, dates, the
        // village) are the group's; whether the text says 我 or 我们 varies.
        const member = groupMember(rng, world, memo.facts.ctx);
        const facts: MatterFacts = { ...memo.facts, collective: rng.chance(0.4) };
        const channel = otherChannel(rng, new Set([memo.last.channel]));
        record = emit(facts, [member], channel, pickMode(rng, true), rng.chance(0.1), addDays(memo.lastDate, rng.int(5, 400)), memo.regionCode);
        expected = memo.key;
        break;
      }
      case 'nameVariantRepeat': {
        // The same person again, the name written with a homophone (50%) or in traditional characters, a new phone
        // and no ID number: only the name's sound, the address and the facts connect it.
        const homophone = rng.chance(0.5) || toTraditional(person.name) === person.name;
        const newPhone = newPerson(rng, world.serial++, person.county, person.town, person.village).phone;
        const channel = otherChannel(rng, new Set([memo.last.channel]));
        const present = (p: Person): ImportPetitioner => ({
          name: homophone ? homophoneName(p.name, rng) : toTraditional(p.name),
          idNumber: null,
          phone: rng.chance(0.85) ? newPhone : null,
          address: rng.chance(0.6) ? p.address : null,
        });
        record = emit(memo.facts, [person], channel, 'phone', !homophone, addDays(memo.lastDate, rng.int(5, 500)), memo.regionCode, present);
        expected = memo.key;
        break;
      }
      case 'samePersonOtherDemand': {
        // The same person about another demand of the same kind: the same respondent with new facts (another project,
        // other amounts and dates), or another respondent of the same type. A new matter.
        const date = lateDate();
        const family = memo.facts.family;
        // Against the same respondent only where the demand has facts of its own to tell it apart (an amount: other
        // wages, another compensation): without them, the same person about the same school or factory again is a repeat.
        const sameRespondent = FAMILIES_WITH_AMOUNTS.has(family.key) && rng.chance(0.5);
        const { ctx, entity } = sameRespondent
          ? { ctx: { ...memo.facts.ctx, ...yearMonthOf(date) }, entity: memo.facts.entity }
          : world.freshSetting(family, person, date, memo.facts.entity);
        const facts = matterFacts(rng, family, ctx, entity, false);
        record = emit(facts, [person], rng.weighted(CHANNEL_WEIGHTS), pickMode(rng, false), rng.chance(0.1), date, ctx.county.code);
        break;
      }
      case 'samePersonDifferentMatter': {
        // Another matter of the same petitioner: mostly another topic; sometimes the same kind of trouble with
        // another organisation (a second employer's unpaid wages, another hospital).
        const date = lateDate();
        let family = memo.facts.family;
        if (rng.chance(0.7)) {
          for (let t = 0; t < 20 && person.families.has(family.key); t++) family = rng.pick(FAMILIES);
        }
        const { ctx, entity } = world.freshSetting(family, person, date, family === memo.facts.family ? memo.facts.entity : null);
        const facts = matterFacts(rng, family, ctx, entity, false);
        record = emit(facts, [person], rng.weighted(CHANNEL_WEIGHTS), pickMode(rng, true), rng.chance(0.1), date, ctx.county.code);
        break;
      }
      case 'differentPersonSameRespondent': {
        // A neighbour or co-worker about the same organisation (and place): not this petitioner's repeat, though it
        // may belong with it as a collective matter.
        const date = lateDate();
        const other = newPerson(rng, world.serial++, memo.facts.ctx.county, memo.facts.ctx.town, memo.facts.ctx.village);
        const facts = matterFacts(rng, memo.facts.family, { ...memo.facts.ctx, ...yearMonthOf(date) }, memo.facts.entity, false);
        record = emit(facts, [other], rng.weighted(CHANNEL_WEIGHTS), pickMode(rng, true), false, date, memo.regionCode);
        break;
      }
      case 'new': {
        const date = lateDate();
        const p = world.person();
        const family = rng.weighted(FAMILY_WEIGHTS);
        const { ctx, entity } = world.setting(family, p, date, 0);
        record = emit(matterFacts(rng, family, ctx, entity, false), [p], rng.weighted(CHANNEL_WEIGHTS), pickMode(rng, true), rng.chance(0.02), date, ctx.county.code);
        break;
      }
    }
    queries.push({ externalId, ...record });
    truth.push({ externalId, kind, expectedMatterKey: expected, collective: memo.facts.collective });
  });
  return { queries, truth };
}

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

async function main(): Promise<void> {
  const petitions = Number(arg('petitions', '100000'));
  const queries = Number(arg('queries', '2000'));
  const seed = Number(arg('seed', '1'));
  const out = arg('out');
  await mkdir(out, { recursive: true });
  const started = Date.now();
  const corpus = createWriteStream(join(out, 'corpus.jsonl'));
  const { records, sample } = generateCorpus({ petitions, seed, reserve: Math.max(4000, queries * 2) });
  let buf = '';
  for (const r of records) {
    buf += `${JSON.stringify(r)}\n`;
    if (buf.length > 1 << 20) {
      if (!corpus.write(buf)) await new Promise<void>((resolve) => corpus.once('drain', () => resolve()));
      buf = '';
    }
  }
  corpus.write(buf);
  await new Promise((resolve) => corpus.end(resolve));
  const q = generateQueries(sample, { queries, seed });
  const write = async (file: string, rows: unknown[]) => {
    const s = createWriteStream(join(out, file));
    s.write(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await new Promise((resolve) => s.end(resolve));
  };
  await write('queries.jsonl', q.queries);
  await write('truth.jsonl', q.truth);
  console.log(
    JSON.stringify({ out, petitions: sample.petitionCount, matters: sample.matterCount, queries: q.queries.length, seconds: (Date.now() - started) / 1000 }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
