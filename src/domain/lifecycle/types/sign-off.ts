import type { IsoDate } from '../../calendar';
import type { Position, Role } from './actors';
import type { AppealDisposition, Outcome } from './enumerations';

// ---------------------------------------------------------------------------------------------------------------
// State: the opinion being drafted and signed off (seed 003)
// ---------------------------------------------------------------------------------------------------------------

/** One step of the sign-off chain of a handling opinion (seed 003: 承办人 → 分管领导 → 主要负责人). */
export interface SignOffStep {
  key: string;
  labelZh: string;
  /** The position in the body giving the opinion whose holder signs this step. */
  position?: Position;
  /**
   * Roles that may sign this step: chains stored before positions existed name only these; the engine then reads the
   * position from the step's key where it is one of the default chain's (guards.signOffPosition).
   */
  roles?: Role[];
}

/** Seed 003's chain: the handler drafts and signs, the leader in charge and then the principal leader approve. */
export const DEFAULT_SIGN_OFF_CHAIN: readonly SignOffStep[] = [
  { key: 'handler', labelZh: '承办人', position: 'handler', roles: ['handler'] },
  { key: 'leaderInCharge', labelZh: '分管领导', position: 'deputyHead', roles: ['bodyLeader'] },
  { key: 'principalLeader', labelZh: '主要负责人', position: 'principalHead', roles: ['bodyLeader'] },
];

export interface OpinionDraft {
  outcome: Outcome;
  summary: string;
  request: string | null;
  facts: string | null;
  legalBasis: string | null;
  draftedOn: IsoDate;
  draftedBy: string;
  /** The chain in force when it was drafted: later configuration changes do not move a draft's goalposts. */
  chain: SignOffStep[];
  /** In chain order; each by a different person. */
  signatures: { step: string; userId: string; on: IsoDate; comment: string | null; position?: Position | null }[];
  /** Under appeal: what the opinion does to the one under review (维持 / 撤销 / 变更); null for a handling opinion. */
  disposition?: AppealDisposition | null;
  /**
   * The date of a hearing record (听证笔录) made after this draft: the draft was written (and signed) before the hearing
   * was heard, so it is drafted again before it can be signed on or issued (Art. 36 ¶2). Null or absent otherwise.
   */
  supersededByHearingOn?: IsoDate | null;
}
