// zh-CN labels for the codes the dispatch and handling API sends without a label of its own. They repeat the
// server's label tables (src/domain/lifecycle/labels.ts, src/domain/classification) word for word; an unknown code
// is shown as it is.

export const REDIRECT_CHANNEL_LABELS: Record<string, string> = {
  legalAffairs: '政法部门（诉访分离）',
  discipline: '纪检监察机关',
  statutoryProcedure: '其他法定途径（仲裁、行政复议等）',
};

/**
 * The kind of body each redirect channel leads to (the server checks it: src/modules/dispatch/prepare.ts). The
 * picker only narrows its list with it; `null` = any body with authority.
 */
export const REDIRECT_BODY_KIND: Record<string, string | null> = {
  legalAffairs: 'legalAffairsBody',
  discipline: 'disciplineBody',
  statutoryProcedure: null,
};

/** The redirect channel a redirect suggestion's body leads into (as the server's bulk `topSuggestion`). */
export function redirectChannelOfKind(bodyKind: string): string {
  return bodyKind === 'disciplineBody' ? 'discipline' : 'legalAffairs';
}

export const SIMPLE_ELIGIBILITY_LABELS: Record<string, string> = {
  factsClear: '事实清楚、责任明确、争议不大',
  consultation: '咨询、建议、感谢等可即时答复',
  timeSensitive: '时效性强的日常生产生活诉求',
  alreadyCommitted: '已承诺或已办结事项',
  other: '其他可以简易办理的',
};

export const PROCEDURE_LABELS: Record<string, string> = { ordinary: '普通程序', simple: '简易办理' };

export const OUTCOME_LABELS: Record<string, string> = { support: '予以支持', explain: '解释说明', notSupport: '不予支持' };

/** 复查 / 复核意见 对原意见的处理 (《山东省信访条例》第四十五条). */
export const APPEAL_DISPOSITION_LABELS: Record<string, string> = { uphold: '维持', revoke: '撤销', modify: '变更' };

export const DELIVERY_METHOD_LABELS: Record<string, string> = { inPerson: '当面送达', post: '邮寄送达', sms: '短信告知', online: '网上告知' };

export const RATING_LABELS: Record<string, string> = { satisfied: '满意', basicallySatisfied: '基本满意', dissatisfied: '不满意' };

export const RECEPTION_KIND_LABELS: Record<string, string> = { assistance: '帮扶救助', legalExplanation: '释法说理', counselling: '心理疏导' };

/** Screening and supervision flags on a queue item. */
export const FLAG_LABELS: Record<string, { label: string; color: string; hint: string }> = {
  levelSkipping: { label: '越级', color: 'orange', hint: '越级信访：同一事项正在有关机关法定期限内办理（《信访工作条例》第十九条第三款）' },
  terminated: { label: '终结', color: 'red', hint: '该事项已复查、复核终结，同一事实和理由再次提出（第三十六条第三款）' },
  sentBack: { label: '退回登记', color: 'purple', hint: '已退回登记台，待登记台更正' },
};

export const DISPATCH_LABELS: Record<string, string> = { forward: '转送', assign: '交办', retain: '本级办理' };

export const SUGGESTION_SOURCE_LABELS: Record<string, string> = { competence: '职权与属地', model: '历史分办', both: '职权与历史分办' };

export function label(table: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '';
  return table[code] ?? code;
}

export function toOptions(table: Record<string, string>): { value: string; label: string }[] {
  return Object.entries(table).map(([value, text]) => ({ value, label: text }));
}

export function percent(x: number | undefined | null): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${Math.round(x * 100)}%` : '—';
}

export const SUPERVISION_METHOD_LABELS: Record<string, string> = { online: '网上督办', onSite: '实地督办', phone: '电话督办', letter: '发函督办', interview: '约谈督办' };

export const SUPERVISION_LETTER_LABELS: Record<string, string> = { supervisionLetter: '督办函', reminderLetter: '提醒函', adviceLetter: '建议函' };

export const SUPERVISION_VERDICT_LABELS: Record<string, string> = { satisfactory: '回复到位，办结督办', unsatisfactory: '回复不到位，继续督办' };

export const INVESTIGATION_KIND_LABELS: Record<string, string> = { talk: '谈话询问', siteVisit: '实地调查', documentReview: '调阅材料', meeting: '与信访人见面' };

export const HEARING_OFFICER_SOURCE_LABELS: Record<string, string> = { petitioner: '信访人推荐', body: '听证机关推荐' };

export const HEARING_PARTICIPANT_ROLE_LABELS: Record<string, string> = {
  petitioner: '信访人',
  agent: '代理人',
  interestedParty: '利害关系人',
  handlingStaff: '原办理机关工作人员',
  other: '其他参加人',
};

export const AGREEMENT_KIND_LABELS: Record<string, string> = { mediation: '调解协议', settlement: '和解协议' };
