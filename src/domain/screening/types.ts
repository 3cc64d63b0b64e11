/**
 * The contract of duplicate screening (甄别判重) between the pure scorer and the database layer
 * (src/modules/screening/service.ts). See docs/screening.md.
 */

export type Level = 'province' | 'city' | 'county' | 'town';

/** A petitioner as the identity module normalised it (src/domain/identity). */
export interface ScreeningPerson {
  name: string;
  idNumber: string | null;
  phone: string | null;
  /** Home address as given (家住…); absent or null when not known. */
  address?: string | null;
}

export interface ScreeningText {
  title: string;
  content: string;
  /** 被反映单位/人. */
  respondent: string | null;
  place: string | null;
  category: string | null;
  /** jieba TF-IDF keywords of title + content, extracted at the edge (src/modules/screening/keywords.ts). */
  keywords: string[];
}

export interface ScreeningDraft extends ScreeningText {
  channel: string;
  /** YYYY-MM-DD */
  receivedOn: string;
  regionCode: string;
  petitioners: ScreeningPerson[];
}

export interface CandidatePetition extends ScreeningText {
  petitionId: string;
  externalId: string | null;
  channel: string;
  receivedOn: string;
  petitioners: ScreeningPerson[];
  /** Registered as collective (联名, 集体访: `petitions.collective`); absent when not known. */
  collective?: boolean;
}

export interface CandidateMatter {
  matterId: string;
  number: string;
  status: string;
  regionCode: string;
  receivedOn: string;
  /** Every petition on the matter (origin, repeats, joined). */
  petitions: CandidatePetition[];
  /** Level of the body handling it, null if none yet. */
  responsibleBodyLevel: Level | null;
  /** An open handling/acceptance/dispatch clock that is not past due. */
  handlingWithinTimeLimit: boolean;
}

export type ReasonCode =
  | 'sameIdNumber'
  | 'samePhone'
  | 'sameName'
  | 'sameNameDifferentId'
  | 'sameNameSound'
  | 'sameAddress'
  | 'differentPetitioner'
  | 'similarContent'
  | 'sharedKeywords'
  | 'sharedDetails'
  | 'differentFacts'
  | 'groupMember'
  | 'sameRespondent'
  | 'differentRespondent'
  | 'respondentNotMentioned'
  | 'samePlace'
  | 'differentPlace'
  | 'sameCategory'
  | 'closeInTime'
  | 'possibleCollective';

/**
 * Which way a reason points: `for` a repeat of the candidate matter, or `against` it. Fixed per code rather than read
 * off the weight, since some evidence against weighs 0 (a different petitioner, a possible collective matter) and a
 * weak similarity is still evidence for.
 */
export type ReasonPolarity = 'for' | 'against';

export const REASON_POLARITY: Record<ReasonCode, ReasonPolarity> = {
  sameIdNumber: 'for',
  samePhone: 'for',
  sameName: 'for',
  sameNameDifferentId: 'against',
  sameNameSound: 'for',
  sameAddress: 'for',
  differentPetitioner: 'against',
  similarContent: 'for',
  sharedKeywords: 'for',
  sharedDetails: 'for',
  differentFacts: 'against',
  groupMember: 'for',
  sameRespondent: 'for',
  differentRespondent: 'against',
  respondentNotMentioned: 'against',
  samePlace: 'for',
  differentPlace: 'against',
  sameCategory: 'for',
  closeInTime: 'for',
  possibleCollective: 'against',
};

/** One piece of evidence: `weight` is its contribution to the score (negative for evidence against). */
export interface Reason {
  code: ReasonCode;
  polarity: ReasonPolarity;
  messageZh: string;
  message: string;
  weight: number;
}

export type ScreeningFlag = {
  code: 'levelSkipping' | 'terminated';
  messageZh: string;
  message: string;
  article: string;
};

export interface RankedCandidate {
  matterId: string;
  /** 0..1, 3 decimals: the sum of the reasons' weights, clamped. */
  score: number;
  reasons: Reason[];
  likelyRepeat: boolean;
  flags: ScreeningFlag[];
}
