import type { DayUnit } from '../calendar';

/**
 * Time limits (时限). The national rule is the default; a province may count differently (e.g. acceptance in working
 * days), so the engine reads every unit and amount from here and never hard-codes one (RULES.md "Counting days").
 * Plain "日" in the 条例 means calendar days; only the return objection is written in working days.
 */

export const TIME_LIMIT_NAMES = [
  'dispatch',
  'acceptanceNotice',
  'returnWindow',
  'simpleAcceptance',
  'simpleHandling',
  'ordinaryHandling',
  'maxExtension',
  'reviewRequestWindow',
  'reviewDecision',
  'reReviewRequestWindow',
  'reReviewDecision',
  'evaluationWindow',
] as const;
export type TimeLimitName = (typeof TIME_LIMIT_NAMES)[number];

export interface TimeLimit {
  unit: DayUnit;
  amount: number;
  /** The provision it comes from, or 本平台设置 for a limit the statute leaves to the deployment (never “实践”). */
  article: string;
  labelZh: string;
}

export type TimeLimitConfig = Readonly<Record<TimeLimitName, TimeLimit>>;

const SIMPLE_RULES = '《信访事项简易办理办法（试行）》';

export const NATIONAL_TIME_LIMITS: TimeLimitConfig = Object.freeze({
  // Art. 22: the bureau forwards or assigns within 15 days of receipt.
  dispatch: { unit: 'days', amount: 15, article: '《信访工作条例》第二十二条第一款', labelZh: '转送交办时限' },
  // Art. 23 ¶2 (received directly) and ¶3 (forwarded/assigned): tell the petitioner within 15 days of receipt.
  acceptanceNotice: { unit: 'days', amount: 15, article: '《信访工作条例》第二十三条第二款、第三款', labelZh: '受理告知时限' },
  // Art. 23 ¶3: an objection (申请退回) within 5 working days of receipt.
  returnWindow: { unit: 'workingDays', amount: 5, article: '《信访工作条例》第二十三条第三款', labelZh: '申请退回期限' },
  simpleAcceptance: { unit: 'workingDays', amount: 3, article: SIMPLE_RULES, labelZh: '简易办理受理时限' },
  simpleHandling: { unit: 'workingDays', amount: 10, article: SIMPLE_RULES, labelZh: '简易办理时限' },
  // Art. 34: 60 days from acceptance, extensible by at most 30 with the head's approval.
  ordinaryHandling: { unit: 'days', amount: 60, article: '《信访工作条例》第三十四条', labelZh: '办理时限' },
  maxExtension: { unit: 'days', amount: 30, article: '《信访工作条例》第三十四条', labelZh: '最长延期' },
  // Art. 35: review requested within 30 days of receiving the written reply, decided within 30 days of the request.
  reviewRequestWindow: { unit: 'days', amount: 30, article: '《信访工作条例》第三十五条', labelZh: '申请复查期限' },
  reviewDecision: { unit: 'days', amount: 30, article: '《信访工作条例》第三十五条', labelZh: '复查时限' },
  // Art. 36: re-review within 30 days of receiving the review opinion, decided within 30 days (hearings excluded).
  reReviewRequestWindow: { unit: 'days', amount: 30, article: '《信访工作条例》第三十六条第一款', labelZh: '申请复核期限' },
  reReviewDecision: { unit: 'days', amount: 30, article: '《信访工作条例》第三十六条', labelZh: '复核时限' },
  // Practice (Art. 21 ¶2 lets petitioners evaluate; the 30 days are custom, configurable).
  evaluationWindow: { unit: 'days', amount: 30, article: '本平台设置（评价权利见《信访工作条例》第二十一条第二款）', labelZh: '评价期限' },
} satisfies Record<TimeLimitName, TimeLimit>);

export type TimeLimitOverrides = Partial<Record<TimeLimitName, Partial<TimeLimit>>>;

/** The national defaults with a deployment's overrides applied (each entry merged field by field). */
export function timeLimitConfig(overrides: TimeLimitOverrides = {}): TimeLimitConfig {
  const out = {} as Record<TimeLimitName, TimeLimit>;
  for (const name of TIME_LIMIT_NAMES) out[name] = { ...NATIONAL_TIME_LIMITS[name], ...overrides[name] };
  return Object.freeze(out);
}

/**
 * Problems that would make the engine count nonsense; empty when the configuration is usable.
 * The extension is added to the handling clock's amount, so it must be counted in the ordinary handling unit.
 */
export function validateTimeLimitConfig(config: TimeLimitConfig): string[] {
  const problems: string[] = [];
  for (const name of TIME_LIMIT_NAMES) {
    const limit = config[name];
    if (limit.unit !== 'days' && limit.unit !== 'workingDays') problems.push(`${name}: unit must be days or workingDays`);
    if (!Number.isInteger(limit.amount) || limit.amount < 0) problems.push(`${name}: amount must be a whole number ≥ 0`);
  }
  if (config.maxExtension.unit !== config.ordinaryHandling.unit) {
    problems.push('maxExtension must use the same unit as ordinaryHandling (extensions are added to the handling clock)');
  }
  return problems;
}

/**
 * Which way a deployment may move each limit from the national rule. A body's duty (dispatch, notice, handling,
 * review and re-review decisions, the extension, the return objection) may be shortened by a province, never
 * lengthened; the petitioner's windows to ask for review and re-review (Art. 35, 36) are rights, which a province may
 * widen, never narrow. The evaluation window is the platform's own (本平台设置): any length from 1 day to a year.
 * The unit is the province's choice (RULES.md "Counting days": some count acceptance in working days).
 */
export const TIME_LIMIT_BOUNDS: Readonly<Record<TimeLimitName, { min: number; max: number }>> = Object.freeze({
  dispatch: { min: 1, max: 15 },
  acceptanceNotice: { min: 1, max: 15 },
  returnWindow: { min: 1, max: 5 },
  simpleAcceptance: { min: 1, max: 3 },
  simpleHandling: { min: 1, max: 10 },
  ordinaryHandling: { min: 1, max: 60 },
  maxExtension: { min: 0, max: 30 },
  reviewRequestWindow: { min: 30, max: 365 },
  reviewDecision: { min: 1, max: 30 },
  reReviewRequestWindow: { min: 30, max: 365 },
  reReviewDecision: { min: 1, max: 30 },
  evaluationWindow: { min: 1, max: 365 },
});

/**
 * Problems of a deployment's overrides, in Chinese, empty when they may be saved: unknown names, the engine's own
 * checks (`validateTimeLimitConfig`), the statutory bounds, and the basis — a limit that differs from the national
 * rule must cite the provision that sets it (the clock shows it beside the due date).
 */
export function timeLimitOverrideProblems(overrides: TimeLimitOverrides): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(overrides)) {
    if (!(TIME_LIMIT_NAMES as readonly string[]).includes(key)) problems.push(`未知的时限「${key}」`);
  }
  const config = timeLimitConfig(Object.fromEntries(Object.entries(overrides).filter(([k]) => (TIME_LIMIT_NAMES as readonly string[]).includes(k))));
  for (const name of TIME_LIMIT_NAMES) {
    const limit = config[name];
    const national = NATIONAL_TIME_LIMITS[name];
    const { min, max } = TIME_LIMIT_BOUNDS[name];
    if (limit.unit !== 'days' && limit.unit !== 'workingDays') problems.push(`${national.labelZh}：计算方式须为自然日或工作日`);
    if (!Number.isInteger(limit.amount)) problems.push(`${national.labelZh}：天数须为整数`);
    else if (limit.amount < min || limit.amount > max) {
      const side = limit.amount > max ? `不得超过法定的 ${max} 日` : `不得少于 ${min} 日`;
      problems.push(`${national.labelZh}：${side}（${national.article}）`);
    }
    const differs = limit.unit !== national.unit || limit.amount !== national.amount;
    if (differs && !limit.article?.trim()) problems.push(`${national.labelZh}：与全国规定不同，须写明依据`);
    else if (differs && limit.article.trim() === national.article) problems.push(`${national.labelZh}：与全国规定不同，须写明本省依据（如《某省信访条例》第某条），不能沿用「${national.article}」`);
  }
  if (config.maxExtension.unit !== config.ordinaryHandling.unit) problems.push('最长延期须与办理时限使用同一计算方式（延期加在办理时限上）');
  return problems;
}
