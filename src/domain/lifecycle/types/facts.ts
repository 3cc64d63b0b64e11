import type { IsoDate } from '../../calendar';

// ---------------------------------------------------------------------------------------------------------------
// Facts fixed at registration
// ---------------------------------------------------------------------------------------------------------------

export const CHANNELS = ['letter', 'visit', 'phone', 'online', 'mobile', 'fax', 'email', 'referral'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface MatterFacts {
  channel: Channel;
  /** The date the petition reached the registering body: the 15-day clocks count from it (Art. 22, 23). */
  receivedOn: IsoDate;
  registeringBodyId: string;
  /** True when the registering body is a petition bureau (信访部门, Art. 22); false for a body receiving directly (Art. 23). */
  registeredByBureau: boolean;
  regionCode: string;
  /** 初信初访. */
  firstPetition: boolean;
  /** 上级转办/交办: came through the referral channel from a higher level (转送 or 交办). */
  referredByHigherLevel: boolean;
  /**
   * 上级交办: the referral assigned it (交办, a report owed), which excludes the simple procedure; a higher level's mere
   * 转送 does not. Absent in facts stored before it existed: `referredByHigherLevel` stands in for it.
   */
  assignedByHigherLevel?: boolean;
  /** 集体访/联名信: excluded from the simple procedure. */
  collective: boolean;
}
