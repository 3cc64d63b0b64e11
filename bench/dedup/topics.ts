import type { Rng } from './prng';
import type { County, Town } from './regions';
import { BRANDS, ESTATE_SUFFIX, HOSPITAL_KINDS, SCHOOL_KINDS, personName } from './vocab';

/**
 * Topic families of petitions (the content categories of RULES.md): each one has the organisation complained about,
 * the matter's facts as slots, and several phrasings of every fact, title and demand. A template may use
 *   {slot}      a slot of the matter (a slot holds several surface forms, e.g. "12万元" / "120000元"),
 *   [a|b|c]     a free choice at rendering time,
 *   {I} {my} {we}  the petitioner as subject / possessive / group: 我 本人 / 其 该同志 — first person in letters and
 *               online forms, third person in a clerk's summary of a call or visit.
 */

export interface Ctx {
  county: County;
  town: Town;
  village: string;
  /** Year and month the matter first reached the petition system; the facts happened before. */
  year: number;
  month: number;
}

export interface Entity {
  /** The registered name: 山西恒安物业管理有限公司. */
  full: string;
  /** How people say it: 恒安物业. */
  short: string;
  /** The estate / project / village the entity is tied to, if any. */
  site: string | null;
}

export type Slots = Record<string, string[]>;

export interface Family {
  key: string;
  category: string;
  /** The category a different clerk may choose for the same matter. */
  altCategory: string;
  entity(rng: Rng, ctx: Ctx): Entity;
  slots(rng: Rng, ctx: Ctx, e: Entity): Slots;
  /** The place field (地点) as a clerk fills it in. */
  place(ctx: Ctx, e: Entity): string[];
  titles: string[];
  facts: { core: boolean; v: string[] }[];
  demands: string[];
}

export function money(n: number): string[] {
  if (n >= 10000 && n % 1000 === 0) {
    const w = n / 10000;
    return [`${w}万元`, `${n}元`, `${w}万余元`, `${w}万`];
  }
  return [`${n}元`, `${n}块钱`, `${n}元钱`];
}

export function yearMonth(y: number, m: number): string[] {
  return [`${y}年${m}月`, `${y}年${m}月份`, `${y}.${m}`];
}

function brand(rng: Rng): string {
  return rng.pick(BRANDS);
}

function company(rng: Rng, ctx: Ctx, trade: string, tradeShort: string): Entity {
  const b = brand(rng);
  const prefix = rng.weighted([
    ['山西', 4],
    [ctx.county.cityName, 3],
    [`${ctx.county.cityName}${ctx.county.name}`, 1],
  ] as const);
  return { full: `${prefix}${b}${trade}有限公司`, short: `${b}${tradeShort}`, site: null };
}

function estate(rng: Rng): string {
  return `${brand(rng)}${rng.pick(ESTATE_SUFFIX)}`;
}

/** A year and month 1..back·12 months before the matter reached the system. */
function past(ctx: Ctx, rng: Rng, back = 3): { y: number; m: number } {
  const k = ctx.year * 12 + (ctx.month - 1) - rng.int(1, back * 12);
  return { y: Math.floor(k / 12), m: (k % 12) + 1 };
}

const RELATIVES = ['父亲', '母亲', '妻子', '丈夫', '儿子', '女儿', '老伴'];

export const FAMILIES: Family[] = [
  {
    key: 'demolition',
    category: '城乡建设',
    altCategory: '国土资源',
    entity: (rng, ctx) =>
      rng.weighted([
        [{ full: `${ctx.county.cityName}${ctx.county.name}人民政府`, short: `${ctx.county.name}政府`, site: null }, 2],
        [{ full: `${ctx.county.cityName}${ctx.county.name}${ctx.town.name}人民政府`, short: `${ctx.town.name}政府`, site: null }, 2],
        [{ full: `${ctx.county.cityName}${ctx.county.name}房屋征收与补偿服务中心`, short: '征收办', site: null }, 1],
        [company(rng, ctx, '房地产开发', '房地产'), 2],
      ] as const),
    slots: (rng, ctx) => {
      const area = rng.int(60, 380);
      const paid = rng.int(5, 60) * 10000;
      const d = past(ctx, rng);
      return {
        project: [`${ctx.village.replace(/(村|社区)$/, '')}[棚户区改造|城中村改造|旧城改造]项目`.replace(/\[.*\]/, rng.pick(['棚户区改造', '城中村改造', '旧村改造']))],
        area: [`${area}平方米`, `${area}平米`, `${area}多平方米`],
        paid: money(paid),
        due: money(paid + rng.int(3, 40) * 10000),
        date: yearMonth(d.y, d.m),
      };
    },
    place: (ctx) => [`${ctx.county.cityName}${ctx.county.name}${ctx.town.name}${ctx.village}`, `${ctx.town.name}${ctx.village}`, ctx.village],
    titles: ['反映{project}拆迁补偿不合理问题', '关于{village}房屋拆迁补偿款的问题', '{resp}拆迁补偿不到位', '要求落实拆迁安置补偿'],
    facts: [
      { core: true, v: ['{my}家位于{town}{village}，[房屋面积|宅基地上房屋共]{area}。', '{I}是{village}村民，家里有{area}的房屋[和院落|]。', '{I}在{village}有[自建房|祖宅]一处，面积{area}。'] },
      { core: true, v: ['{date}，{resp}以{project}为由[将|把]{my}家房屋[强行|]拆除，', '{date}{project}启动，{resp}[组织人员|带人]拆除了{my}家的房子，', '{resp}在{date}实施{project}时拆了{my}家房屋，'] },
      { core: true, v: ['只[给|补偿了]{paid}，[远低于|明显低于]同村其他户的补偿标准。', '补偿款仅{paid}，按照评估应当[得到|补偿]{due}。', '至今只拿到{paid}补偿款，与{due}的评估价[相差很大|差距很大]。'] },
      { core: false, v: ['[拆迁时|当时]没有出示征收决定和评估报告。', '评估公司是{resp}[指定|找]的，评估结果{I}[不认可|不服]。', '安置房至今没有[落实|交付]，{my}一家[只能|]在外租房[居住|]。'] },
      { core: false, v: ['{I}多次找{resp}[协商|反映]，[均|都]被[推诿|推脱]。', '[先后|曾经]向{town}和{county}有关部门反映过，[没有结果|一直没有答复]。'] },
    ],
    demands: ['[请求|要求]{resp}按标准补足补偿款[，落实安置房|]。', '请领导督促{resp}依法重新评估，补偿[到位|差额]。', '要求[公开|出示]征收补偿方案，补发差额{due}。'],
  },
  {
    key: 'wages',
    category: '劳动社保',
    altCategory: '城乡建设',
    entity: (rng, ctx) =>
      rng.weighted([
        [company(rng, ctx, '建筑工程', '建筑'), 3],
        [company(rng, ctx, '劳务', '劳务公司'), 1],
        [company(rng, ctx, '煤业', '煤矿'), 1],
        [company(rng, ctx, '商贸', '商贸'), 1],
      ] as const),
    slots: (rng, ctx) => {
      const n = rng.int(3, 60);
      const months = rng.int(2, 14);
      const d = past(ctx, rng, 2);
      const site = `${estate(rng)}[项目|工地]`.replace(/\[.*\]/, rng.pick(['项目', '工地', '二期工程']));
      return {
        workers: [`${n}名工人`, `${n}个工人`, `工友${n}人`],
        months: [`${months}个月`],
        amount: money(rng.int(2, 80) * 10000 + (rng.chance(0.3) ? rng.int(1, 9) * 1000 : 0)),
        date: yearMonth(d.y, d.m),
        site: [site],
        boss: [`包工头${personName(rng)}`, `项目经理${personName(rng)}`, `负责人${personName(rng)}`],
        job: [rng.pick(['钢筋工', '木工', '瓦工', '电焊工', '小工', '司机', '井下工人', '库管'])],
      };
    },
    place: (ctx) => [`${ctx.county.cityName}${ctx.county.name}`, `${ctx.county.name}${ctx.town.name}`],
    titles: ['反映{resp}拖欠工资问题', '讨要被拖欠的农民工工资', '{site}拖欠{workers}工资', '关于{resp}欠薪的问题'],
    facts: [
      { core: true, v: ['{I}从{date}起在{resp}承建的{site}[干活|打工|务工]，[做|当]{job}，', '{date}{I}经人介绍到{site}当{job}，该工程由{resp}承建，', '{I}是{job}，{date}开始在{resp}的{site}上班，'] },
      { core: true, v: ['[共|一共]干了{months}，[公司|对方]至今拖欠{my}工资{amount}。', '{months}的工资{amount}一直[没有|未]发放。', '被拖欠[工资|工钱]{amount}，[时间|前后]长达{months}。'] },
      { core: false, v: ['和{I}一样被欠薪的还有{workers}。', '同工地{workers}都没拿到钱。'] },
      { core: false, v: ['{boss}[一直|总是]说[等工程款到位就发|年底结清]，[后来|现在][电话也不接了|人找不到了]。', '[找|问]{boss}要钱，[对方|他]以甲方没有拨款为由推脱。'] },
      { core: false, v: ['{I}[家里|家中]上有老下有小，[全靠|就靠]这份工资[生活|过日子]。', '[曾经|也]向{county}人社局[劳动监察大队|]投诉[过|]，[至今|]没有解决。'] },
    ],
    demands: ['[请求|恳请]政府[帮助|督促]{resp}[尽快|]支付拖欠的工资{amount}。', '要求{resp}[立即|]结清欠薪。', '希望[有关部门|劳动监察部门]责令{resp}[足额|]发放工资。'],
  },
  {
    key: 'property',
    category: '城乡建设',
    altCategory: '其他',
    entity: (rng, ctx) => {
      const e = company(rng, ctx, '物业管理', '物业');
      return { ...e, site: estate(rng) };
    },
    slots: (rng, ctx, e) => {
      const d = past(ctx, rng, 2);
      return {
        site: [e.site!],
        building: [`${rng.int(1, 30)}号楼${rng.int(1, 6)}单元`, `${rng.int(1, 30)}号楼`],
        fund: money(rng.int(5, 300) * 1000),
        fee: [`${(rng.int(8, 30) / 10).toFixed(1)}元每平方米`, `每平米${(rng.int(8, 30) / 10).toFixed(1)}元`],
        date: yearMonth(d.y, d.m),
        issue: [rng.pick(['电梯[经常|频繁]故障', '[楼顶|屋顶]漏水', '小区[垃圾|污水]无人清理', '地下车库积水', '[冬季|冬天]暖气不热'])],
      };
    },
    place: (ctx, e) => [`${ctx.county.cityName}${ctx.county.name}${e.site}`, `${e.site}小区`.replace('小区小区', '小区'), `${ctx.town.name}${e.site}`],
    titles: ['反映{site}物业服务问题', '{resp}擅自动用维修基金', '关于{site}物业乱收费问题', '投诉{resp}'],
    facts: [
      { core: true, v: ['{I}是{site}{building}的业主[，该小区由{resp}管理|]。', '{I}住在{county}{site}{building}，小区物业是{resp}。', '{my}家在{site}，物业公司为{resp}。'] },
      { core: true, v: ['{date}以来{issue}，{resp}[一直|]不[处理|维修]。', '小区{issue}，[业主|大家]多次报修，{resp}置之不理。', '{issue}已经[很长时间|好几个月]，物业[推诿扯皮|不管不问]。'] },
      { core: true, v: ['{resp}未经业主大会同意[擅自|]动用住宅专项维修基金{fund}。', '物业[私自|擅自]使用了维修基金{fund}，账目不公开。', '维修基金被动用{fund}，[业主|我们]不知情。'] },
      { core: false, v: ['物业费[从|]{fee}[上涨|涨价]，没有[经过|]业主同意。', '物业收费标准为{fee}，但服务[质量差|不到位]。'] },
      { core: false, v: ['{we}向街道和住建局反映过，[没有结果|问题依旧]。', '{we}要求公开账目，物业[拒绝|不予理睬]。'] },
    ],
    demands: ['[请求|要求]{resp}公开维修基金使用明细，退还[违规|]动用的{fund}。', '[请|恳请]主管部门责令{resp}[整改|履行物业服务义务]，[解决|维修]{issue}问题。', '要求更换物业公司，[返还|退还]维修基金。'],
  },
  {
    key: 'pension',
    category: '劳动社保',
    altCategory: '民政',
    entity: (rng, ctx) =>
      rng.weighted([
        [{ full: `${ctx.county.cityName}${ctx.county.name}社会保险中心`, short: `${ctx.county.name}社保中心`, site: null }, 2],
        [{ full: `${ctx.county.cityName}人力资源和社会保障局`, short: `${ctx.county.cityName.replace('市', '')}人社局`, site: null }, 1],
        [company(rng, ctx, rng.pick(['机械制造', '纺织', '焦化', '水泥']), rng.pick(['厂', '公司'])), 2],
      ] as const),
    slots: (rng, ctx) => {
      const y = rng.int(18, 38);
      const r = ctx.year - rng.int(0, 4);
      return {
        years: [`${y}年`, `${y}年多`],
        retire: [`${r}年`, `${r}年${rng.int(1, 12)}月`],
        pension: money(rng.int(12, 45) * 100),
        gap: [`${rng.int(2, 9)}年`],
        unit: [rng.pick(['原县机械厂', '原国营纺织厂', '原乡镇企业', '原县供销社', '原粮站', '原煤矿'])],
      };
    },
    place: (ctx) => [`${ctx.county.cityName}${ctx.county.name}`, ctx.county.name],
    titles: ['反映养老保险待遇核定问题', '关于{unit}职工养老金的问题', '要求补缴养老保险', '对{resp}核定的养老金不服'],
    facts: [
      { core: true, v: ['{I}[原是|曾是]{unit}职工，[累计|共]工作{years}。', '{I}在{unit}上班{years}，', '{I}{retire}退休，退休前在{unit}工作{years}，'] },
      { core: true, v: ['{retire}办理退休时，{resp}[只|仅]认定了部分工龄，中间{gap}[没有|未]计算。', '退休核定时{gap}工龄被[漏算|扣掉]，', '{resp}核定养老金时少算了{gap}的视同缴费年限，'] },
      { core: true, v: ['现在每月养老金只有{pension}，[明显|]偏低。', '每月[只领|领]{pension}，比同批退休的[工友|同事]少[很多|一大截]。', '导致每月养老金仅{pension}。'] },
      { core: false, v: ['{unit}改制时[档案|人事档案]丢失，[单位|厂里]没有给{I}补缴社保。', '原单位已经破产，[补缴|缴费]问题一直没人管。'] },
      { core: false, v: ['{I}[多次|反复]到{resp}询问，[答复|说法]前后不一。', '[年纪大了|身体不好]，[看病|生活]全靠这点钱。'] },
    ],
    demands: ['[请求|要求]{resp}重新核定工龄和养老金待遇。', '要求补算{gap}工龄，补发养老金差额。', '希望[有关部门|政府]帮助解决[补缴|养老保险]问题。'],
  },
  {
    key: 'medical',
    category: '卫生健康',
    altCategory: '政法',
    entity: (rng, ctx) => {
      const kind = rng.pick(HOSPITAL_KINDS);
      const scope = rng.chance(0.5) ? ctx.county.cityName : `${ctx.county.name}`;
      return { full: `${scope}${kind}`, short: `${scope.replace(/(市|县|区)$/, '')}${kind.replace('人民医院', '医院')}`, site: null };
    },
    slots: (rng, ctx) => {
      const d = past(ctx, rng, 2);
      return {
        relative: [rng.pick(RELATIVES)],
        op: [rng.pick(['阑尾切除手术', '胆囊切除手术', '剖宫产手术', '膝关节置换手术', '心脏支架手术', '骨折内固定手术', '输液治疗'])],
        date: [`${d.y}年${d.m}月${rng.int(1, 28)}日`, `${d.y}年${d.m}月`],
        harm: [rng.pick(['术后感染', '出现严重并发症', '抢救无效死亡', '落下残疾', '二次手术'])],
        cost: money(rng.int(2, 40) * 10000),
      };
    },
    place: (ctx) => [`${ctx.county.cityName}${ctx.county.name}`, ctx.county.cityName],
    titles: ['反映{resp}医疗事故问题', '关于{my}{relative}在{resp}治疗的医疗纠纷', '对{resp}诊疗过程有异议', '要求{resp}赔偿'],
    facts: [
      { core: true, v: ['{date}，{my}{relative}在{resp}[做|接受]{op}，', '{my}{relative}{date}[住进|入住]{resp}，[做了|进行了]{op}，', '{date}{I}陪{relative}到{resp}[就诊|看病]，医生安排{op}，'] },
      { core: true, v: ['[术后|之后]{harm}，', '[结果|没想到]{harm}，', '治疗后{harm}，'] },
      { core: true, v: ['{I}认为[医院|医生]存在[过错|明显失误]，[前后|]花去医疗费{cost}。', '医院[至今|]不承认责任，[家里|]已花费{cost}。', '[院方|医院]推卸责任，{I}家[为此|]花了{cost}。'] },
      { core: false, v: ['[病历|病历资料]有[涂改|后补]的痕迹。', '医院拒绝提供完整病历。'] },
      { core: false, v: ['{I}申请过医疗事故鉴定，对结论不服。', '卫健委[调解|协调]过一次，[没有结果|未达成一致]。'] },
    ],
    demands: ['要求{resp}[公开道歉|承担责任]并赔偿[损失|医疗费]。', '[请求|恳请]卫健部门[调查处理|依法处理]，追究相关医生责任。', '希望组织重新鉴定，[依法|]赔偿{cost}。'],
  },
  {
    key: 'school',
    category: '教育',
    altCategory: '城乡建设',
    entity: (rng, ctx) =>
      rng.weighted([
        [{ full: `${ctx.county.cityName}${ctx.county.name}教育局`, short: `${ctx.county.name}教育局`, site: null }, 2],
        [{ full: `${ctx.county.cityName}${ctx.county.name}${rng.pick(SCHOOL_KINDS)}`, short: '学校', site: null }, 2],
      ] as const),
    slots: (rng, ctx) => ({
      child: [rng.pick(['儿子', '女儿', '孙子', '外孙女'])],
      grade: [rng.pick(['一年级', '七年级', '初一', '小学一年级'])],
      home: [`${estate(rng)}`],
      year: [`${ctx.year}年`],
      reason: [rng.pick(['户籍和房产不在一起', '房产证还没办下来', '租房居住', '父母在外地务工'])],
    }),
    place: (ctx) => [`${ctx.county.cityName}${ctx.county.name}`, ctx.county.name],
    titles: ['反映孩子入学难问题', '关于{child}{grade}入学划片的问题', '{resp}不给孩子办理入学', '义务教育入学问题'],
    facts: [
      { core: true, v: ['{my}{child}{year}[该上|应上]{grade}，{my}家住{home}，', '{I}家在{home}，{child}今年升{grade}，', '{year}秋季{my}{child}[要上|升入]{grade}，家住{home}，'] },
      { core: true, v: ['按划片应在{resp}就读，但[学校|对方]以{reason}为由不予接收。', '{resp}说{reason}，不能[报名|入学]。', '因为{reason}，{resp}拒绝办理入学[手续|]。'] },
      { core: false, v: ['[同一小区|同楼]的孩子都能[入学|上]，只有{my}{child}不行。', '现在已经开学，孩子[还在家里|没学上]。'] },
      { core: false, v: ['{I}[找过|到过]{county}教育局，[让回学校|被推给学校]。'] },
    ],
    demands: ['请求[教育部门|{resp}]按政策[安排|解决]{my}{child}就近入学。', '要求[保障|落实]孩子[接受义务教育的权利|入学]。'],
  },
  {
    key: 'pollution',
    category: '生态环境',
    altCategory: '农村农业',
    entity: (rng, ctx) =>
      rng.weighted([
        [company(rng, ctx, '化工', '化工厂'), 2],
        [company(rng, ctx, '煤业', '洗煤厂'), 2],
        [company(rng, ctx, '建材', '石料厂'), 1],
        [{ full: `${ctx.town.name}${personName(rng).slice(0, 1)}某养殖场`, short: '养殖场', site: null }, 1],
        [company(rng, ctx, '焦化', '焦化厂'), 1],
      ] as const),
    slots: (rng) => ({
      what: [rng.pick(['粉尘', '黑烟', '刺鼻气味', '噪音', '污水'])],
      dist: [`${rng.int(1, 9) * 50}米`, `不到${rng.int(1, 9) * 50 + 50}米`],
      hours: [rng.pick(['夜间', '晚上十点以后', '凌晨', '全天'])],
      harm: [rng.pick(['庄稼减产', '井水发黑', '老人孩子咳嗽', '无法开窗', '鱼塘死鱼'])],
    }),
    place: (ctx) => [`${ctx.county.name}${ctx.town.name}${ctx.village}`, `${ctx.town.name}${ctx.village}`],
    titles: ['反映{resp}污染环境问题', '{village}附近企业排放{what}', '关于{resp}{hours}生产扰民的问题', '环境污染投诉'],
    facts: [
      { core: true, v: ['{I}是{town}{village}村民，村[东头|西边|南边]{dist}[外|]有[一家|个]{resp}。', '{resp}[建在|位于]{village}[附近|旁边]，距离居民区{dist}。', '{my}家住{village}，离{resp}只有{dist}。'] },
      { core: true, v: ['该企业{hours}生产，[大量|]排放{what}，', '{resp}[长期|]{hours}[偷排|排放]{what}，', '这个厂{hours}开工，{what}[非常严重|很大]，'] },
      { core: true, v: ['造成{harm}。', '[导致|致使]{harm}，[群众|村民]苦不堪言。', '{harm}，[严重影响|影响]{we}的生活。'] },
      { core: false, v: ['{we}怀疑该企业[没有|无]环评手续。', '[环保部门|生态环境局]来查过，[停了几天|检查时停产]又[恢复生产|开工]了。'] },
    ],
    demands: ['[请求|要求]生态环境部门[依法查处|彻底整治]{resp}。', '要求{resp}停止{hours}生产，[赔偿|补偿]损失。', '希望[有关部门|政府]责令该企业整改[或搬迁|]。'],
  },
  {
    key: 'village',
    category: '农村农业',
    altCategory: '纪检监察',
    entity: (_rng, ctx) => ({ full: `${ctx.county.name}${ctx.town.name}${ctx.village}村民委员会`.replace('村村民', '村民').replace('社区村民委员会', '社区居民委员会'), short: `${ctx.village}[村委会|村委]`.replace(/\[.*\]/, '村委会'), site: null }),
    slots: (rng, ctx) => {
      const y = ctx.year - rng.int(1, 6);
      return {
        official: [`村[支书|主任]${personName(rng)}`.replace(/\[.*\]/, rng.pick(['支书', '主任', '会计']))],
        money: money(rng.int(10, 400) * 10000),
        land: [`${rng.int(20, 800)}亩`],
        since: [`${y}年`, `${y}年以来`],
        item: [rng.pick(['集体土地流转费', '征地补偿款', '村集体收入', '扶贫项目资金', '低保名额'])],
      };
    },
    place: (ctx) => [`${ctx.county.name}${ctx.town.name}${ctx.village}`, `${ctx.town.name}${ctx.village}`, ctx.village],
    titles: ['反映{village}村务不公开问题', '举报{official}侵占{item}', '{village}{item}去向不明', '要求公开村级财务'],
    facts: [
      { core: true, v: ['{I}是{town}{village}村民。', '{I}系{county}{town}{village}的村民，', '{we}是{village}的村民，'] },
      { core: true, v: ['{since}村里{item}[共|约]{money}，[从未|一直没有]公开。', '村里{land}集体土地[被流转|出租]，{item}{money}[去向不明|不知去向]。', '{since}{village}的{item}{money}[没有分到村民手中|账目不清]。'] },
      { core: true, v: ['{official}[涉嫌|可能]侵占、挪用。', '[村民|大家]怀疑被{official}[私分|挪用]了。', '{official}[把持|一手把持]村务，[账目|财务]从不公开。'] },
      { core: false, v: ['{we}[多次|]要求查账，[村委会|{resp}][拒不|不予]答复。', '[向|到]{town}政府反映过，[没有下文|不了了之]。'] },
    ],
    demands: ['[请求|恳请][上级|纪检]部门[调查|彻查]{item}的去向，公开村级账目。', '要求{resp}公开财务，[追回|返还]{money}。', '希望查处{official}[的违纪违法行为|]。'],
  },
  {
    key: 'police',
    category: '政法',
    altCategory: '纪检监察',
    entity: (rng, ctx) =>
      rng.weighted([
        [{ full: `${ctx.county.cityName}公安局${ctx.county.name}分局${ctx.town.name.replace(/(街道|镇|乡)$/, '')}派出所`, short: `${ctx.town.name.replace(/(街道|镇|乡)$/, '')}派出所`, site: null }, 3],
        [{ full: `${ctx.county.cityName}${ctx.county.name}城市管理综合执法局`, short: `${ctx.county.name}城管`, site: null }, 2],
        [{ full: `${ctx.county.cityName}公安局交通警察支队${ctx.county.name}大队`, short: `${ctx.county.name}交警大队`, site: null }, 1],
      ] as const),
    slots: (rng, ctx) => {
      const d = past(ctx, rng, 1);
      return {
        date: [`${d.y}年${d.m}月${rng.int(1, 28)}日`],
        other: [personName(rng)],
        what: [rng.pick(['被人打伤', '摊位被没收', '车辆被扣押', '被盗电动车', '被诈骗'])],
        loss: money(rng.int(3, 200) * 100),
      };
    },
    place: (ctx) => [`${ctx.county.cityName}${ctx.county.name}${ctx.town.name}`, `${ctx.county.name}${ctx.town.name}`],
    titles: ['反映{resp}不作为问题', '对{resp}执法行为有异议', '{what}后{resp}迟迟不处理', '投诉{resp}'],
    facts: [
      { core: true, v: ['{date}，{I}{what}，[当即|当天]报警[，|并]找了{resp}。', '{I}于{date}{what}，向{resp}报案。', '{date}{I}在{town}{what}，'] },
      { core: true, v: ['{resp}[至今|到现在]没有[立案|处理结果]，[对方|]{other}[逍遥法外|一直没被处理]。', '[民警|执法人员]态度恶劣，[不予受理|推诿]。', '{resp}[处理不公|偏袒对方{other}]，{I}损失{loss}。'] },
      { core: false, v: ['{I}[多次|几次]去问，[都说在调查|让等通知]。', '执法人员没有出示证件，[也|]没有开具[任何|]手续。'] },
    ],
    demands: ['[请求|要求]上级[督促|责成]{resp}依法处理，给{I}一个说法。', '要求{resp}[退还|返还]财物并赔偿损失{loss}。', '[请|希望]调查执法人员的违法违纪行为。'],
  },
  {
    key: 'housing',
    category: '城乡建设',
    altCategory: '商贸旅游',
    entity: (rng, ctx) => ({ ...company(rng, ctx, '房地产开发', '地产'), site: estate(rng) }),
    slots: (rng, ctx, e) => {
      const y = ctx.year - rng.int(1, 5);
      return {
        site: [e.site!],
        bought: [`${y}年`],
        price: money(rng.int(30, 180) * 10000),
        unit: [`${rng.int(1, 30)}号楼${rng.int(1, 28)}层`, `${rng.int(1, 30)}号楼`],
        defect: [rng.pick(['墙体开裂', '卫生间漏水', '外墙脱落', '地基下沉', '窗户渗水'])],
        cert: [rng.pick(['不动产权证', '房产证', '房本'])],
      };
    },
    place: (ctx, e) => [`${ctx.county.cityName}${ctx.county.name}${e.site}`, `${e.site}`],
    titles: ['反映{site}房屋质量问题', '{site}业主办不了{cert}', '关于{resp}逾期交房及办证问题', '{resp}开发的{site}[存在质量问题|质量差]'.replace(/\[.*\]/, '存在质量问题')],
    facts: [
      { core: true, v: ['{I}于{bought}购买了{resp}开发的{site}{unit}住房，房款{price}。', '{bought}{I}花{price}在{site}买了一套房，开发商是{resp}。', '{I}是{site}{unit}的业主，{bought}[购房|买房]，开发商为{resp}，'] },
      { core: true, v: ['[入住后|收房后]发现{defect}，[开发商|{resp}]一直不[维修|处理]。', '房屋{defect}，[多次|反复]报修无果。', '{defect}问题严重，{resp}推给施工单位。'] },
      { core: false, v: ['交房[已经|][好几年|多年]，至今办不了{cert}。', '[整个小区|全小区][几百户|]都没有{cert}，开发商说手续不全。'] },
      { core: false, v: ['{we}业主[联名|一起]找过住建局，[没有结果|让找开发商]。'] },
    ],
    demands: ['[请求|要求]{resp}[尽快|]维修并赔偿损失。', '要求[有关部门|住建部门]督促{resp}为业主办理{cert}。', '希望对{site}房屋质量进行[鉴定|检测]，依法处理。'],
  },
  {
    key: 'consumer',
    category: '商贸旅游',
    altCategory: '政法',
    entity: (rng, ctx) =>
      rng.weighted([
        [company(rng, ctx, '健身服务', '健身'), 1],
        [company(rng, ctx, '教育科技', '教育'), 2],
        [company(rng, ctx, '美容美发', '美容院'), 1],
        [company(rng, ctx, '汽车销售', '4S店'), 1],
        [company(rng, ctx, '养老服务', '养老'), 1],
      ] as const),
    slots: (rng, ctx) => {
      const d = past(ctx, rng, 1);
      return {
        card: [rng.pick(['预付卡', '会员卡', '课时卡', '年卡'])],
        paid: money(rng.int(20, 600) * 100),
        left: money(rng.int(10, 400) * 100),
        date: yearMonth(d.y, d.m),
        count: [`${rng.int(20, 400)}人`, `${rng.int(20, 400)}多人`],
      };
    },
    place: (ctx) => [`${ctx.county.cityName}${ctx.county.name}`, `${ctx.county.name}${ctx.town.name}`],
    titles: ['反映{resp}卷款跑路问题', '{resp}{card}无法退费', '要求{resp}退还预付款', '消费纠纷：{resp}'],
    facts: [
      { core: true, v: ['{I}在{resp}办了{card}，[充值|交了]{paid}。', '{date}{I}在{resp}[购买|办理]{card}，花了{paid}，', '{I}[给孩子|]在{resp}报了名，缴费{paid}，'] },
      { core: true, v: ['{date}[门店|店铺]突然关门，[老板|负责人]联系不上。', '[现在|目前]{resp}[已经|]停业，余额{left}无法退还。', '{date}起{resp}[不再|停止]营业，[剩余|]{left}退不了。'] },
      { core: false, v: ['受害的[会员|家长|消费者]有{count}。', '和{I}情况一样的有{count}。'] },
      { core: false, v: ['{I}[已经|]向市场监管局投诉，[说管不了|没有结果]。'] },
    ],
    demands: ['[请求|要求]{resp}退还[剩余|]费用{left}。', '希望[市场监管|公安]部门[立案调查|介入]，追回[损失|{left}]。'],
  },
  {
    key: 'welfare',
    category: '民政',
    altCategory: '农村农业',
    entity: (_rng, ctx) => ({ full: `${ctx.county.cityName}${ctx.county.name}${ctx.town.name}人民政府`, short: `${ctx.town.name}`, site: null }),
    slots: (rng, ctx) => ({
      benefit: [rng.pick(['低保', '残疾人两项补贴', '特困供养', '高龄津贴', '临时救助'])],
      who: [rng.pick(['{my}父亲', '{my}母亲', '{my}儿子', '{my}爱人', '{my}女儿'])],
      since: [`${ctx.year - rng.int(0, 5)}年`],
      illness: [rng.pick(['患有尿毒症', '肢体二级残疾', '脑梗瘫痪在床', '癌症晚期', '智力残疾'])],
    }),
    place: (ctx) => [`${ctx.county.name}${ctx.town.name}${ctx.village}`, `${ctx.town.name}${ctx.village}`],
    titles: ['反映{benefit}被取消问题', '申请{benefit}未获批准', '关于{town}{benefit}评定不公', '要求恢复{benefit}'],
    facts: [
      { core: true, v: ['{I}家住{town}{village}，{who}{illness}，', '{I}是{village}村民，{who}{illness}，家庭困难，', '{who}{illness}，{I}一家生活困难，'] },
      { core: true, v: ['{since}[起|开始]享受的{benefit}被{resp}取消了。', '申请{benefit}，{resp}[一直不批|不予审批]。', '{since}{benefit}被停发，[没有任何|也没有]通知。'] },
      { core: false, v: ['村里有[的人家|人]条件比{I}家好却能[享受|领]{benefit}。', '评定过程不公开，[村干部|]优亲厚友。'] },
    ],
    demands: ['[请求|要求]{resp}[重新评定|恢复]{benefit}。', '希望民政部门[核查|调查]{benefit}评定情况。'],
  },
  {
    key: 'landContract',
    category: '国土资源',
    altCategory: '农村农业',
    entity: (rng, ctx) =>
      rng.weighted([
        [{ full: `${ctx.county.name}${ctx.town.name}${ctx.village}村民委员会`.replace('村村民', '村民').replace('社区村民委员会', '社区居民委员会'), short: `${ctx.village}村委会`, site: null }, 2],
        [company(rng, ctx, rng.pick(['农业开发', '光伏发电', '矿业']), rng.pick(['农业公司', '光伏', '矿上'])), 2],
      ] as const),
    slots: (rng) => ({
      mu: [`${rng.int(1, 30)}亩`, `${rng.int(1, 30)}亩多`],
      fee: money(rng.int(2, 60) * 1000),
      years: [`${rng.int(2, 12)}年`],
      crop: [rng.pick(['玉米', '谷子', '核桃树', '苹果树', '高粱'])],
    }),
    place: (ctx) => [`${ctx.county.name}${ctx.town.name}${ctx.village}`, `${ctx.town.name}${ctx.village}`],
    titles: ['反映承包地被占问题', '{resp}占用{my}家承包地', '关于{village}土地流转费拖欠问题', '土地承包经营权纠纷'],
    facts: [
      { core: true, v: ['{I}家在{village}有承包地{mu}，[有|持有]土地承包经营权证，', '{my}家{mu}承包地[种着|原种]{crop}，', '{I}是{village}村民，家里承包地{mu}，'] },
      { core: true, v: ['{resp}未经{I}同意[占用|强占]了这块地，', '[地|土地]被{resp}[推平|圈占]，{crop}全毁了，', '{resp}租用{I}家土地，'] },
      { core: true, v: ['[已经|]拖欠[土地|]流转费{fee}，长达{years}。', '至今没有[任何|]补偿，[损失|]{fee}。', '每年说好的流转费{fee}[一分没给|没有兑现]。'] },
      { core: false, v: ['{I}找{town}政府协调，[让找村里|没有结果]。', '[村干部|他们]说是上面的项目，[不让|不准]{I}问。'] },
    ],
    demands: ['[请求|要求]{resp}退还土地[或|并]支付流转费{fee}。', '希望[政府|有关部门]依法保护{my}的土地承包经营权。'],
  },
  {
    key: 'heating',
    category: '城乡建设',
    altCategory: '其他',
    entity: (rng, ctx) =>
      rng.weighted([
        [{ full: `${ctx.county.cityName}${brand(rng)}热力有限公司`, short: '热力公司', site: null }, 2],
        [{ full: `${ctx.county.cityName}${ctx.county.name}${brand(rng)}供水有限公司`, short: '自来水公司', site: null }, 1],
        [{ full: `${ctx.county.cityName}${brand(rng)}燃气有限公司`, short: '燃气公司', site: null }, 1],
      ] as const),
    slots: (rng, ctx) => ({
      site: [estate(rng)],
      temp: [`${rng.int(8, 16)}度`, `${rng.int(8, 16)}℃`],
      fee: money(rng.int(15, 40) * 100),
      season: [`${ctx.year - rng.int(0, 1)}年冬季`, `今年[采暖季|冬天]`.replace(/\[.*\]/, '采暖季')],
    }),
    place: (ctx) => [`${ctx.county.cityName}${ctx.county.name}`, ctx.county.name],
    titles: ['反映{site}供暖不达标', '{resp}收费不合理', '{season}{site}暖气不热', '关于{resp}服务问题'],
    facts: [
      { core: true, v: ['{I}住在{county}{site}，{season}室内温度只有{temp}。', '{site}小区{season}供暖[不热|不达标]，[室温|屋里]才{temp}，', '{I}家在{site}，{season}暖气[不热|温度很低]，只有{temp}。'] },
      { core: true, v: ['[已经|]交了[采暖费|费用]{fee}，{resp}[不给解决|不管]。', '{resp}收费{fee}，服务却不到位。', '打{resp}[客服|热线]电话[没人接|说正在排查]。'] },
      { core: false, v: ['家里[有老人和孩子|老人生病了]，冻得受不了。', '[整栋楼|很多住户]都是这个情况。'] },
    ],
    demands: ['[请求|要求]{resp}[尽快|]解决供暖问题，[退还|减免]部分费用。', '希望主管部门督促{resp}保证[供暖质量|服务]。'],
  },
];

export function familyByKey(key: string): Family {
  const f = FAMILIES.find((x) => x.key === key);
  if (!f) throw new Error(`no family ${key}`);
  return f;
}
