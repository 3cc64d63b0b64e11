import { KIND_WORD } from './number';
import {
  acceptanceNotice,
  appealOpinion,
  assignmentLetter,
  conversionNotice,
  extensionNotice,
  forwardingLetter,
  handlingOpinion,
  hearingNotice,
  hearingRecord,
  rejectionNotice,
  supervisionLetter,
  type NoticeMatter,
} from './notices';
import { DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, type DocumentKind, type DocumentText } from './types';

/**
 * 文书模板: what a deployment may word its own way in each kind of document. Only the parts around the statutory
 * text are editable — the closing words, fixed paragraphs of the bureau's own (a contact hint, office hours), the
 * 附注 contact line, the 落款 and the 文种代字. What the law requires a document to say (the article relied on, the
 * petitioner's right to request a review within 30 days, the receiving body's 15-day and 5-working-day duties …) is
 * composed by notices.ts and has no field here, so no template can remove it.
 */
export interface DocumentTemplate {
  /** 文种代字 in the 发文字号 (晋信**受告**〔2026〕3号): 1–4 Chinese characters, unique among the kinds. */
  kindWord: string;
  /** 结束语 (特此告知。/ 此函。); empty: none. */
  closing: string;
  /** The bureau's own fixed paragraphs, printed after the statutory text and before the closing. */
  paragraphs: string[];
  /** 附注, e.g. 联系人：王某，联系电话：0575-83012345; empty: none. */
  contact: string;
  /** 落款; {机关} stands for the issuing body's name, so one template serves every body. */
  signature: string;
  /** Print 「（印章）」 where the seal goes, for documents printed and sealed by hand. */
  seal: boolean;
}

/** The placeholder of the issuing body's name in a 落款. */
export const ISSUER_PLACEHOLDER = '{机关}';

/** The closing each kind's composer writes (notices.ts); the template replaces it. */
export const DEFAULT_CLOSINGS: Readonly<Record<DocumentKind, string>> = {
  acceptanceNotice: '特此告知。',
  rejectionNotice: '特此告知。',
  forwardingLetter: '此函。',
  assignmentLetter: '此函。',
  supervisionLetter: '此函。',
  reminderLetter: '此函。',
  adviceLetter: '此函。',
  handlingOpinion: '特此答复。',
  extensionNotice: '特此告知。',
  reviewOpinion: '特此答复。',
  reReviewOpinion: '特此告知。',
  hearingNotice: '特此通知。',
  hearingRecord: '',
  conversionNotice: '特此告知。',
};

/** What each kind must say by law and no template changes: shown beside the editable parts. */
export const STATUTORY_CONTENT: Readonly<Record<DocumentKind, string>> = {
  acceptanceNotice: '受理依据（条例第二十三条）、办理程序和期限（第三十四条或简易办理期限）、请求复查的权利和30日期限（第三十五条）',
  rejectionNotice: '不予受理的理由和所依据的条款、可以另行提出的途径（第二十三条）',
  forwardingLetter: '转送依据（第二十二条）、接收单位15日内告知信访人和5个工作日内提出异议的义务（第二十三条第三款）',
  assignmentLetter: '交办依据（第二十二条第一款第三项）、接收单位的告知和异议义务、交办期限和办结报告要求',
  supervisionLetter: '督办依据（第四十条第一款）、挂牌督办期限（第三十九条第三款）、书面反馈期限',
  reminderLetter: '督查发现的情况、挂牌督办期限、书面反馈期限',
  adviceLetter: '改进工作建议的依据和书面反馈采纳情况的期限（第四十条第四款）',
  handlingOpinion: '处理意见及其依据（第三十二条）、请求复查的权利和30日期限（第三十五条）',
  extensionNotice: '延期的理由、批准和新的办结日期（第三十四条）',
  reviewOpinion: '复查意见（第三十五条）、请求复核的权利和30日期限',
  reReviewOpinion: '复核意见（第三十六条）、同一事实和理由不再受理的告知（第三十六条第三款）',
  hearingNotice: '听证时间、地点、主持人、听证员和方式，听证时间不计入复核期限（第三十六条第二款）',
  hearingRecord: '听证情况、结论和签名栏',
  conversionNotice: '转为普通程序的理由和批准、自受理之日起60日的办理期限（第三十四条）',
};

export function defaultTemplate(kind: DocumentKind): DocumentTemplate {
  return { kindWord: KIND_WORD[kind], closing: DEFAULT_CLOSINGS[kind], paragraphs: [], contact: '', signature: ISSUER_PLACEHOLDER, seal: false };
}

/** The deployment's edited templates; a kind absent here uses `defaultTemplate`. */
export type DocumentTemplateOverrides = Partial<Record<DocumentKind, DocumentTemplate>>;

/** Every kind's template in force: the edited one, else today's texts. */
export function templatesInForce(overrides: DocumentTemplateOverrides): Record<DocumentKind, DocumentTemplate> {
  return Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, overrides[k] ?? defaultTemplate(k)])) as Record<DocumentKind, DocumentTemplate>;
}

const ONE_LINE = /[\r\n]/;

/** Why a kind's template cannot be saved, in Chinese; empty when it can. */
export function templateProblems(kind: DocumentKind, t: DocumentTemplate): string[] {
  const label = DOCUMENT_KIND_LABELS[kind];
  const problems: string[] = [];
  if (!/^[\u4e00-\u9fff]{1,4}$/u.test(t.kindWord?.trim() ?? '')) problems.push(`${label}：文种代字须为 1–4 个汉字（如「受告」）`);
  if (typeof t.closing !== 'string' || t.closing.length > 40 || ONE_LINE.test(t.closing)) problems.push(`${label}：结束语须为一行，不超过40字`);
  if (!Array.isArray(t.paragraphs) || t.paragraphs.length > 5) problems.push(`${label}：固定段落不超过5段`);
  else for (const [i, p] of t.paragraphs.entries()) if (typeof p !== 'string' || !p.trim() || p.length > 300 || ONE_LINE.test(p)) problems.push(`${label}：第${i + 1}个固定段落须为一段不超过300字的文字`);
  if (typeof t.contact !== 'string' || t.contact.length > 100 || ONE_LINE.test(t.contact)) problems.push(`${label}：附注（联系方式）须为一行，不超过100字`);
  if (typeof t.signature !== 'string' || !t.signature.trim() || t.signature.length > 60 || ONE_LINE.test(t.signature)) problems.push(`${label}：落款须为一行，1–60字（{机关}代表发文机关名称）`);
  if (typeof t.seal !== 'boolean') problems.push(`${label}：是否加印章占位须为是或否`);
  return problems;
}

/**
 * The whole set's problems: each template's, and 文种代字 that would give two documents one number. Numbers run per
 * body, kind and year whatever the word (the counter is keyed by kind), so a word must never be one another kind
 * has used: not now (`templates`), and not earlier (`usedBefore`, the words each kind had in the setting's history).
 */
export function templatesProblems(templates: Record<DocumentKind, DocumentTemplate>, usedBefore: ReadonlyArray<Partial<Record<DocumentKind, string>>> = []): string[] {
  const problems = DOCUMENT_KINDS.flatMap((k) => templateProblems(k, templates[k]));
  const owner = new Map<string, DocumentKind>();
  for (const k of DOCUMENT_KINDS) {
    const word = templates[k].kindWord?.trim();
    const other = owner.get(word);
    if (other) problems.push(`${DOCUMENT_KIND_LABELS[k]}：文种代字「${word}」已由${DOCUMENT_KIND_LABELS[other]}使用，两种文书会出现相同文号`);
    owner.set(word, k);
  }
  for (const k of DOCUMENT_KINDS) {
    const word = templates[k].kindWord?.trim();
    const earlier = usedBefore.flatMap((words) => DOCUMENT_KINDS.filter((j) => j !== k && words[j] === word));
    if (earlier.length) problems.push(`${DOCUMENT_KIND_LABELS[k]}：文种代字「${word}」曾由${DOCUMENT_KIND_LABELS[earlier[0]!]}使用，不能再用于其他文种（已发文号可能重复）`);
  }
  return [...new Set(problems)];
}

/**
 * A composed document in the template's words: the composer's closing replaced by the template's, the bureau's
 * paragraphs before it, the 附注, the 落款 and the seal placeholder. The statutory paragraphs pass unchanged.
 */
export function applyTemplate(kind: DocumentKind, text: DocumentText, t: DocumentTemplate): DocumentText {
  const composed = DEFAULT_CLOSINGS[kind];
  const body = composed && text.paragraphs.at(-1) === composed ? text.paragraphs.slice(0, -1) : text.paragraphs;
  const own = t.paragraphs.map((p) => p.trim()).filter(Boolean);
  const closing = t.closing.trim();
  const signatory = t.signature.split(ISSUER_PLACEHOLDER).join(text.issuer).trim();
  return {
    ...text,
    paragraphs: [...body, ...own, ...(closing ? [closing] : [])],
    ...(signatory && signatory !== text.issuer ? { signatory } : {}),
    ...(t.seal ? { seal: true } : {}),
    ...(t.contact.trim() ? { note: t.contact.trim() } : {}),
  };
}

const SAMPLE_MATTER: NoticeMatter = {
  number: 'XF0000002026000001',
  title: '反映小区物业公司擅自提高物业费',
  receivedOn: '2026-03-02',
  channelLabel: '来信',
  petitionerNames: ['张某'],
  regionName: '（问题属地）',
  content: '某小区物业公司自2026年1月起将物业费由每平方米1.2元提高到1.8元，未经业主大会同意。',
};

/** A sample of a kind for the template preview: invented matter and dates, the issuer's real name. */
export function sampleDocument(kind: DocumentKind, issuer: string): DocumentText {
  const m = SAMPLE_MATTER;
  const on = '2026-03-05';
  const toBody = '（接收单位）';
  const letter = { issuer, on, toBody, note: null, acceptanceDueOn: '2026-03-20', returnDueOn: '2026-03-12' };
  const opinion = { issuer, on: '2026-04-30', outcome: 'support' as const, summary: '责成物业公司按原标准收取物业费，退还多收费用', facts: '经调查，物业公司调价未经业主大会表决' };
  const plan = { heldOn: '2026-06-10', time: '09:30', place: '本机关第一会议室', presidingOfficer: '（主持人）', officers: [{ name: '（听证员）', affiliation: '律师', proposedBy: 'petitioner' as const }], participants: [], closedReason: null };
  switch (kind) {
    case 'acceptanceNotice':
      return acceptanceNotice(m, { issuer, acceptedOn: on, procedure: 'ordinary', dueOn: '2026-05-04', handlerBody: issuer });
    case 'rejectionNotice':
      return rejectionNotice(m, { issuer, on, reason: '该事项应当通过诉讼途径解决', article: '《信访工作条例》第三十一条', advice: '依法向人民法院提起诉讼' });
    case 'forwardingLetter':
      return forwardingLetter(m, letter);
    case 'assignmentLetter':
      return assignmentLetter(m, { ...letter, dueOn: '2026-05-04' });
    case 'supervisionLetter':
    case 'reminderLetter':
    case 'adviceLetter':
      return supervisionLetter(m, { kind, issuer, on, toBody, reason: '已超过法定办理期限，至今未出具处理意见', replyDueOn: '2026-03-20', listedDueOn: null });
    case 'handlingOpinion':
      return handlingOpinion(m, opinion);
    case 'extensionNotice':
      return extensionNotice(m, { issuer, on, days: 30, reason: '情况复杂，需要进一步调查核实', dueOn: '2026-06-03' });
    case 'reviewOpinion':
    case 'reReviewOpinion':
      return appealOpinion(m, { ...opinion, stage: kind === 'reviewOpinion' ? 'review' : 'reReview', requestedOn: '2026-05-10' });
    case 'hearingNotice':
      return hearingNotice(m, { issuer, on: '2026-06-01', requestedOn: '2026-05-20', plan });
    case 'hearingRecord':
      return hearingRecord(m, { issuer, on: '2026-06-10', plan, outcome: { record: '信访人陈述了请求和理由，原办理机关说明了处理经过', conclusion: '复查意见认定事实清楚', petitionerAttended: true, withdrawn: false } });
    case 'conversionNotice':
      return conversionNotice(m, { issuer, on, reason: '案情复杂，不宜简易办理', acceptedOn: '2026-03-03', dueOn: '2026-05-04' });
  }
}
