import { describe, expect, it } from 'vitest';
import { A, BODY, BUREAU, CLASSIFY, Course, accepted, calendar, delivered, dispatched, facts } from '../lifecycle/lifecycle.testkit';
import { DUTY_CHECK_DEFAULTS, DUTY_CHECKS, dutyCheckConfigProblems, dutyFailures, type DutyContext } from './duty-checks';

/**
 * Duty failures on constructed histories. Dates: received Fri 2025-09-19; its 15 days end on Sat 10-04, inside the
 * 2025 National Day holiday (10-01..10-08), so the limit moves to Thu 10-09 (民法典 Art. 203): the bureau has not
 * failed on 10-09, it has on 10-10.
 */
const leaders = new Set(['u-head']);
const at = (today: string): DutyContext => ({ today, calendar, config: DUTY_CHECK_DEFAULTS, isBodyLeader: (u) => leaders.has(u) });
const failures = (c: Course, today: string) => dutyFailures({ matterId: 'm', state: c.current, events: c.events }, at(today));
const codes = (c: Course, today: string) => failures(c, today).map((f) => f.check);

function registered(): Course {
  const c = new Course();
  c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
  return c;
}

describe('duty failures (四应四不)', () => {
  it('names every check with its provision', () => {
    expect(DUTY_CHECKS.map((c) => c.code)).toEqual([
      'notDispatchedInTime',
      'acceptanceNotNotifiedInTime',
      'notConcludedInTime',
      'repliedNotDelivered',
      'completionReportMissing',
      'extensionWithoutApproval',
      'dissatisfiedEvaluation',
      'supervisionNotAnswered',
      'repeatAfterConclusion',
    ]);
    for (const c of DUTY_CHECKS) expect(c.article).toMatch(/《信访工作条例》第/);
  });

  it('not dispatched in 15 days: not on the holiday-shifted last day, from the day after; still recorded when done late', () => {
    const c = registered();
    expect(codes(c, '2025-10-09')).toEqual([]);
    expect(failures(c, '2025-10-10')).toEqual([
      expect.objectContaining({ check: 'notDispatchedInTime', bodyId: BUREAU, since: '2025-10-10', article: '《信访工作条例》第二十二条、第四十三条' }),
    ]);
    c.step({ ...CLASSIFY, on: '2025-10-13' }, A.acceptanceOfficer);
    c.step({ type: 'forward', on: '2025-10-13', toBodyId: BODY }, A.acceptanceOfficer);
    const late = failures(c, '2025-10-14').find((f) => f.check === 'notDispatchedInTime');
    expect(late?.detailZh).toBe('转送、交办应于 2025-10-09 前完成，实际 2025-10-13 完成');
  });

  it('a supervision reply due on National Day is not late until after the holiday; then the body supervised fails', () => {
    const c = accepted('2025-09-26');
    // Reply asked by Wed 2025-10-01, inside the 2025 National Day holiday (10-01..10-08): due moves to Thu 10-09.
    c.step({ type: 'supervise', on: '2025-09-28', method: 'letter', letterKind: 'supervisionLetter', reason: '请说明办理进度', replyDueOn: '2025-10-01' }, A.supervisor);
    expect(codes(c, '2025-10-09')).toEqual([]);
    expect(failures(c, '2025-10-10')).toEqual([
      expect.objectContaining({ check: 'supervisionNotAnswered', bodyId: BODY, since: '2025-10-10', article: '《信访工作条例》第四十条第四款、第四十五条' }),
    ]);
    // Answered late: still on record after the office closes the supervision.
    c.step({ type: 'replySupervision', on: '2025-10-13', summary: '已答复' }, A.handler);
    c.step({ type: 'assessSupervision', on: '2025-10-14', verdict: 'satisfactory' }, A.supervisor);
    expect(failures(c, '2025-10-15').find((f) => f.check === 'supervisionNotAnswered')?.detailZh).toBe('书面回复督办应于 2025-10-09 前完成，实际 2025-10-13 完成');
  });

  it('a bureau may switch a check off or lengthen the delivery grace; unknown codes and bad days are refused', () => {
    const c = registered();
    const off = dutyFailures({ matterId: 'm', state: c.current, events: c.events }, { ...at('2025-10-10'), config: { deliveryGraceDays: 7, disabled: ['notDispatchedInTime'] } });
    expect(off).toEqual([]);
    expect(dutyCheckConfigProblems({ deliveryGraceDays: 7, disabled: ['notDispatchedInTime'] })).toEqual([]);
    expect(dutyCheckConfigProblems({ deliveryGraceDays: 0, disabled: ['nope'] })).toEqual(['送达宽限天数须为 1–60 的整数', '未知的检查项：nope']);
  });

  it('dispatched in time: no failure however late we look', () => {
    expect(codes(dispatched('forward', '2025-09-24'), '2025-09-30')).toEqual([]);
  });

  it('acceptance not notified within 15 days of receipt, on the body that received it', () => {
    const c = dispatched('forward', '2025-09-24'); // 15 days: 2025-10-09
    expect(codes(c, '2025-10-09')).toEqual([]);
    expect(failures(c, '2025-10-10')).toEqual([expect.objectContaining({ check: 'acceptanceNotNotifiedInTime', bodyId: BODY, since: '2025-10-10' })]);
  });

  it('not concluded within 60 days of acceptance; a reply in time clears it', () => {
    const c = accepted('2025-09-26'); // 60 days: Tue 2025-11-25
    expect(codes(c, '2025-11-25')).toEqual([]);
    expect(failures(c, '2025-11-26')).toEqual([expect.objectContaining({ check: 'notConcludedInTime', bodyId: BODY, since: '2025-11-26' })]);
    const inTime = accepted('2025-09-26');
    inTime.reply('2025-11-20', 'explain', '政策解释');
    expect(codes(inTime, '2025-11-26')).toEqual([]);
  });

  it('replied but not delivered within the configured days', () => {
    const c = accepted('2025-09-26');
    c.reply('2025-11-20', 'support', '予以支持');
    expect(codes(c, '2025-11-27')).toEqual([]);
    expect(failures(c, '2025-11-28')).toEqual([expect.objectContaining({ check: 'repliedNotDelivered', bodyId: BODY, since: '2025-11-28' })]);
    c.step({ type: 'recordDelivery', on: '2025-11-28', method: 'post' }, A.handler);
    expect(codes(c, '2025-11-30')).toEqual([]);
  });

  it('an assigned matter without its completion report by the set date', () => {
    const c = accepted('2025-09-26', 'assign'); // assignment due 2025-12-10
    c.reply('2025-11-20', 'support', '予以支持');
    c.step({ type: 'recordDelivery', on: '2025-11-21', method: 'post' }, A.handler);
    expect(codes(c, '2025-12-10')).toEqual([]);
    expect(codes(c, '2025-12-11')).toEqual(['completionReportMissing']);
    c.step({ type: 'fileCompletionReport', on: '2025-12-12' }, A.handler);
    // Filed late: still a failure on record, with the day it was filed.
    expect(failures(c, '2025-12-15').find((f) => f.check === 'completionReportMissing')?.detailZh).toContain('实际 2025-12-12 完成');
  });

  it('an extension approved by someone who is not the body’s head', () => {
    // The handler asks first (Art. 34); the approval below names the asker as approver.
    const c = accepted('2025-09-26');
    c.step({ type: 'requestExtension', on: '2025-11-09', days: 20, reason: '情况复杂' }, A.handler);
    c.step({ type: 'extend', on: '2025-11-10', days: 20, reason: '情况复杂', approvedBy: 'u-handler' }, A.head);
    expect(failures(c, '2025-11-11')).toEqual([expect.objectContaining({ check: 'extensionWithoutApproval', bodyId: BODY, since: '2025-11-10' })]);
    const ok = accepted('2025-09-26');
    ok.step({ type: 'requestExtension', on: '2025-11-09', days: 20, reason: '情况复杂' }, A.handler);
    ok.step({ type: 'extend', on: '2025-11-10', days: 20, reason: '情况复杂' }, A.head);
    expect(codes(ok, '2025-11-11')).toEqual([]);
  });

  it('a dissatisfied evaluation is a supervision focus on the responsible body', () => {
    // (This course replied on 12-05, after its 60 days ran out on 11-25: that failure is on record too.)
    const c = delivered('2025-12-08');
    expect(codes(c, '2025-12-09')).toEqual(['notConcludedInTime']);
    c.step({ type: 'evaluate', on: '2025-12-10', rating: 'dissatisfied', comment: '问题没有解决' }, A.system);
    expect(failures(c, '2025-12-11')).toContainEqual(
      expect.objectContaining({ check: 'dissatisfiedEvaluation', bodyId: BODY, since: '2025-12-10', detailZh: '信访人于 2025-12-10 评价不满意：问题没有解决' }),
    );
  });

  it('a repeat petition after the matter concluded, but not one while it was still open', () => {
    const c = delivered('2025-12-08'); // review window: 30 days, to 2026-01-07
    c.step({ type: 'recordRepeatPetition', on: '2025-12-20' }, A.registrar);
    c.step({ type: 'lapse', on: '2026-01-08' }, A.system);
    expect(codes(c, '2026-01-09')).not.toContain('repeatAfterConclusion');
    c.step({ type: 'recordRepeatPetition', on: '2026-01-12' }, A.registrar);
    expect(failures(c, '2026-01-13').filter((f) => f.check === 'repeatAfterConclusion')).toEqual([
      expect.objectContaining({ bodyId: BODY, since: '2026-01-12', detailZh: '事项办结后于 2026-01-12 再次信访' }),
    ]);
  });
});
