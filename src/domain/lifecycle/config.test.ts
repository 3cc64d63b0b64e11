import { describe, expect, it } from 'vitest';
import { NATIONAL_TIME_LIMITS, TIME_LIMIT_BOUNDS, TIME_LIMIT_NAMES, timeLimitOverrideProblems } from './config';

describe('time-limit overrides against the statute', () => {
  it('accepts the national rule and every bound it allows', () => {
    expect(timeLimitOverrideProblems({})).toEqual([]);
    for (const name of TIME_LIMIT_NAMES) {
      const n = NATIONAL_TIME_LIMITS[name];
      expect(n.amount, name).toBeGreaterThanOrEqual(TIME_LIMIT_BOUNDS[name].min);
      expect(n.amount, name).toBeLessThanOrEqual(TIME_LIMIT_BOUNDS[name].max);
    }
  });

  it('lets a province count acceptance in working days under its own regulation', () => {
    expect(timeLimitOverrideProblems({ acceptanceNotice: { unit: 'workingDays', amount: 15, article: '《浙江省信访条例》第二十条' } })).toEqual([]);
  });

  it('refuses a body’s duty lengthened, a petitioner’s window narrowed, a changed limit without its own basis, and unknown names', () => {
    expect(timeLimitOverrideProblems({ ordinaryHandling: { amount: 90, article: '《某省信访条例》' } })).toEqual(['办理时限：不得超过法定的 60 日（《信访工作条例》第三十四条）']);
    expect(timeLimitOverrideProblems({ reReviewRequestWindow: { amount: 15, article: '《某省信访条例》' } })[0]).toContain('申请复核期限：不得少于 30 日');
    expect(timeLimitOverrideProblems({ dispatch: { amount: 10 } })[0]).toContain('须写明本省依据');
    expect(timeLimitOverrideProblems({ dispatch: { amount: 10, article: ' ' } })[0]).toContain('须写明依据');
    expect(timeLimitOverrideProblems({ dispatch: { amount: 7.5, article: '《某省信访条例》' } })).toEqual(['转送交办时限：天数须为整数']);
    expect(timeLimitOverrideProblems({ handlng: { amount: 1 } } as never)).toEqual(['未知的时限「handlng」']);
  });

  it('keeps the extension in the handling clock’s unit', () => {
    expect(timeLimitOverrideProblems({ maxExtension: { unit: 'workingDays', amount: 20, article: '《某省信访条例》' } })).toContain('最长延期须与办理时限使用同一计算方式（延期加在办理时限上）');
  });
});
