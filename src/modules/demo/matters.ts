import { eq } from 'drizzle-orm';
import { bodies, users } from '../../db/schema';
import { addCalendarDays, chinaDateOf, type IsoDate } from '../../domain/calendar';
import type { Command } from '../../domain/lifecycle';
import type { AppContext } from '../../context';
import { loadStaffPrincipal, type StaffPrincipal } from '../auth/principal';
import { executeCommand } from '../matters/service';
import { registerPetition, type PetitionInput } from '../petitions/service';

/**
 * Demo matters at several points of the statutory course, dated relative to the day of seeding so their clocks are
 * live: one waiting to be dispatched past its 15 days, one just forwarded, one whose 60 handling days have run out,
 * one in handling, one replied and evaluated 不满意, one rejected, one redirected to the legal-affairs channel.
 * Every step goes through the lifecycle engine, exactly as a user's would.
 */
interface Step {
  as: string;
  daysAgo: number;
  command: (body: (code: string) => string, on: (daysAgo: number) => IsoDate) => Command;
}

interface Scenario {
  registrar: string;
  receivedDaysAgo: number;
  input: Omit<PetitionInput, 'receivedAt'>;
  steps: Step[];
}

/** 依法分类 (Art. 29–31): the acceptance office classifies every matter before it routes it (seed 000). */
const classify = (on: IsoDate, categoryPath: string[], purpose: 'request' | 'appeal', art31Route: 'petitionProcedure' | 'litigation'): Command => ({
  type: 'classify',
  purpose,
  categoryPath,
  art31Route,
  on,
});

const person = (name: string, idNumber: string, phone: string) => [{ name, idNumber, phone, address: '山西省太原市' }];

const TRIAGE_DAY: { daysAgo: number; channel: 'letter' | 'online' | 'email'; regionCode: string; category: string; title: string; content: string; name: string; address: string }[] = [
  {
    daysAgo: 3, channel: 'letter', regionCode: '140106', category: '劳动社保', title: '反映建筑工地拖欠农民工工资',
    content: '信访人反映在迎泽区某住宅项目工地务工，劳务公司拖欠其与工友8人工资共计九万六千元，多次讨要未果，请求督促支付。',
    name: '郭永生', address: '山西省太原市迎泽区',
  },
  {
    daysAgo: 2, channel: 'online', regionCode: '140213', category: '生态环境', title: '反映搅拌站夜间作业噪声扰民',
    content: '信访人反映平城区某混凝土搅拌站长期夜间作业，噪声和粉尘严重影响周边居民休息，请求依法查处。',
    name: '田秀梅', address: '山西省大同市平城区',
  },
  {
    daysAgo: 1, channel: 'letter', regionCode: '140702', category: '农村农业', title: '反映村委会收回承包地未予补偿',
    content: '信访人反映榆次区某村村委会以统一流转为由收回其家承包地五亩，未签订协议也未支付补偿，请求依法处理。',
    name: '常福来', address: '山西省晋中市榆次区',
  },
  {
    daysAgo: 0, channel: 'online', regionCode: '140502', category: '教育', title: '咨询随迁子女入学条件',
    content: '信访人咨询在晋城市城区务工人员随迁子女就近入学需要提供哪些材料，以及办理时间。',
    name: '秦晓燕', address: '山西省晋城市城区',
  },
  {
    daysAgo: 5, channel: 'email', regionCode: '140802', category: '纪检监察', title: '举报村干部侵占集体资金',
    content: '信访人举报盐湖区某村党支部书记在村集体土地补偿款发放中虚报冒领、侵占集体资金，请求依纪依法查处。',
    name: '薛建军', address: '山西省运城市盐湖区',
  },
];

const SCENARIOS: Scenario[] = [
  {
    registrar: 'sx.registrar',
    receivedDaysAgo: 20,
    input: {
      channel: 'letter', regionCode: '140105', title: '反映小区物业公司擅自提高物业费',
      content: '信访人反映所住小区物业公司未经业主大会同意，自本年起将物业费由每平方米1.2元提高至1.8元，请求予以查处并恢复原收费标准。',
      petitioners: person('张建国', '14010519800315123X', '13803511234'),
    },
    steps: [],
  },
  {
    registrar: 'sx.registrar',
    receivedDaysAgo: 10,
    input: {
      channel: 'online', regionCode: '140105', title: '反映老旧小区改造工程施工扰民',
      content: '信访人反映小店区某老旧小区改造工程夜间施工，噪音严重影响休息，请求规范施工时间。',
      petitioners: person('李秀英', '140105197507082341', '13935112345'),
    },
    steps: [
      { as: 'sx.acceptance', daysAgo: 8, command: (_b, on) => classify(on(8), ['cxjs', 'cxjs.jzsg'], 'request', 'petitionProcedure') },
      { as: 'sx.acceptance', daysAgo: 8, command: (b, on) => ({ type: 'forward', toBodyId: b('140105-zjj'), on: on(8) }) },
    ],
  },
  {
    registrar: 'ty.registrar',
    receivedDaysAgo: 72,
    input: {
      channel: 'visit', regionCode: '140100', title: '反映商品房逾期交房问题', details: { peopleCount: 1 },
      content: '信访人反映所购商品房合同约定去年底交房，开发商至今未交付，请求督促开发商履约并依法承担违约责任。',
      petitioners: person('王志强', '140106198811203452', '13513513456'),
    },
    steps: [
      { as: 'ty.registrar', daysAgo: 70, command: (_b, on) => classify(on(70), ['cxjs', 'cxjs.fdc'], 'request', 'petitionProcedure') },
      { as: 'ty.registrar', daysAgo: 70, command: (b, on) => ({ type: 'assign', toBodyId: b('ty-zjj'), dueOn: on(10), on: on(70) }) },
      { as: 'ty.zjj.handler', daysAgo: 66, command: (_b, on) => ({ type: 'accept', procedure: 'ordinary', on: on(66) }) },
    ],
  },
  {
    registrar: 'sx.registrar',
    receivedDaysAgo: 40,
    input: {
      channel: 'phone', regionCode: '140105', title: '反映住宅专项维修资金使用不公开', details: { callerNumber: '0351-7654321', recordingRef: 'REC-DEMO-0001' }, oral: true,
      content: '来电人反映小区电梯维修动用专项维修资金，但未公示使用明细，请求公开账目。',
      petitioners: person('赵丽', '140105199002154564', '0351-7654321'),
    },
    steps: [
      { as: 'sx.acceptance', daysAgo: 38, command: (_b, on) => classify(on(38), ['cxjs', 'cxjs.wygl'], 'request', 'petitionProcedure') },
      { as: 'sx.acceptance', daysAgo: 38, command: (b, on) => ({ type: 'forward', toBodyId: b('140105-zjj'), on: on(38) }) },
      { as: 'xd.zjj.handler', daysAgo: 35, command: (_b, on) => ({ type: 'accept', procedure: 'ordinary', on: on(35) }) },
    ],
  },
  {
    registrar: 'sx.registrar',
    receivedDaysAgo: 55,
    input: {
      channel: 'letter', regionCode: '140106', title: '反映拆迁安置房分配不公',
      content: '信访人反映迎泽区某片区改造中安置房分配方案未按评分顺序执行，请求重新核查分配结果。',
      petitioners: person('孙明', '140106197212305671', '13603516789'),
    },
    steps: [
      { as: 'sx.acceptance', daysAgo: 53, command: (_b, on) => classify(on(53), ['cxjs', 'cxjs.zsbc'], 'request', 'petitionProcedure') },
      { as: 'sx.acceptance', daysAgo: 53, command: (b, on) => ({ type: 'forward', toBodyId: b('140106-zjj'), on: on(53) }) },
      { as: 'yz.zjj.handler', daysAgo: 50, command: (_b, on) => ({ type: 'accept', procedure: 'ordinary', on: on(50) }) },
      // Seed 003's sign-off: drafted and signed by the handler, then the leader in charge and the principal leader.
      { as: 'yz.zjj.handler', daysAgo: 14, command: (_b, on) => ({ type: 'draftOpinion', outcome: 'explain', summary: '经核查，分配方案经公示无异议后执行，已向信访人解释说明评分依据。', facts: '经调阅分配方案、公示记录和评分表，分配按评分顺序执行。', on: on(14) }) },
      { as: 'yz.zjj.handler', daysAgo: 14, command: (_b, on) => ({ type: 'signOpinion', on: on(14) }) },
      { as: 'yz.zjj.leader', daysAgo: 13, command: (_b, on) => ({ type: 'signOpinion', comment: '同意', on: on(13) }) },
      { as: 'yz.zjj.principal', daysAgo: 12, command: (_b, on) => ({ type: 'signOpinion', comment: '同意', on: on(12) }) },
      { as: 'yz.zjj.handler', daysAgo: 12, command: (_b, on) => ({ type: 'reply', on: on(12) }) },
      { as: 'yz.zjj.handler', daysAgo: 11, command: (_b, on) => ({ type: 'recordDelivery', method: 'inPerson', on: on(11) }) },
      { as: 'sx.registrar', daysAgo: 5, command: (_b, on) => ({ type: 'evaluate', rating: 'dissatisfied', comment: '未回应分配顺序问题', on: on(5) }) },
    ],
  },
  {
    registrar: 'sx.registrar',
    receivedDaysAgo: 6,
    input: {
      channel: 'visit', regionCode: '140100', title: '对法院民事判决不服要求再审', details: { peopleCount: 1 }, oral: true,
      content: '来访人对太原市某区人民法院民事判决不服，要求信访部门督促法院再审。',
      petitioners: person('周强', '140107196905066783', '13753517890'),
    },
    steps: [
      { as: 'sx.acceptance', daysAgo: 4, command: (_b, on) => classify(on(4), ['zf'], 'appeal', 'litigation') },
      { as: 'sx.acceptance', daysAgo: 4, command: (b, on) => ({ type: 'redirect', channel: 'legalAffairs', toBodyId: b('ty-zfw'), reason: '涉诉事项，依法导入诉讼程序（诉访分离）', on: on(4) }) },
    ],
  },
  // A morning's intake still waiting for the acceptance office (受理分办), across cities and categories.
  ...TRIAGE_DAY.map(
    (t): Scenario => ({
      registrar: 'sx.registrar',
      receivedDaysAgo: t.daysAgo,
      input: { channel: t.channel, regionCode: t.regionCode, title: t.title, content: t.content, category: t.category, petitioners: [{ name: t.name, address: t.address }] },
      steps: [],
    }),
  ),
];

export async function seedDemoMatters(ctx: AppContext): Promise<number> {
  const today = chinaDateOf(ctx.now());
  const on = (daysAgo: number) => addCalendarDays(today, -daysAgo);
  const principals = new Map<string, StaffPrincipal>();
  const principal = async (login: string) => {
    let p = principals.get(login);
    if (!p) {
      const [u] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.login, login));
      p = (await loadStaffPrincipal(ctx.db, u!.id, 'session'))!;
      principals.set(login, p);
    }
    return p;
  };
  const bodyIds = new Map((await ctx.db.select({ id: bodies.id, code: bodies.code }).from(bodies)).map((b) => [b.code, b.id]));
  const body = (code: string) => {
    const id = bodyIds.get(code);
    if (!id) throw new Error(`demo: no body ${code}`);
    return id;
  };
  for (const s of SCENARIOS) {
    const received = on(s.receivedDaysAgo);
    // Registered on the day it arrived, as the desk would have done then.
    const then = { ...ctx, now: () => new Date(`${received}T10:00:00+08:00`) };
    const receivedAt = `${received}T09:30:00+08:00`;
    const details = s.input.channel === 'phone' ? { ...s.input.details, calledAt: receivedAt } : s.input.details;
    const registered = await registerPetition(then, { kind: 'staff', principal: await principal(s.registrar) }, { ...s.input, details, receivedAt });
    const matterId = registered.matters[0]!.matterId;
    for (const step of s.steps) await executeCommand(ctx, await principal(step.as), matterId, step.command(body, on));
  }
  return SCENARIOS.length;
}
