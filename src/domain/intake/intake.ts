import { isIsoDate, type IsoDate } from '../calendar';
import type { Channel } from '../lifecycle';
import { parsePhone } from '../identity';

/**
 * What a clerk records for each channel (登记要素), beyond what every petition carries (petitioners, region, title,
 * content). Stored as the petition's `details`; validated here so the desk, the portal and the importer apply the
 * same rules.
 */
export interface LetterDetails {
  /** 邮戳日期: the postmark; the letter's receipt date is the day it reached the body. */
  postmarkOn?: IsoDate;
  /** Pages of the letter as scanned (扫描页数); the scans are attachments. */
  pages?: number;
  /** 联名信: signatures on a jointly signed letter. */
  signatures?: number;
}
export interface VisitDetails {
  /** 来访人数. */
  peopleCount: number;
  /** 接待地点/接待人 as written in the visit log. */
  receptionPlace?: string;
}
export interface PhoneDetails {
  /** 来电号码 as shown on the line (normalised). */
  callerNumber: string;
  /** The call's start; the petition's `receivedAt` is the same moment. */
  calledAt: string;
  /** 录音编号 in the call-centre system. */
  recordingRef?: string;
}
export interface OnlineDetails {
  /** The portal account or the platform the item came from (国家信访信息系统, 12345 …). */
  submittedVia?: string;
  /** 诉求 / 事实 / 理由 as the citizen entered them (Art. 19 ¶1). */
  request?: string;
  facts?: string;
  reasons?: string;
}
export interface FaxDetails {
  faxNumber?: string;
  pages?: number;
}
export interface EmailDetails {
  fromAddress?: string;
  subject?: string;
}
export interface ReferralDetails {
  /** 来源单位: the higher-level body that referred it (e.g. 国家信访局). */
  sourceBody: string;
  /** 转办/交办文号. */
  referralNumber: string;
  /** The deadline the referral sets for a report, if any. */
  deadlineOn?: IsoDate;
  /** 'forward' (转送: no report owed) or 'assign' (交办: report owed by the deadline). */
  kind?: 'forward' | 'assign';
}

export interface ChannelDetailsMap {
  letter: LetterDetails;
  visit: VisitDetails;
  phone: PhoneDetails;
  online: OnlineDetails;
  mobile: OnlineDetails;
  fax: FaxDetails;
  email: EmailDetails;
  referral: ReferralDetails;
}
export type ChannelDetails = ChannelDetailsMap[Channel];

/** Art. 20 ¶3. */
export const MAX_REPRESENTATIVES = 5;

export interface IntakeFacts {
  channel: Channel;
  receivedOn: IsoDate;
  /** The day it is registered (China date). */
  today: IsoDate;
  details: Record<string, unknown>;
  petitioners: { name: string; isRepresentative: boolean }[];
  /** True when a clerk wrote down what the petitioner said (口头信访, Art. 19 ¶1). */
  oral: boolean;
}

export interface IntakeProblem {
  field: string;
  messageZh: string;
  message: string;
  article?: string;
}

const ART_19 = '《信访工作条例》第十九条';
const ART_20_3 = '《信访工作条例》第二十条第三款';

/**
 * Everything wrong with an intake, in form order, so a clerk fixes all of it at once. An empty list means it may be
 * registered. Whether the petition is a repeat is a different question (duplicate screening), never a reason here.
 */
export function intakeProblems(f: IntakeFacts): IntakeProblem[] {
  const out: IntakeProblem[] = [];
  const d = f.details;
  const problem = (field: string, messageZh: string, message: string, article?: string) => out.push({ field, messageZh, message, ...(article ? { article } : {}) });

  if (!isIsoDate(f.receivedOn)) problem('receivedOn', `收到日期无效：${f.receivedOn}`, `receivedOn is not a date: ${f.receivedOn}`);
  else if (f.receivedOn > f.today) problem('receivedOn', `收到日期（${f.receivedOn}）不能晚于今天（${f.today}）`, 'receivedOn is in the future');
  if (f.petitioners.length === 0) problem('petitioners', '至少登记一名信访人（姓名或名称）', 'at least one petitioner is required', ART_19);
  if (f.oral && f.channel !== 'visit' && f.channel !== 'phone') {
    problem('oral', '口头信访只能通过走访或来电提出，由工作人员如实记录', 'an oral petition comes by visit or phone and is written down by staff', ART_19);
  }

  const date = (key: string, label: string) => {
    const v = d[key];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string' || !isIsoDate(v)) {
      problem(`details.${key}`, `${label}无效：${String(v)}`, `details.${key} is not a date`);
      return null;
    }
    return v;
  };
  const count = (key: string, label: string, min: number) => {
    const v = d[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      problem(`details.${key}`, `${label}须为不小于 ${min} 的整数`, `details.${key} must be an integer ≥ ${min}`);
      return null;
    }
    return v;
  };
  const required = (key: string, label: string) => {
    const v = d[key];
    if (typeof v !== 'string' || v.trim() === '') {
      problem(`details.${key}`, `请填写${label}`, `details.${key} is required`);
      return null;
    }
    return v;
  };

  switch (f.channel) {
    case 'letter': {
      const postmark = date('postmarkOn', '邮戳日期');
      if (postmark && isIsoDate(f.receivedOn) && postmark > f.receivedOn) {
        problem('details.postmarkOn', `邮戳日期（${postmark}）不能晚于收信日期（${f.receivedOn}）`, 'postmark after receipt');
      }
      count('pages', '页数', 1);
      count('signatures', '联名人数', 1);
      break;
    }
    case 'visit': {
      const people = count('peopleCount', '来访人数', 1);
      if (d.peopleCount === undefined) problem('details.peopleCount', '请填写来访人数', 'details.peopleCount is required');
      const listed = f.petitioners.length;
      if (people !== null && people < listed) {
        problem(
          'details.peopleCount',
          `来访人数（${people} 人）少于登记的信访人数（${listed} 人），请核对来访人数`,
          `details.peopleCount (${people}) is less than the ${listed} petitioners listed`,
        );
      }
      // The group is everyone who came: the larger of the count given and the people listed.
      const group = Math.max(people ?? 0, listed);
      const reps = f.petitioners.filter((p) => p.isRepresentative).length;
      if (reps > MAX_REPRESENTATIVES) {
        problem(
          'petitioners',
          `多人走访应推选代表，代表人数不得超过 ${MAX_REPRESENTATIVES} 人（现为 ${reps} 人）`,
          `a group visit elects at most ${MAX_REPRESENTATIVES} representatives (got ${reps})`,
          ART_20_3,
        );
      }
      if (group > MAX_REPRESENTATIVES && reps === 0) {
        problem(
          'petitioners',
          `${group} 人走访同一事项，请标明推选的代表（不超过 ${MAX_REPRESENTATIVES} 人）`,
          `a group visit of ${group} must name its representatives (at most ${MAX_REPRESENTATIVES})`,
          ART_20_3,
        );
      }
      break;
    }
    case 'phone': {
      required('callerNumber', '来电号码');
      const at = d.calledAt;
      if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) problem('details.calledAt', '请填写来电时间', 'details.calledAt must be a date-time');
      break;
    }
    case 'referral': {
      required('sourceBody', '来源单位');
      required('referralNumber', '转办文号');
      const deadline = date('deadlineOn', '办理期限');
      if (deadline && isIsoDate(f.receivedOn) && deadline < f.receivedOn) {
        problem('details.deadlineOn', `办理期限（${deadline}）不能早于收到日期（${f.receivedOn}）`, 'deadline before receipt');
      }
      if (d.kind !== undefined && d.kind !== 'forward' && d.kind !== 'assign') problem('details.kind', '转办方式须为转送或交办', "details.kind must be 'forward' or 'assign'");
      break;
    }
    case 'fax':
      count('pages', '页数', 1);
      break;
    case 'online':
    case 'mobile':
    case 'email':
      break;
  }
  return out;
}

/** 集体访/联名信: several people on one common matter (a group visit, a jointly signed letter, several petitioners). */
export function isCollective(channel: Channel, details: Record<string, unknown>, petitionerCount: number): boolean {
  if (petitionerCount > 1) return true;
  if (channel === 'visit' && typeof details.peopleCount === 'number' && details.peopleCount > 1) return true;
  if (channel === 'letter' && typeof details.signatures === 'number' && details.signatures > 1) return true;
  return false;
}

/**
 * 上级交办 (《信访事项简易办理办法（试行）》: "上级信访工作机构、行政机关交办的" are not handled simply): a referral the higher
 * level assigned, i.e. marked 交办, or unmarked but setting a deadline for a report. A referral marked 转送 is not one.
 */
export function isAssignedByHigherLevel(channel: Channel, details: Record<string, unknown>): boolean {
  if (channel !== 'referral') return false;
  return details.kind === 'assign' || (details.kind === undefined && typeof details.deadlineOn === 'string' && details.deadlineOn !== '');
}

/** People behind the petition: who came (visit), who signed (letter), or the petitioners named. */
export function peopleCountOf(channel: Channel, details: Record<string, unknown>, petitionerCount: number): number {
  if (channel === 'visit' && typeof details.peopleCount === 'number') return Math.max(details.peopleCount, petitionerCount);
  if (channel === 'letter' && typeof details.signatures === 'number') return Math.max(details.signatures, petitionerCount);
  return Math.max(1, petitionerCount);
}

/**
 * A phone petition's caller (来电人) is its petitioner: when one petitioner is recorded without a phone, the caller
 * number (`details.callerNumber`) is theirs — for the registry, which finds the person again by it, and for duplicate
 * screening, which finds a repeat call by it. A caller number that is not a valid phone is left to the intake rules.
 */
export function withCallerNumber<P extends { phone?: string | null }>(channel: string, details: Record<string, unknown> | null | undefined, petitioners: P[]): P[] {
  const caller = channel === 'phone' && typeof details?.callerNumber === 'string' ? details.callerNumber.trim() : '';
  if (!caller || petitioners.length !== 1 || petitioners[0]!.phone?.trim() || !parsePhone(caller).ok) return petitioners;
  return [{ ...petitioners[0]!, phone: caller }];
}
