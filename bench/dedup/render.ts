import type { Rng } from './prng';
import type { Ctx, Entity, Family, Slots } from './topics';
import { toTraditional } from './people';

/**
 * Writing a matter as one petition through one channel. Letters, faxes, e-mails and online forms are the
 * petitioner's own words (first person); visits, calls and referrals are a clerk's summary (third person, shorter,
 * optional details often left out). Every rendering draws its own phrasings, synonyms and sentence order, so two
 * petitions on one matter through different channels share the facts (names, places, amounts) but little wording.
 */

export const CHANNELS = ['letter', 'visit', 'phone', 'online', 'mobile', 'fax', 'email', 'referral'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_WEIGHTS: [Channel, number][] = [
  ['online', 30], ['phone', 22], ['letter', 16], ['visit', 14], ['mobile', 10], ['referral', 4], ['email', 2], ['fax', 2],
];

const FIRST_PERSON = new Set<Channel>(['letter', 'online', 'mobile', 'fax', 'email']);

/** The facts of one matter, enough to write it again in other words. */
export interface MatterFacts {
  family: Family;
  ctx: Ctx;
  entity: Entity;
  slots: Slots;
  collective: boolean;
}

export interface Rendered {
  title: string;
  content: string;
  respondent: string | null;
  place: string | null;
  category: string;
}

/** Synonym groups a rewrite may swap (each group applied with some probability). */
const SYNONYMS: string[][] = [
  ['至今', '到现在', '迄今'],
  ['多次', '反复', '屡次', '好几次'],
  ['一直', '始终', '长期'],
  ['解决', '处理'],
  ['有关部门', '相关部门', '主管部门'],
  ['不予理睬', '置之不理', '不管不问'],
  ['拖欠', '欠着'],
  ['退还', '返还', '退回'],
  ['严重影响', '严重干扰'],
  ['恳请', '请求', '希望'],
  ['依法', '按照法律规定'],
];

function alt(s: string, rng: Rng): string {
  return s.replace(/\[([^\][]*)\]/g, (_m, body: string) => rng.pick(body.split('|')));
}

interface Voice {
  I: string;
  my: string;
  we: string;
}

function voice(channel: Channel, rng: Rng, collective: boolean): Voice {
  if (FIRST_PERSON.has(channel)) {
    const I = collective ? '我们' : rng.chance(0.2) ? '本人' : '我';
    return { I, my: collective ? '我们' : '我', we: '我们' };
  }
  const I = collective
    ? rng.pick(['他们', '来访群众', '信访人'])
    : channel === 'visit'
      ? rng.pick(['来访人', '其', '该同志'])
      : channel === 'phone'
        ? rng.pick(['来电人', '其', '来电人'])
        : rng.pick(['信访人', '该群众', '其']);
  return { I, my: '其', we: collective ? '他们' : rng.pick(['他们', '其等']) };
}

export function fill(template: string, slots: Slots, v: Voice, rng: Rng, resp: string): string {
  let s = alt(template, rng);
  for (let pass = 0; pass < 3 && s.includes('{'); pass++) {
    s = s.replace(/\{(\w+)\}/g, (m, key: string) => {
      if (key === 'I') return v.I;
      if (key === 'my') return v.my;
      if (key === 'we') return v.we;
      if (key === 'resp') return resp;
      const vals = slots[key];
      return vals ? alt(rng.pick(vals), rng) : m;
    });
    s = alt(s, rng);
  }
  return s;
}

function synonyms(text: string, rng: Rng, p: number): string {
  let s = text;
  for (const group of SYNONYMS) {
    if (!rng.chance(p)) continue;
    const to = rng.pick(group);
    for (const w of group) if (w !== to) s = s.split(w).join(to);
  }
  return s;
}

/** Slots every family can use. */
export function baseSlots(f: MatterFacts): Slots {
  const { ctx } = f;
  return {
    county: [ctx.county.name, `${ctx.county.cityName}${ctx.county.name}`],
    city: [ctx.county.cityName],
    town: [ctx.town.name],
    village: [ctx.village],
    ...(f.entity.site ? { site: [f.entity.site] } : {}),
    ...f.slots,
  };
}

export interface RenderOptions {
  channel: Channel;
  /** Who is named in the text (the first petitioner). */
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  /** ISO date of receipt, for letters' date lines. */
  date: string;
}

export function renderPetition(f: MatterFacts, o: RenderOptions, rng: Rng): Rendered {
  const { channel } = o;
  const v = voice(channel, rng, f.collective);
  const slots = baseSlots(f);
  const respNames = [f.entity.full, f.entity.short];
  const firstResp = rng.chance(0.6) ? f.entity.full : f.entity.short;
  const clerk = !FIRST_PERSON.has(channel);
  const optionalP = channel === 'phone' ? 0.25 : clerk ? 0.45 : channel === 'mobile' ? 0.45 : 0.7;

  const sentences: string[] = [];
  let mentioned = false;
  for (const fact of f.family.facts) {
    if (!fact.core && !rng.chance(optionalP)) continue;
    const resp = !mentioned ? firstResp : rng.pick([...respNames, f.entity.short, clerk ? '该单位' : f.entity.short]);
    const t = rng.pick(fact.v);
    if (t.includes('{resp}')) mentioned = true;
    sentences.push(fill(t, slots, v, rng, resp));
  }
  // Later sentences are sometimes told in another order.
  if (sentences.length > 3 && rng.chance(0.35)) {
    const i = rng.int(1, sentences.length - 2);
    [sentences[i], sentences[i + 1]] = [sentences[i + 1]!, sentences[i]!];
  }
  let facts = sentences.join('').replace(/，$/, '。');
  if (!/[。！？]$/.test(facts)) facts += '。';
  const demand = fill(rng.pick(f.family.demands), slots, v, rng, rng.pick(respNames));
  facts = synonyms(facts, rng, 0.4);
  const demandText = synonyms(demand, rng, 0.4);

  let content: string;
  const who = o.name;
  switch (channel) {
    case 'letter':
    case 'fax':
    case 'email': {
      const greet = rng.pick(['尊敬的领导：', '尊敬的信访局领导：', '各位领导：', '尊敬的市长：', '领导您好：']);
      const intro = rng.chance(0.8)
        ? `${f.collective ? `我们是${f.ctx.village}的群众，代表人` : '我叫'}${who}${o.address ? `，家住${o.address}` : ''}${o.idNumber && rng.chance(0.5) ? `，身份证号${o.idNumber}` : ''}${o.phone && rng.chance(0.6) ? `，联系电话${o.phone}` : ''}。`
        : '';
      const close = rng.pick(['恳请领导在百忙之中过问此事！', '望领导给予解决为盼。', '恳请有关部门依法处理，还我公道。', '盼复。']);
      const sign = `此致\n敬礼！\n${channel === 'email' ? '' : '反映人：'}${who}\n${o.date.slice(0, 4)}年${Number(o.date.slice(5, 7))}月${Number(o.date.slice(8, 10))}日`;
      content = `${greet}\n${rng.chance(0.5) ? '您好！' : ''}${intro}${facts}${demandText}${close}\n${sign}`;
      break;
    }
    case 'online':
    case 'mobile':
      content = rng.chance(0.7)
        ? `诉求：${demandText}\n事实与理由：${facts}`
        : `${facts}${demandText}`;
      break;
    case 'visit':
      content = `${f.collective ? `${rng.int(3, 30)}名群众来访，代表${who}反映：` : `来访人${who}反映：`}${facts}${demandText}`;
      break;
    case 'phone':
      content = `${rng.pick(['来电人', '来电人', '市民'])}${rng.chance(0.5) ? who : ''}${o.phone && rng.chance(0.3) ? `（${o.phone}）` : ''}${rng.pick(['反映：', '来电反映：', '称：'])}${facts}${demandText}${rng.chance(0.2) ? '来电人情绪激动。' : ''}`;
      break;
    case 'referral':
      content = `${rng.pick(['12345政务服务便民热线转来：', '上级信访部门转来：', '市长信箱转来：', '人民网留言板转来：'])}群众${who}反映，${facts}${demandText}`;
      break;
  }
  // Some older petitioners write in traditional characters.
  if (!clerk && rng.chance(0.03)) content = toTraditional(content);

  const title = fill(rng.pick(f.family.titles), slots, { I: '', my: '', we: '' }, rng, rng.chance(0.5) ? f.entity.short : f.entity.full);
  const respondent = rng.weighted([
    [f.entity.full, 55],
    [f.entity.short, 30],
    [null, channel === 'phone' ? 25 : 15],
  ] as const);
  const place = rng.chance(channel === 'phone' ? 0.7 : 0.85) ? rng.pick(f.family.place(f.ctx, f.entity)) : null;
  const category = rng.chance(0.88) ? f.family.category : f.family.altCategory;
  return { title, content, respondent, place, category };
}
