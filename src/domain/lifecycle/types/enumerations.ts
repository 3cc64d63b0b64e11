import type { IsoDate } from '../../calendar';

// ---------------------------------------------------------------------------------------------------------------
// Small enumerations
// ---------------------------------------------------------------------------------------------------------------

export const PROCEDURES = ['simple', 'ordinary'] as const;
export type Procedure = (typeof PROCEDURES)[number];

/** 简易办理 eligibility (《信访事项简易办理办法（试行）》). */
/** `other` is the fifth ground (其他可以简易办理的), and needs a stated reason (`eligibilityReason`). */
export const SIMPLE_ELIGIBILITY_BASES = ['factsClear', 'consultation', 'timeSensitive', 'alreadyCommitted', 'other'] as const;
export type SimpleEligibilityBasis = (typeof SIMPLE_ELIGIBILITY_BASES)[number];

/** Art. 32: 予以支持 / 解释说明 / 不予支持. */
export const OUTCOMES = ['support', 'explain', 'notSupport'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * What a 复查 / 复核 opinion does to the opinion under review (《山东省信访条例》第四十五条; the national 条例 Art. 35–36
 * require the opinion, the province names its forms): 维持 keeps its outcome, 撤销 sets it aside, 变更 replaces its
 * outcome with another.
 */
export const APPEAL_DISPOSITIONS = ['uphold', 'revoke', 'modify'] as const;
export type AppealDisposition = (typeof APPEAL_DISPOSITIONS)[number];

export const DELIVERY_METHODS = ['inPerson', 'post', 'sms', 'online'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const RATINGS = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * 诉访分离 and Art. 31 (一)–(四): litigation to 政法部门, accusations to 纪检监察机关, and matters another statutory
 * procedure settles (arbitration, administrative reconsideration, party-member appeal…) into that procedure.
 */
export const REDIRECT_CHANNELS = ['legalAffairs', 'discipline', 'statutoryProcedure'] as const;
export type RedirectChannel = (typeof REDIRECT_CHANNELS)[number];

/** Art. 37 ¶3: 帮扶救助 / 释法说理 / 心理疏导. */
export const RECEPTION_KINDS = ['assistance', 'legalExplanation', 'counselling'] as const;
export type ReceptionKind = (typeof RECEPTION_KINDS)[number];

/** 调查核实 records of the handling workspace: talks, site visits, document checks, meetings with the petitioner. */
export const INVESTIGATION_KINDS = ['talk', 'siteVisit', 'documentReview', 'meeting'] as const;
export type InvestigationKind = (typeof INVESTIGATION_KINDS)[number];

/** Art. 33: 调解 and 和解 agreements reached while handling. */
export const AGREEMENT_KINDS = ['mediation', 'settlement'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/**
 * Seed 001's 双签双核两见面一现场 for first-time petitions, as the default checklist (a deployment configures its own):
 * two signatures, two checks, two meetings with the petitioner, one site visit.
 */
export const DEFAULT_FIRST_PETITION_CHECKLIST: readonly { key: string; labelZh: string }[] = [
  { key: 'handlerSigned', labelZh: '承办人签字（双签）' },
  { key: 'leaderSigned', labelZh: '分管领导签字（双签）' },
  { key: 'factsChecked', labelZh: '核实事实（双核）' },
  { key: 'opinionChecked', labelZh: '审核处理意见（双核）' },
  { key: 'firstMeeting', labelZh: '见面听取诉求（两见面）' },
  { key: 'replyMeeting', labelZh: '见面答复（两见面）' },
  { key: 'siteVisit', labelZh: '实地调查（一现场）' },
];

/** 听证员 are chosen jointly by the petitioner and the hearing body (seed 001): each is proposed by one side. */
export const HEARING_OFFICER_SOURCES = ['petitioner', 'body'] as const;
export type HearingOfficerSource = (typeof HEARING_OFFICER_SOURCES)[number];

/** Who takes part in a hearing besides its officers (信访人及其代理人、利害关系人、原办理机关工作人员…). */
export const HEARING_PARTICIPANT_ROLES = ['petitioner', 'agent', 'interestedParty', 'handlingStaff', 'other'] as const;
export type HearingParticipantRole = (typeof HEARING_PARTICIPANT_ROLES)[number];

export interface HearingOfficer {
  name: string;
  /** 工作单位或身份: 人大代表, 律师, 村民代表 … */
  affiliation?: string;
  proposedBy: HearingOfficerSource;
}

export interface HearingParticipant {
  name: string;
  role: HearingParticipantRole;
}

/** What the hearing notice (听证通知书) announces. */
export interface HearingPlan {
  /** The day the hearing is held (听证日期); the notice is issued on the start event's date. */
  heldOn: IsoDate;
  /** Earlier dates it was announced for, with why it moved (听证改期); absent when it never moved. */
  rescheduled?: { from: IsoDate; on: IsoDate; reason: string }[];
  /** 'HH:MM', China time. */
  time: string | null;
  place: string;
  /** 听证主持人: appointed by the body's head, not one of the investigators. */
  presidingOfficer: string;
  officers: HearingOfficer[];
  participants: HearingParticipant[];
  /** Why the hearing is not public (国家秘密、商业秘密、个人隐私), or null for a public hearing. */
  closedReason: string | null;
}

/** What the hearing record (听证笔录) keeps when the hearing ends. */
export interface HearingOutcome {
  /** 听证笔录: statements, questions, debate, in summary. */
  record: string;
  /** 听证结论 / 听证员评议意见; null when the hearing was withdrawn. */
  conclusion: string | null;
  petitionerAttended: boolean | null;
  /** The petitioner withdrew the hearing request before it was held (撤回听证). */
  withdrawn: boolean;
}

/** 督办方式 (Art. 38–40): how the supervision office follows a matter up. */
export const SUPERVISION_METHODS = ['online', 'onSite', 'phone', 'letter', 'interview'] as const;
export type SupervisionMethod = (typeof SUPERVISION_METHODS)[number];

/** 督办函 / 提醒函 / 建议函 (Art. 40: 督办, and the 改进工作建议 that must be answered in writing). */
export const SUPERVISION_LETTER_KINDS = ['supervisionLetter', 'reminderLetter', 'adviceLetter'] as const;
export type SupervisionLetterKind = (typeof SUPERVISION_LETTER_KINDS)[number];

/** The supervision office's assessment of a body's reply: closes the supervision, or sends it back for another reply. */
export const SUPERVISION_VERDICTS = ['satisfactory', 'unsatisfactory'] as const;
export type SupervisionVerdict = (typeof SUPERVISION_VERDICTS)[number];

/** 转送, 交办, or 本级办理 (the bureau keeps a matter within its own remit). */
export type DispatchKind = 'forward' | 'assign' | 'retain';

/** 办结报告 of an assigned matter: owed (`due`), filed, approved, or returned for more handling. */
export type CompletionReportStatus = 'due' | 'filed' | 'approved' | 'returned';
