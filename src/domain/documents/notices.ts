import { OUTCOME_LABELS } from '../lifecycle/labels';
import type { AppealDisposition, HearingOutcome, HearingPlan, RedirectChannel } from '../lifecycle/types';
import { officialDate } from './number';
import type { DocumentText, SignOffLine } from './types';

/**
 * Texts of the acceptance office's notices and letters under 《信访工作条例》(2022). Articles are quoted from
 * shared/reference/信访工作条例-2022.md; a change of wording there is a change here.
 *
 * The matter carries names only: a petitioner's ID number, phone and address have no field here, and numbers that
 * look like them are masked in the free text (a petitioner often writes a phone number into the letter itself).
 */
export interface NoticeMatter {
  /** 事项编号 (XF…). */
  number: string;
  title: string;
  receivedOn: string;
  /** How it came in, as the UI labels it: 来信, 来访, 网上信访 … */
  channelLabel: string;
  petitionerNames: string[];
  /** Where the problem arose (问题属地). */
  regionName: string;
  content: string;
}

export interface AcceptanceDetails {
  issuer: string;
  acceptedOn: string;
  procedure: 'simple' | 'ordinary';
  /** The handling deadline: 60 days (ordinary) or 10 working days (simple) from acceptance. */
  dueOn: string;
  handlerBody: string;
  /**
   * The simple procedure's time limit as configured (the handling clock's own): the notice states it rather than a
   * fixed 10 working days, so a deployment that sets another limit tells the petitioner the limit it counts.
   */
  simpleLimit?: { unit: 'days' | 'workingDays'; amount: number };
}

export interface RejectionDetails {
  issuer: string;
  on: string;
  /** Why, as a clause that follows “经审查，”: '该事项已由太原市小店区人民政府受理，尚在办理期限内'. */
  reason: string;
  /** The provision relied on, e.g. 《信访工作条例》第十九条第三款. */
  article: string;
  /** Where to go instead, as a clause that follows “你可以”: '依法向太原市小店区人民法院提起诉讼'. */
  advice?: string | null;
  /**
   * 越级访 (Art. 19 ¶3): the matter already in hand and the body handling it. The notice names both, so the petitioner
   * knows whom to ask; it replaces the generic advice.
   */
  inHand?: { body: string; matterNumber: string } | null;
}

export interface ForwardingDetails {
  issuer: string;
  on: string;
  toBody: string;
  note?: string | null;
  /** 15 days from receipt to tell the petitioner (Art. 23 ¶3). */
  acceptanceDueOn: string;
  /** 5 working days from receipt to object (Art. 23 ¶3). */
  returnDueOn: string;
}

export interface AssignmentDetails extends ForwardingDetails {
  /** 交办期限: the deadline for the result and the 办结报告 (Art. 22 ¶1 (三)). */
  dueOn: string;
}

/*
 * Contact numbers a petitioner writes into free text. An ID number is 18 digits (the last may be X) or the old 15;
 * not when it is part of a longer run of digits or runs into letters, nor right after XF/XJ (matter and petition numbers).
 * A mobile is 11 digits from 13–19, maybe grouped 3-4-4 by spaces or dashes and led by +86/0086/86; a landline needs
 * its area code (0351-7654321, （0351）7654321). Amounts, dates and shorter numbers do not look like either.
 */
const ID_LIKE = /(?<![0-9]|[Xx][FfJj])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const MOBILE_LIKE = /(?<!\d)(?:[(（]?(?:\+|00)?86[)）]?[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g;
const LANDLINE_LIKE = /(?<!\d)[(（]?0\d{2,3}[)）]?[\s-]?[2-9]\d{6,7}(?!\d)/g;

/**
 * Masks ID numbers and phone numbers a petitioner wrote into free text; other numbers (amounts, dates, matter
 * numbers) stay. Used wherever free text leaves for someone not entitled to the petitioner's personal data: the
 * notices and letters, the public 复核意见公示, and the matter views of staff without `petitioner.pii.read`.
 */
/**
 * Replaces the given people's names in a text meant for the public with the customary 「王某」 (surname + 某; for a
 * two-character compound surname such as 欧阳, the two characters). Longest names first, so 王建国 is not left as
 * 王某国 by a shorter namesake; single-character names are left (they would hit ordinary words).
 */
export function redactNames(text: string, names: readonly string[]): string {
  const list = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const name of list) {
    const surname = COMPOUND_SURNAMES.has(name.slice(0, 2)) && name.length > 2 ? name.slice(0, 2) : name.slice(0, 1);
    out = out.split(name).join(`${surname}某`);
  }
  return out;
}

const COMPOUND_SURNAMES = new Set(['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '令狐', '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '百里']);

export function redactContactNumbers(text: string): string {
  return text.replace(ID_LIKE, '［身份证号码略］').replace(MOBILE_LIKE, '［电话号码略］').replace(LANDLINE_LIKE, '［电话号码略］');
}

/** A notice must reach someone: one without a named petitioner has no addressee and no one to tell. */
function names(m: NoticeMatter): string[] {
  const list = m.petitionerNames.map((n) => n.trim()).filter(Boolean);
  if (list.length === 0) throw new RangeError(`matter ${m.number} has no named petitioner`);
  return list;
}

/** The addressee of a notice names every petitioner: “张三、李四：”. */
function petitionerAddressee(m: NoticeMatter): string {
  return `${names(m).join('、')}：`;
}

/** How a letter to a body refers to the petitioners: a long joint letter is “张三等12人”. */
function petitionerRef(m: NoticeMatter): string {
  const list = names(m);
  return list.length <= 3 ? list.join('、') : `${list[0]}等${list.length}人`;
}

function you(m: NoticeMatter): string {
  return names(m).length > 1 ? '你们' : '你';
}

/** Closes a clause as a sentence, so callers may write their parts with or without the final 。. */
function sentence(text: string): string {
  const t = text.trim();
  return /[。！？…][”’」）)]*$/.test(t) ? t : `${t.replace(/[，、；：,;:.]+$/, '')}。`;
}

/** A document paragraph is one line: the line breaks of a letter's transcript carry no meaning in Chinese text. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, '');
}

/** A clause to be embedded in a sentence of ours, without its own closing punctuation. */
function clause(text: string): string {
  return text.trim().replace(/[。！？，、；：,;:.!?]+$/, '');
}

/**
 * The title is quoted as a whole and followed by 信访事项, because titles come in any shape (反映…问题, 要求…,
 * 对…不服) and “反映的‘反映…’问题” would not read.
 */
function quotedTitle(m: NoticeMatter): string {
  return `“${redactContactNumbers(clause(oneLine(m.title)))}”信访事项`;
}

/** “你于2026年11月3日通过来信提出的“……”信访事项（事项编号：XF…）”. */
function matterRef(m: NoticeMatter, who: string): string {
  return `${who}于${officialDate(m.receivedOn)}通过${m.channelLabel}提出的${quotedTitle(m)}（事项编号：${m.number}）`;
}

/** “一、……”: the numbered points of a notice. */
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
function numbered(points: string[]): string[] {
  return points.map((p, i) => `${ORDINALS[i] ?? String(i + 1)}、${p}`);
}

const REVIEW_RIGHT = '对处理意见不服的，可以自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查';

/**
 * 受理告知书: Art. 23 requires telling the petitioner in writing that the matter was received and how it will be
 * handled (途径和程序); the time limit is Art. 34 (60 days) or the simple procedure's 10 working days.
 */
export function acceptanceNotice(m: NoticeMatter, d: AcceptanceDetails): DocumentText {
  const ni = you(m);
  const handler = d.handlerBody === d.issuer ? '本机关' : d.handlerBody;
  const procedure =
    d.procedure === 'ordinary'
      ? [
          `${handler}将按照普通程序办理该信访事项，听取${ni}陈述事实和理由，调查核实后出具信访处理意见书，并书面答复${ni}。`,
          `根据《信访工作条例》第三十四条的规定，该信访事项应当自受理之日起60日内办结，即于${officialDate(d.dueOn)}前办结；情况复杂的，经${handler}负责人批准，可以适当延长办理期限，但延长期限不得超过30日，并告知${ni}延期理由。`,
        ]
      : [
          `根据《信访事项简易办理办法（试行）》的规定，${handler}将按照简易程序办理该信访事项，自受理之日起${limitZh(d.simpleLimit ?? { unit: 'workingDays', amount: 10 })}内，即于${officialDate(d.dueOn)}前作出处理意见并答复${ni}。`,
          `经审查不宜简易办理的，经${handler}负责人批准，转为普通程序办理，办理期限自受理之日起计算，并另行告知${ni}。`,
        ];
  return {
    title: '信访事项受理告知书',
    addressee: petitionerAddressee(m),
    paragraphs: [
      `${matterRef(m, ni)}，属于${d.handlerBody}职权范围，${handler}已于${officialDate(d.acceptedOn)}依法受理。根据《信访工作条例》第二十三条的规定，现将处理途径和程序告知如下：`,
      ...numbered([
        ...procedure,
        `根据《信访工作条例》第三十五条的规定，${ni}${REVIEW_RIGHT}。`,
        `${ni}可以通过信访信息系统查询该信访事项的办理情况，并对办理情况作出评价。`,
      ]),
      '特此告知。',
    ],
    issuer: d.issuer,
    issuedOn: d.acceptedOn,
    cc: null,
  };
}

/** 10个工作日 / 15日: a time limit as a notice writes it. */
function limitZh(limit: { unit: 'days' | 'workingDays'; amount: number }): string {
  return `${limit.amount}${limit.unit === 'workingDays' ? '个工作日' : '日'}`;
}

/** 不予受理告知书: the reason and the provision, then where the petitioner can go instead (Art. 23 ¶1). */
export function rejectionNotice(m: NoticeMatter, d: RejectionDetails): DocumentText {
  const ni = you(m);
  const advice = d.inHand
    ? `该事项已作为信访事项（编号：${d.inHand.matterNumber}）由${d.inHand.body}受理或者办理，尚在规定期限内。${ni}可以向${d.inHand.body}了解办理进展。`
    : d.advice?.trim()
      ? `${ni}可以${clause(d.advice)}。`
      : null;
  return {
    title: '信访事项不予受理告知书',
    addressee: petitionerAddressee(m),
    paragraphs: [
      `${matterRef(m, ni)}，经审查，${clause(d.reason)}。根据${clause(d.article)}的规定，本机关决定不予受理。`,
      ...(advice ? [advice] : []),
      '特此告知。',
    ],
    issuer: d.issuer,
    issuedOn: d.on,
    cc: null,
  };
}

export interface RedirectionDetails {
  issuer: string;
  on: string;
  toBody: string;
  channel: RedirectChannel;
  note?: string | null;
}

/** The matter as a letter to a body presents it: who, when, how, what, and the petitioner's own words. */
function letterOpening(m: NoticeMatter): string {
  return `${petitionerRef(m)}于${officialDate(m.receivedOn)}通过${m.channelLabel}提出${quotedTitle(m)}（事项编号：${m.number}；问题属地：${m.regionName}）。主要内容：${sentence(redactContactNumbers(oneLine(m.content)))}`;
}

/** Art. 23 ¶3 binds the receiving body of a forwarded or assigned matter alike. */
function receiptDuties(d: ForwardingDetails): string[] {
  return [
    `根据《信访工作条例》第二十三条第三款的规定，该信访事项属于你单位职权范围的，请自收到之日起15日内，即于${officialDate(d.acceptanceDueOn)}前，书面告知信访人接收情况以及处理途径和程序。`,
    `不属于你单位或者本系统职权范围的，请自收到之日起5个工作日内，即于${officialDate(d.returnDueOn)}前提出异议，并详细说明理由，经本机关核实同意后，交还相关材料。`,
  ];
}

function noteParagraphs(note: string | null | undefined): string[] {
  return note?.trim() ? [sentence(note)] : [];
}

/** 转送函: Art. 22 ¶1 (一)(二) send the matter to the competent body; no result report is asked for. */
export function forwardingLetter(m: NoticeMatter, d: ForwardingDetails): DocumentText {
  return {
    title: `关于转送${petitionerRef(m)}信访事项的函`,
    addressee: `${d.toBody}：`,
    paragraphs: [
      letterOpening(m),
      '根据《信访工作条例》第二十二条第一款第一项、第二项关于转送有权处理的机关、单位的规定，按照“属地管理、分级负责，谁主管、谁负责”的原则，现将该信访事项转送你单位，请依规依法处理。',
      ...receiptDuties(d),
      ...noteParagraphs(d.note),
      '此函。',
    ],
    issuer: d.issuer,
    issuedOn: d.on,
    attachments: [`信访事项材料（${m.number}）`],
    cc: null,
  };
}

/** 交办函: Art. 22 ¶1 (三) hands the matter over with a deadline for the result and a 办结报告. */
export function assignmentLetter(m: NoticeMatter, d: AssignmentDetails): DocumentText {
  return {
    title: `关于交办${petitionerRef(m)}信访事项的函`,
    addressee: `${d.toBody}：`,
    paragraphs: [
      letterOpening(m),
      '根据《信访工作条例》第二十二条第一款第三项的规定，现将该信访事项交由你单位办理。',
      ...receiptDuties(d),
      `请你单位于${officialDate(d.dueOn)}前办结，向本机关反馈办理结果，并提交办结报告。办结报告应当写明信访人的诉求、调查核实情况、处理意见及其依据，以及答复信访人的情况。`,
      ...noteParagraphs(d.note),
      '此函。',
    ],
    issuer: d.issuer,
    issuedOn: d.on,
    attachments: [`信访事项材料（${m.number}）`],
    cc: null,
  };
}

/** Why the matter leaves the petition procedure, in the words of the article that sends it. */
const REDIRECTION_BASIS: Readonly<Record<RedirectChannel, string[]>> = {
  legalAffairs: [
    '根据《信访工作条例》第二十二条第二款和第二十八条第二款的规定，按照诉讼与信访分离制度要求，该信访事项涉及诉讼权利救济，现转送你单位依法处理。',
  ],
  discipline: [
    '根据《信访工作条例》第二十二条第二款的规定，该信访事项属于检举控告类事项，现按照管理权限转送你单位依规依纪依法处理。',
    '根据《信访工作条例》第三十条第三款的规定，不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位。',
  ],
  statutoryProcedure: [
    '根据《信访工作条例》第三十一条的规定，该信访事项应当通过相应的法定程序解决，现转送你单位，请导入相应程序处理。',
  ],
};

/**
 * 转送函 of 诉访分离 (Art. 22 ¶2, Art. 28 ¶2) and of the other statutory procedures (Art. 31): the receiving body
 * tells the petitioner under its own rules (Art. 23 ¶4), so the letter sets no petition-procedure dates.
 */
export function redirectionLetter(m: NoticeMatter, d: RedirectionDetails): DocumentText {
  const telling =
    d.channel === 'statutoryProcedure'
      ? '请将处理途径告知信访人。'
      : '根据《信访工作条例》第二十三条第四款的规定，对信访人的告知按照有关规定执行。';
  return {
    title: `关于转送${petitionerRef(m)}信访事项的函`,
    addressee: `${d.toBody}：`,
    paragraphs: [letterOpening(m), ...REDIRECTION_BASIS[d.channel], telling, ...noteParagraphs(d.note), '此函。'],
    issuer: d.issuer,
    issuedOn: d.on,
    attachments: [`信访事项材料（${m.number}）`],
    cc: null,
  };
}

export interface SupervisionLetterDetails {
  kind: 'supervisionLetter' | 'reminderLetter' | 'adviceLetter';
  issuer: string;
  on: string;
  toBody: string;
  /** What the office found, as a clause: '已超过法定办理期限，至今未出具处理意见'. */
  reason: string;
  replyDueOn: string;
  /** 挂牌督办 (Art. 39 ¶3) and the date it sets. */
  listedDueOn: string | null;
}

/**
 * 督办函 / 提醒函 / 建议函 (Art. 40): the office states what it found and the date by which the body answers in writing.
 * A 建议函 carries Art. 40's 改进工作建议, whose adoption must be reported in writing (Art. 40 ¶4).
 */
export function supervisionLetter(m: NoticeMatter, d: SupervisionLetterDetails): DocumentText {
  const found = sentence(d.reason).replace(/^该信访事项/, '');
  const reply = `请你单位于${officialDate(d.replyDueOn)}前将办理情况书面反馈本机关。`;
  const listed = d.listedDueOn
    ? [`根据《信访工作条例》第三十九条第三款的规定，决定对该信访事项挂牌督办，请你单位于${officialDate(d.listedDueOn)}前办结。`]
    : [];
  const bodies: Record<SupervisionLetterDetails['kind'], { title: string; paragraphs: string[] }> = {
    supervisionLetter: {
      title: `关于督办${petitionerRef(m)}信访事项的函`,
      paragraphs: [
        `经督查，该信访事项${found}根据《信访工作条例》第四十条第一款的规定，现予督办。`,
        ...listed,
        `请你单位高度重视，依规依法、及时就地解决信访人的合理诉求。${reply}`,
      ],
    },
    reminderLetter: {
      title: `关于提醒办理${petitionerRef(m)}信访事项的函`,
      paragraphs: [`经督查，该信访事项${found}现予提醒。`, ...listed, `请你单位严格按照《信访工作条例》规定的时限依规依法办理。${reply}`],
    },
    adviceLetter: {
      title: `关于${petitionerRef(m)}信访事项的改进工作建议函`,
      paragraphs: [
        `在督查该信访事项中发现，${found}根据《信访工作条例》第四十条第一款的规定，建议你单位改进相关工作。`,
        ...listed,
        `根据《信访工作条例》第四十条第四款的规定，请你单位于${officialDate(d.replyDueOn)}前书面反馈采纳情况。`,
      ],
    },
  };
  const body = bodies[d.kind];
  return {
    title: body.title,
    addressee: `${d.toBody}：`,
    paragraphs: [letterOpening(m), ...body.paragraphs, '此函。'],
    issuer: d.issuer,
    issuedOn: d.on,
    attachments: [],
    cc: null,
  };
}

export type OpinionOutcome = 'support' | 'explain' | 'notSupport';

/** Art. 32 (一)–(三), word for word: what each outcome means. */
const OUTCOME_TEXT: Readonly<Record<OpinionOutcome, string>> = {
  support: '请求事实清楚，符合法律、法规、规章或者其他有关规定，予以支持',
  explain: '请求事由合理但缺乏法律依据，作出解释说明',
  notSupport: '请求缺乏事实根据或者不符合法律、法规、规章或者其他有关规定，不予支持',
};

export interface OpinionDetails {
  issuer: string;
  on: string;
  outcome: OpinionOutcome;
  /** The opinion in the body's words (what it decided and will do). */
  summary: string;
  /** 投诉请求; defaults to the matter's title. */
  request?: string | null;
  /** 事实和理由 as investigated. */
  facts?: string | null;
  /** 法律法规依据. */
  legalBasis?: string | null;
  /** 签批, in chain order. */
  signOff?: SignOffLine[];
}

/** The opinion under review as an appeal opinion names it: who gave it, when, with what outcome. */
export interface ReviewedOpinion {
  issuer: string;
  on: string;
  outcome: OpinionOutcome;
}

/** What an appeal opinion adds to the opinion's points: the petitioner's reasons and the disposition. */
interface AppealPoints {
  stage: 'review' | 'reReview';
  reasons?: string | null;
  disposition?: AppealDisposition | null;
  reviewed?: ReviewedOpinion | null;
}

/** “维持太原市小店区住房和城乡建设局2026年12月1日作出的处理意见（解释说明）”. */
function dispositionClause(kind: AppealDisposition, reviewed: ReviewedOpinion, noun: string, outcome: OpinionOutcome): string {
  const what = `${reviewed.issuer}${officialDate(reviewed.on)}作出的${noun}`;
  const was = OUTCOME_LABELS[reviewed.outcome];
  if (kind === 'uphold') return `维持${what}（${was}）`;
  if (kind === 'revoke') return `撤销${what}（${was}）`;
  return `将${what}由“${was}”变更为“${OUTCOME_LABELS[outcome]}”`;
}

function opinionPoints(m: NoticeMatter, d: OpinionDetails, appeal?: AppealPoints): string[] {
  const request = `信访请求：${sentence(redactContactNumbers(oneLine(d.request?.trim() || clause(oneLine(m.title)))))}`;
  const review = appeal?.stage === 'review';
  const reasons = appeal?.reasons?.trim() ? `请求${review ? '复查' : '复核'}的理由：${sentence(redactContactNumbers(oneLine(appeal.reasons)))}` : '';
  const words = d.summary.trim() ? sentence(redactContactNumbers(oneLine(d.summary))) : '';
  const verdict = appeal
    ? `${review ? '复查' : '复核'}意见：经${review ? '复查' : '复核'}，${
        appeal.disposition && appeal.reviewed ? `${dispositionClause(appeal.disposition, appeal.reviewed, review ? '处理意见' : '复查意见', d.outcome)}。` : ''
      }${OUTCOME_TEXT[d.outcome]}。${words}`
    : `处理意见：经调查核实，${OUTCOME_TEXT[d.outcome]}。${words}`;
  return numbered([
    `${request}${reasons}`,
    ...(d.facts?.trim() ? [`事实和理由：${sentence(redactContactNumbers(oneLine(d.facts)))}`] : []),
    verdict,
    ...(d.legalBasis?.trim() ? [`法律法规依据：${sentence(oneLine(d.legalBasis))}`] : []),
  ]);
}

/**
 * 信访处理意见书 (Art. 32): the request, the facts and reasons, the opinion with its legal basis, then the review route
 * and its 30 days (Art. 35).
 */
export function handlingOpinion(m: NoticeMatter, d: OpinionDetails): DocumentText {
  const ni = you(m);
  return {
    title: '信访事项处理意见书',
    addressee: petitionerAddressee(m),
    paragraphs: [
      `${matterRef(m, ni)}，本机关已依法受理并调查核实。根据《信访工作条例》第三十二条的规定，现出具处理意见如下：`,
      ...opinionPoints(m, d),
      `${ni}${REVIEW_RIGHT}。`,
      '特此答复。',
    ],
    issuer: d.issuer,
    issuedOn: d.on,
    cc: null,
    ...(d.signOff?.length ? { signOff: d.signOff } : {}),
  };
}

export interface ExtensionDetails {
  issuer: string;
  on: string;
  days: number;
  reason: string;
  /** The new due date of the handling clock. */
  dueOn: string;
}

/** 延期办理告知书 (Art. 34): the head approved an extension; the petitioner is told the reason and the new date. */
export function extensionNotice(m: NoticeMatter, d: ExtensionDetails): DocumentText {
  const ni = you(m);
  return {
    title: '信访事项延期办理告知书',
    addressee: petitionerAddressee(m),
    paragraphs: [
      `${matterRef(m, ni)}，因${clause(oneLine(d.reason))}，经本机关负责人批准，根据《信访工作条例》第三十四条的规定，办理期限延长${d.days}日，将于${officialDate(d.dueOn)}前办结并书面答复${ni}。`,
      '特此告知。',
    ],
    issuer: d.issuer,
    issuedOn: d.on,
    cc: null,
  };
}

export interface ConversionDetails {
  issuer: string;
  on: string;
  reason: string;
  /** The original acceptance date: the ordinary 60 days count from it. */
  acceptedOn: string;
  /** The handling clock's due date under the ordinary procedure. */
  dueOn: string;
}

/**
 * 转为普通程序告知书 (《信访事项简易办理办法（试行）》): the head approved handling the matter under the ordinary procedure
 * after all; the petitioner is told why, and that the 60 days count from the original acceptance, not from today.
 */
export function conversionNotice(m: NoticeMatter, d: ConversionDetails): DocumentText {
  const ni = you(m);
  return {
    title: '信访事项转为普通程序办理告知书',
    addressee: petitionerAddressee(m),
    paragraphs: [
      `${matterRef(m, ni)}，本机关已于${officialDate(d.acceptedOn)}受理并按照简易程序办理。因${clause(oneLine(d.reason))}，经本机关负责人批准，根据《信访事项简易办理办法（试行）》的规定，该信访事项转为普通程序办理。`,
      `根据《信访工作条例》第三十四条的规定，办理期限自受理之日起计算为60日，即于${officialDate(d.dueOn)}前办结并书面答复${ni}。`,
      '特此告知。',
    ],
    issuer: d.issuer,
    issuedOn: d.on,
    cc: null,
  };
}

/**
 * 复查意见书 (Art. 35) and 复核意见书 (Art. 36): the appeal body's opinion; after a review the petitioner may ask the
 * next level within 30 days; after a re-review the same facts and reasons are not accepted again (Art. 36 ¶3).
 */
export function appealOpinion(
  m: NoticeMatter,
  d: OpinionDetails & {
    stage: 'review' | 'reReview';
    requestedOn: string;
    /** 请求复查 / 复核的理由, as the petitioner gave them: printed under 信访请求. */
    requestReasons?: string | null;
    /** 维持 / 撤销 / 变更 of `reviewed`; absent for an opinion drafted before dispositions were recorded. */
    disposition?: AppealDisposition | null;
    reviewed?: ReviewedOpinion | null;
  },
): DocumentText {
  const ni = you(m);
  const review = d.stage === 'review';
  return {
    title: review ? '信访事项复查意见书' : '信访事项复核意见书',
    addressee: petitionerAddressee(m),
    paragraphs: [
      `${ni}对${quotedTitle(m)}（事项编号：${m.number}）的${review ? '处理意见' : '复查意见'}不服，于${officialDate(d.requestedOn)}向本机关请求${review ? '复查' : '复核'}。根据《信访工作条例》第${review ? '三十五' : '三十六'}条的规定，经${review ? '复查' : '复核'}，现提出${review ? '复查' : '复核'}意见如下：`,
      ...opinionPoints(m, d, { stage: d.stage, reasons: d.requestReasons ?? null, disposition: d.disposition ?? null, reviewed: d.reviewed ?? null }),
      review
        ? `${ni}对复查意见不服的，可以自收到书面答复之日起30日内向本机关的上一级机关、单位请求复核。`
        : `根据《信访工作条例》第三十六条第三款的规定，${ni}对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理。`,
      review ? '特此答复。' : '特此告知。',
    ],
    issuer: d.issuer,
    issuedOn: d.on,
    cc: null,
    ...(d.signOff?.length ? { signOff: d.signOff } : {}),
  };
}

const OFFICER_SOURCE: Readonly<Record<HearingPlan['officers'][number]['proposedBy'], string>> = { petitioner: '信访人推荐', body: '听证机关推荐' };
const PARTICIPANT_ROLE: Readonly<Record<HearingPlan['participants'][number]['role'], string>> = {
  petitioner: '信访人',
  agent: '代理人',
  interestedParty: '利害关系人',
  handlingStaff: '原办理机关工作人员',
  other: '其他参加人',
};

/** “钱某（律师，信访人推荐）、孙某（人大代表，听证机关推荐）”. */
function officerList(plan: HearingPlan): string {
  return plan.officers.map((o) => `${o.name.trim()}（${[o.affiliation?.trim(), OFFICER_SOURCE[o.proposedBy]].filter(Boolean).join('，')}）`).join('、');
}

function hearingWhen(plan: HearingPlan): string {
  return `${officialDate(plan.heldOn)}${plan.time ? ` ${plan.time}` : ''}`;
}

export interface HearingNoticeDetails {
  issuer: string;
  /** The notice's date: the hearing's time is not counted from it (Art. 36 ¶2). */
  on: string;
  /** When the re-review was requested. */
  requestedOn: string;
  plan: HearingPlan;
}

/**
 * 听证通知书 (Art. 31 (六), Art. 36 ¶2): when and where, who presides, the officers chosen jointly with the petitioner
 * (seed 001), whether it is public, and that the hearing's time is not counted in the re-review time limit.
 */
export function hearingNotice(m: NoticeMatter, d: HearingNoticeDetails): DocumentText {
  const ni = you(m);
  const p = d.plan;
  const moved = p.rescheduled?.at(-1);
  return {
    title: '信访事项听证通知书',
    addressee: petitionerAddressee(m),
    paragraphs: [
      `${ni}对${quotedTitle(m)}（事项编号：${m.number}）的复查意见不服，于${officialDate(d.requestedOn)}向本机关请求复核。根据《信访工作条例》第三十一条第六项和第三十六条第二款的规定，本机关决定就该信访事项举行听证。现将有关事项通知如下：`,
      ...(moved ? [`原定于${officialDate(moved.from)}举行的听证，因${clause(oneLine(moved.reason))}，改期举行。`] : []),
      ...numbered([
        `听证时间：${hearingWhen(p)}。`,
        `听证地点：${sentence(oneLine(p.place))}`,
        `听证主持人：${sentence(p.presidingOfficer.trim())}`,
        `听证员：${officerList(p)}。听证员由${ni}与本机关共同选定。`,
        p.closedReason?.trim() ? `听证方式：因${clause(oneLine(p.closedReason))}，不公开举行。` : '听证方式：公开举行。',
        `请${ni}按时参加，并携带身份证件和有关证据材料；委托代理人参加的，请提交授权委托书。因故不能按时参加的，请在听证举行前告知本机关。`,
        '根据《信访工作条例》第三十六条第二款的规定，听证所需时间不计算在复核期限内。',
      ]),
      '特此通知。',
    ],
    issuer: d.issuer,
    issuedOn: d.on,
    cc: null,
  };
}

export interface HearingRecordDetails {
  issuer: string;
  /** The day the hearing ended (or was withdrawn). */
  on: string;
  /** Absent for a hearing recorded before hearings had a notice. */
  plan: HearingPlan | null;
  outcome: HearingOutcome;
}

/**
 * 听证笔录: who sat, who attended, what was said in summary, and the conclusion the officers reached; for a withdrawn
 * hearing, how it was withdrawn. It has no addressee; the signatures of the officers, the petitioner and the clerk
 * go on the printed copy.
 */
export function hearingRecord(m: NoticeMatter, d: HearingRecordDetails): DocumentText {
  const p = d.plan;
  const o = d.outcome;
  const others = p?.participants.map((x) => `${x.name.trim()}（${PARTICIPANT_ROLE[x.role]}）`) ?? [];
  const head = [
    `听证事项：${petitionerRef(m)}对${quotedTitle(m)}（事项编号：${m.number}）的复查意见不服，请求复核。`,
    ...(p
      ? [
          `听证时间：${hearingWhen(p)}。`,
          `听证地点：${sentence(oneLine(p.place))}`,
          `听证主持人：${sentence(p.presidingOfficer.trim())}`,
          `听证员：${officerList(p)}。`,
          ...(others.length ? [`其他参加人：${others.join('、')}。`] : []),
          p.closedReason?.trim() ? `听证方式：不公开（${clause(oneLine(p.closedReason))}）。` : '听证方式：公开。',
        ]
      : []),
  ];
  const body = o.withdrawn
    ? [`听证未举行：${sentence(redactContactNumbers(oneLine(o.record)))}`]
    : [
        `信访人到场情况：${o.petitionerAttended === false ? '信访人未到场' : '信访人到场'}。`,
        `听证情况：${sentence(redactContactNumbers(oneLine(o.record)))}`,
        `听证结论：${sentence(redactContactNumbers(oneLine(o.conclusion ?? '')))}`,
        '听证员、信访人及其他参加人核对笔录无误后签名：',
        '听证员（签名）：　　　　　　信访人（签名）：　　　　　　记录人（签名）：',
      ];
  return {
    title: o.withdrawn ? '信访事项听证终止记录' : '信访事项听证笔录',
    addressee: '',
    paragraphs: [...head, ...body],
    issuer: d.issuer,
    issuedOn: d.on,
    cc: null,
  };
}
