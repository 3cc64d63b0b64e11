import type {
  Channel,
  ClockName,
  CommandType,
  DeliveryMethod,
  EventType,
  MatterStatus,
  Outcome,
  Procedure,
  Rating,
  ReceptionKind,
  RedirectChannel,
  SimpleEligibilityBasis,
  AgreementKind,
  HearingOfficerSource,
  HearingParticipantRole,
  InvestigationKind,
  Position,
  SupervisionLetterKind,
  SupervisionMethod,
  SupervisionVerdict,
  AppealDisposition,
} from './types';
import type { ClockStatus } from './clocks';

/** zh-CN labels: the UI shows these, the code uses the GLOSSARY names. */

export const STATUS_LABELS: Readonly<Record<MatterStatus, string>> = {
  registered: '已登记',
  returnRequested: '申请退回中',
  dispatched: '已转送/交办',
  accepted: '办理中',
  replied: '已答复',
  evaluated: '已评价',
  review: '复查中',
  reviewed: '已复查',
  reReview: '复核中',
  concluded: '已办结',
  terminated: '依法终结',
  rejected: '不予受理',
  redirected: '已导入法定途径',
};

export const COMMAND_LABELS: Readonly<Record<CommandType, string>> = {
  register: '登记',
  classify: '分类',
  sendBackRegistration: '退回登记台',
  correctRegistration: '更正登记',
  forward: '转送',
  assign: '交办',
  retain: '本级办理',
  requestReturn: '申请退回',
  upholdReturn: '同意退回',
  dismissReturn: '不同意退回',
  accept: '受理',
  reject: '不予受理',
  redirect: '导入法定途径',
  requestExtension: '申请延期',
  extend: '批准延期',
  refuseExtension: '不予批准延期',
  convert: '转为普通程序',
  recordInvestigation: '登记调查核实',
  recordAgreement: '登记调解和解协议',
  nameCaseLeader: '确定包案领导',
  checkItem: '勾选办理清单',
  draftOpinion: '拟写处理意见',
  signOpinion: '签批处理意见',
  reply: '出具处理意见',
  recordDelivery: '登记送达',
  fileCompletionReport: '报送办结报告',
  approveCompletionReport: '审核通过办结报告',
  returnCompletionReport: '退回办结报告',
  evaluate: '满意度评价',
  requestReview: '登记复查请求',
  issueReviewOpinion: '出具复查意见',
  requestReReview: '登记复核请求',
  startHearing: '决定听证（发出听证通知）',
  rescheduleHearing: '听证改期',
  endHearing: '结束听证（记录笔录和结论）',
  issueReReviewOpinion: '出具复核意见',
  publishReReviewOpinion: '复核意见向社会公示',
  lapse: '期满办结',
  recordRepeatPetition: '登记重复信访',
  joinPetition: '并入集体信访事项',
  recordReception: '登记接待帮扶',
  flagDispatch: '标记分办不精准',
  supervise: '督办',
  replySupervision: '督办回复',
  assessSupervision: '督办评估',
  escalateSupervision: '督办提级',
};

export const EVENT_LABELS: Readonly<Record<EventType, string>> = {
  registered: '已登记',
  classified: '已分类',
  registrationSentBack: '登记已退回登记台',
  registrationCorrected: '登记已更正',
  forwarded: '已转送',
  assigned: '已交办',
  retained: '本级办理',
  returnRequested: '已申请退回',
  returnUpheld: '退回已同意',
  returnDismissed: '退回未同意',
  accepted: '已受理',
  rejected: '不予受理',
  redirected: '已导入法定途径',
  extensionRequested: '已申请延期',
  extended: '延期已批准',
  extensionRefused: '延期未获批准',
  converted: '已转为普通程序',
  investigationRecorded: '已登记调查核实',
  agreementRecorded: '已登记调解和解协议',
  caseLeaderNamed: '已确定包案领导',
  checklistItemChecked: '办理清单已勾选',
  opinionDrafted: '已拟写处理意见',
  opinionSigned: '处理意见已签批',
  replied: '已出具处理意见',
  delivered: '已送达',
  completionReportFiled: '已报送办结报告',
  completionReportApproved: '办结报告已审核通过',
  completionReportReturned: '办结报告已退回',
  evaluated: '已评价',
  reviewRequested: '已请求复查',
  reviewOpinionIssued: '已出具复查意见',
  reReviewRequested: '已请求复核',
  hearingStarted: '已决定听证',
  hearingRescheduled: '听证已改期',
  hearingEnded: '听证结束',
  reReviewOpinionIssued: '已出具复核意见',
  reReviewOpinionPublished: '复核意见已公示',
  lapsed: '期满未申请，已办结',
  repeatPetitionRecorded: '已登记重复信访',
  petitionJoined: '已并入集体信访事项',
  receptionRecorded: '已登记接待帮扶',
  dispatchFlagged: '已标记分办不精准',
  supervised: '已督办',
  supervisionReplied: '已回复督办',
  supervisionAssessed: '督办回复已评估',
  supervisionEscalated: '督办已提级',
};

export const CLOCK_LABELS: Readonly<Record<ClockName, string>> = {
  dispatch: '转送交办时限',
  acceptanceNotice: '受理告知时限',
  returnWindow: '申请退回期限',
  assignment: '交办办理时限',
  handling: '办理时限',
  reviewRequestWindow: '申请复查期限',
  evaluationWindow: '评价期限',
  reviewDecision: '复查时限',
  reReviewRequestWindow: '申请复核期限',
  reReviewDecision: '复核时限',
  supervisionReply: '督办回复时限',
  listedSupervision: '挂牌督办时限',
};

export const CLOCK_STATUS_LABELS: Readonly<Record<ClockStatus, string>> = {
  running: '计时中',
  paused: '暂停计时',
  met: '按期',
  late: '超期完成',
  overdue: '已超期',
  closed: '已届满',
};

/** 职务: the positions the sign-off chain names (GLOSSARY: 承办人 / 分管领导 / 主要负责人). */
export const POSITION_LABELS: Readonly<Record<Position, string>> = {
  handler: '承办人',
  deputyHead: '分管领导',
  principalHead: '主要负责人',
};

export const PROCEDURE_LABELS: Readonly<Record<Procedure, string>> = { simple: '简易办理', ordinary: '普通程序' };

export const SIMPLE_ELIGIBILITY_LABELS: Readonly<Record<SimpleEligibilityBasis, string>> = {
  factsClear: '事实清楚、责任明确、争议不大',
  consultation: '咨询、建议、感谢等可即时答复',
  timeSensitive: '时效性强的日常生产生活诉求',
  alreadyCommitted: '已承诺或已办结事项',
  other: '其他可以简易办理的',
};

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  support: '予以支持',
  explain: '解释说明',
  notSupport: '不予支持',
};

/** 复查 / 复核意见 对原意见的处理. */
export const APPEAL_DISPOSITION_LABELS: Readonly<Record<AppealDisposition, string>> = {
  uphold: '维持',
  revoke: '撤销',
  modify: '变更',
};

export const DELIVERY_METHOD_LABELS: Readonly<Record<DeliveryMethod, string>> = {
  inPerson: '当面送达',
  post: '邮寄送达',
  sms: '短信告知',
  online: '网上告知',
};

export const RATING_LABELS: Readonly<Record<Rating, string>> = {
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
};

export const REDIRECT_CHANNEL_LABELS: Readonly<Record<RedirectChannel, string>> = {
  legalAffairs: '政法部门（诉访分离）',
  discipline: '纪检监察机关',
  statutoryProcedure: '其他法定途径（仲裁、行政复议等）',
};

export const RECEPTION_KIND_LABELS: Readonly<Record<ReceptionKind, string>> = {
  assistance: '帮扶救助',
  legalExplanation: '释法说理',
  counselling: '心理疏导',
};

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  letter: '来信',
  visit: '来访',
  phone: '来电',
  online: '网上信访',
  mobile: '手机信访',
  fax: '传真',
  email: '电子邮件',
  referral: '上级转交办',
};

export const SUPERVISION_METHOD_LABELS: Readonly<Record<SupervisionMethod, string>> = {
  online: '网上督办',
  onSite: '实地督办',
  phone: '电话督办',
  letter: '发函督办',
  interview: '约谈督办',
};

export const SUPERVISION_LETTER_LABELS: Readonly<Record<SupervisionLetterKind, string>> = {
  supervisionLetter: '督办函',
  reminderLetter: '提醒函',
  adviceLetter: '建议函',
};

export const SUPERVISION_VERDICT_LABELS: Readonly<Record<SupervisionVerdict, string>> = {
  satisfactory: '回复到位，办结督办',
  unsatisfactory: '回复不到位，继续督办',
};

export const INVESTIGATION_KIND_LABELS: Readonly<Record<InvestigationKind, string>> = {
  talk: '谈话询问',
  siteVisit: '实地调查',
  documentReview: '调阅材料',
  meeting: '与信访人见面',
};

export const AGREEMENT_KIND_LABELS: Readonly<Record<AgreementKind, string>> = {
  mediation: '调解协议',
  settlement: '和解协议',
};

export const HEARING_OFFICER_SOURCE_LABELS: Readonly<Record<HearingOfficerSource, string>> = {
  petitioner: '信访人推荐',
  body: '听证机关推荐',
};

export const HEARING_PARTICIPANT_ROLE_LABELS: Readonly<Record<HearingParticipantRole, string>> = {
  petitioner: '信访人',
  agent: '代理人',
  interestedParty: '利害关系人',
  handlingStaff: '原办理机关工作人员',
  other: '其他参加人',
};

/** The opinion drafted and signed in a status: the 复查意见 under review, the 复核意见 under re-review, else the 处理意见. */
export function opinionNoun(status: MatterStatus | null): string {
  return status === 'review' ? '复查意见' : status === 'reReview' ? '复核意见' : '处理意见';
}

/** A command's label as a user in that status reads it: under appeal, drafting and signing concern that body's opinion. */
export function commandLabel(type: CommandType, status: MatterStatus | null): string {
  if (type === 'draftOpinion') return `拟写${opinionNoun(status)}`;
  if (type === 'signOpinion') return `签批${opinionNoun(status)}`;
  return COMMAND_LABELS[type];
}
