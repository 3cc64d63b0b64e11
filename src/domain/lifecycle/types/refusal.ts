import type { RedirectChannel } from './enumerations';

// ---------------------------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------------------------

/**
 * Why a command was refused. `code` is stable: 'INVALID_TRANSITION' (no such step in this status), 'FORBIDDEN'
 * (wrong actor), 'VALIDATION' (malformed payload or date) or a statutory code such as 'REVIEW_WINDOW_CLOSED'.
 * `guard` names the guard that refused (absent for INVALID_TRANSITION).
 */
export interface Refusal {
  code: string;
  messageZh: string;
  message: string;
  article?: string;
  guard?: string;
  /**
   * The step to take instead, where the refusal can name it: a matter another statutory procedure settles is led
   * there with `redirect` (导入法定途径), to a body of `bodyKind` where the law names one (政法部门 for litigation).
   */
  instead?: { command: 'redirect'; channel: RedirectChannel; bodyKind: 'legalAffairsBody' | 'disciplineBody' | null };
}
