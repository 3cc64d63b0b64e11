import { describe, expect, it } from 'vitest';
import { clockView, clockViews } from './clocks';
import { decide } from './decide';
import { replay } from './evolve';
import {
  A,
  BODY,
  Course,
  COURT,
  calendar,
  ctx,
  dueOf,
  facts,
  hearingNotice,
  hearingRecord,
  OTHER_BODY,
  REVIEW_BODY,
  RE_REVIEW_BODY,
  refusalOf,
  CLASSIFY,
} from './lifecycle.testkit';

/**
 * Full courses through every step with real 2025/2026 dates and the real official calendar. Each due date is
 * justified in a comment: plain days are calendar days, the start day is not counted, a last day that is a rest day
 * moves to the next working day; working days follow the official schedule including make-up workdays (调休).
 *
 * 2025 National Day + Mid-Autumn: 10-01..10-08 rest, make-up workdays Sun 09-28 and Sat 10-11.
 * 2026 Spring Festival: 02-15..02-23 rest, make-up workdays Sat 02-14 and Sat 02-28. 2026 Labour Day: 05-01..05-05.
 */
describe('an assigned matter through the whole statutory roadmap (ordinary procedure)', () => {
  it('registers, assigns, accepts, extends, replies, reports, is evaluated, reviewed, re-reviewed with a hearing, and terminates', () => {
    const c = new Course();

    // 1. 登记 by the city bureau on the day of receipt (Fri 2025-09-19).
    const registered = c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
    expect(registered.type).toBe('registered');
    expect(registered.clockEffects).toEqual([{ type: 'start', clock: 'dispatch', from: '2025-09-19', unit: 'days', amount: 15 }]);
    expect(c.status).toBe('registered');
    expect(c.current.responsibleBodyId).toBeNull();
    // Art. 22: 15 days → 10-04, a National Day rest day → first working day after the holiday, Thu 10-09.
    expect(dueOf(c.current, 'dispatch')).toBe('2025-10-09');

    // 2. 依法分类 by the acceptance office (Art. 29–31), then 交办 on Wed 09-24 with a set deadline of 12-10.
    c.step({ ...CLASSIFY, on: '2025-09-22' }, A.acceptanceOfficer);
    const assigned = c.step({ type: 'assign', on: '2025-09-24', toBodyId: BODY, dueOn: '2025-12-10' }, A.acceptanceOfficer);
    expect(assigned.type).toBe('assigned');
    expect(assigned.clockEffects.map((e) => `${e.type}:${e.clock}`)).toEqual([
      'stop:dispatch',
      'start:acceptanceNotice',
      'start:returnWindow',
      'start:assignment',
    ]);
    expect(c.status).toBe('dispatched');
    expect(c.current).toMatchObject({ responsibleBodyId: BODY, dispatch: 'assign', dispatchedOn: '2025-09-24', completionReport: 'due' });
    expect(clockView(c.current.clocks.dispatch!, '2025-09-24', calendar).status).toBe('met');
    // Art. 23 ¶3: 15 days from the body's receipt → Thu 10-09 (a working day).
    expect(dueOf(c.current, 'acceptanceNotice')).toBe('2025-10-09');
    // Art. 23 ¶3: 5 working days → 09-25, 09-26, Sun 09-28 (make-up workday), 09-29, 09-30.
    expect(dueOf(c.current, 'returnWindow')).toBe('2025-09-30');
    // Art. 22 (三): the bureau's date, stored as 77 days from 09-24.
    expect(c.current.clocks.assignment).toMatchObject({ from: '2025-09-24', unit: 'days', amount: 77 });
    expect(dueOf(c.current, 'assignment')).toBe('2025-12-10');

    // 3. 受理 (ordinary) on Fri 09-26.
    const acceptedEvent = c.step({ type: 'accept', on: '2025-09-26', procedure: 'ordinary' }, A.handler);
    expect(acceptedEvent.payload).toEqual({ procedure: 'ordinary' });
    expect(c.status).toBe('accepted');
    expect(c.current.acceptedOn).toBe('2025-09-26');
    // Art. 34: 60 days: 4 left in September + 31 in October = 35 → 10-31, + 25 → Tue 11-25 (a working day; the
    // National Day holiday lies inside the period and does not move it).
    expect(dueOf(c.current, 'handling')).toBe('2025-11-25');
    expect(clockView(c.current.clocks.acceptanceNotice!, '2025-09-26', calendar).status).toBe('met');
    expect(clockView(c.current.clocks.returnWindow!, '2025-09-26', calendar).status).toBe('met');

    // 4. 延期 20 days, asked by the handler and approved by the head on 11-10 → 11-25 + 20 = Mon 12-15.
    const extended = c.extend('2025-11-10', 20, '涉及多个部门，情况复杂');
    expect(extended.payload).toEqual({ days: 20, reason: '涉及多个部门，情况复杂', requestedBy: 'u-handler', approvedBy: 'u-head', totalExtensionDays: 20 });
    expect(extended.clockEffects).toEqual([{ type: 'extend', clock: 'handling', amount: 20 }]);
    expect(c.status).toBe('accepted');
    expect(c.current.extensionDays).toBe(20);
    expect(dueOf(c.current, 'handling')).toBe('2025-12-15');

    // 5. 出具处理意见 on 12-05: the handling clock stops, in time.
    c.reply('2025-12-05', 'explain', '请求事由合理但缺乏法律依据，予以解释说明');
    expect(c.status).toBe('replied');
    expect(c.current.opinion).toEqual({ outcome: 'explain', summary: '请求事由合理但缺乏法律依据，予以解释说明', on: '2025-12-05' });
    expect(clockView(c.current.clocks.handling!, '2025-12-05', calendar)).toMatchObject({ status: 'met', stoppedOn: '2025-12-05', daysLeft: null });

    // 6. 送达 by post on Mon 12-08: the review and evaluation windows open. 30 days → Wed 2026-01-07.
    const delivery = c.step({ type: 'recordDelivery', on: '2025-12-08', method: 'post' }, A.handler);
    expect(delivery.type).toBe('delivered');
    expect(c.status).toBe('replied');
    expect(c.current.deliveredOn).toBe('2025-12-08');
    expect(dueOf(c.current, 'reviewRequestWindow')).toBe('2026-01-07');
    expect(dueOf(c.current, 'evaluationWindow')).toBe('2026-01-07');

    // 7. 办结报告 filed 12-09 (assignment deadline 12-10 met) and approved by the bureau 12-10.
    c.step({ type: 'fileCompletionReport', on: '2025-12-09', summary: '已答复' }, A.handler);
    expect(c.current.completionReport).toBe('filed');
    expect(clockView(c.current.clocks.assignment!, '2025-12-09', calendar).status).toBe('met');
    c.step({ type: 'approveCompletionReport', on: '2025-12-10' }, A.supervisor);
    expect(c.current.completionReport).toBe('approved');
    expect(c.status).toBe('replied');

    // 8. 评价 through the portal on 12-12: dissatisfied.
    c.step({ type: 'evaluate', on: '2025-12-12', rating: 'dissatisfied', comment: '问题未解决' }, A.system);
    expect(c.status).toBe('evaluated');
    expect(c.current.evaluation).toEqual({ rating: 'dissatisfied', comment: '问题未解决', on: '2025-12-12' });
    expect(clockView(c.current.clocks.evaluationWindow!, '2025-12-12', calendar).status).toBe('met');

    // 9. 复查请求 received by the city government on Sat 12-20 → decide within 30 days: Mon 2026-01-19.
    c.step({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.reviewHandler);
    expect(c.status).toBe('review');
    expect(c.current.reviewBodyId).toBe(REVIEW_BODY);
    expect(clockView(c.current.clocks.reviewRequestWindow!, '2025-12-20', calendar).status).toBe('met');
    expect(dueOf(c.current, 'reviewDecision')).toBe('2026-01-19');

    // 10. 复查意见 issued 01-16, delivered Mon 01-19 → re-review window 30 days → 02-18, inside the Spring Festival
    // holiday (02-15..02-23) → Tue 02-24.
    c.appealOpinion('review', '2026-01-16', '2026-01-19', 'notSupport');
    expect(c.status).toBe('reviewed');
    expect(clockView(c.current.clocks.reviewDecision!, '2026-01-16', calendar).status).toBe('met');
    expect(c.current.clocks.reReviewRequestWindow).toMatchObject({ from: '2026-01-19', amount: 30 });
    expect(dueOf(c.current, 'reReviewRequestWindow')).toBe('2026-02-24');

    // 11. 复核请求 on 02-10 → 30 days → Thu 03-12.
    c.step({ type: 'requestReReview', on: '2026-02-10', reReviewBodyId: RE_REVIEW_BODY, reasons: '复查意见未回应补偿标准' }, A.reReviewHandler);
    expect(c.status).toBe('reReview');
    expect(dueOf(c.current, 'reReviewDecision')).toBe('2026-03-12');

    // 12. 听证: notice on Mon 03-02, held and recorded on Wed 03-04: three days (both ends) not counted → 33 days →
    // Sun 03-15 → Mon 03-16.
    const started = c.step(hearingNotice('2026-03-02', '2026-03-04'), A.reReviewHandler);
    expect(started.clockEffects).toEqual([{ type: 'pause', clock: 'reReviewDecision', on: '2026-03-02' }]);
    expect(clockView(c.current.clocks.reReviewDecision!, '2026-03-03', calendar)).toMatchObject({ status: 'paused', pausedDays: 2 });
    const ended = c.step(hearingRecord('2026-03-04'), A.reReviewHandler);
    expect(ended.clockEffects).toEqual([{ type: 'resume', clock: 'reReviewDecision', on: '2026-03-04', days: 3 }]);
    expect(c.current.hearings).toMatchObject([
      {
        startedOn: '2026-03-02',
        endedOn: '2026-03-04',
        plan: { heldOn: '2026-03-04', place: '市信访局听证室', officers: [{ proposedBy: 'petitioner' }, { proposedBy: 'body' }] },
        outcome: { withdrawn: false, petitionerAttended: true },
      },
    ]);
    expect(c.current.clocks.reReviewDecision).toMatchObject({ amount: 30, pausedDays: 3, pausedSince: null });
    expect(dueOf(c.current, 'reReviewDecision')).toBe('2026-03-16');

    // 13. 复核意见 on Fri 03-13: after the un-paused due date (03-12) but within the hearing-adjusted one → met.
    c.appealOpinion('reReview', '2026-03-13', '2026-03-16', 'notSupport');
    expect(c.status).toBe('terminated');
    expect(clockView(c.current.clocks.reReviewDecision!, '2026-03-13', calendar).status).toBe('met');
    expect(clockViews(c.current.clocks, '2026-03-13', calendar).filter((v) => v.stoppedOn === null)).toEqual([]);

    // 14. Art. 36 ¶3: a repeat petition is recorded but refused again; Art. 37 ¶3: the petitioner is still helped.
    const repeat = c.step({ type: 'recordRepeatPetition', on: '2026-04-01', petitionId: 'p-2' }, A.registrar);
    expect(repeat.payload).toMatchObject({ petitionId: 'p-2', refusedAgain: true, pendingHandling: false });
    c.step({ type: 'recordReception', on: '2026-04-01', kind: 'counselling', note: '心理疏导' }, A.registrar);
    expect(c.current).toMatchObject({ status: 'terminated', repeatPetitions: 1, receptions: 1 });

    // 15. No acceptance of a terminated matter.
    const refusal = refusalOf(c.try({ type: 'accept', on: '2026-04-02', procedure: 'ordinary' }, A.handler));
    expect(refusal.code).toBe('INVALID_TRANSITION');
    expect(refusal.messageZh).toContain('不再受理');
    expect(refusal.article).toContain('第三十六条');

    expect(c.events.map((e) => e.type)).toEqual([
      'registered',
      'classified',
      'assigned',
      'accepted',
      'extensionRequested',
      'extended',
      'opinionDrafted',
      'opinionSigned',
      'opinionSigned',
      'opinionSigned',
      'replied',
      'delivered',
      'completionReportFiled',
      'completionReportApproved',
      'evaluated',
      'reviewRequested',
      'opinionDrafted',
      'opinionSigned',
      'opinionSigned',
      'opinionSigned',
      'reviewOpinionIssued',
      'reReviewRequested',
      'hearingStarted',
      'hearingEnded',
      'opinionDrafted',
      'opinionSigned',
      'opinionSigned',
      'opinionSigned',
      'reReviewOpinionIssued',
      'repeatPetitionRecorded',
      'receptionRecorded',
    ]);
    expect(c.current.version).toBe(31);
  });
});

describe('a matter received directly by a body, simple procedure over the 2026 Spring Festival, converted', () => {
  it('accepts on the 3rd working day, converts keeping the acceptance date, extends, replies, and lapses into concluded', () => {
    const c = new Course();
    // Thu 2026-02-12, a visit to the housing bureau itself (Art. 23 ¶1–2).
    c.step({ type: 'register', on: '2026-02-12', facts: facts({ receivedOn: '2026-02-12', registeringBodyId: BODY, registeredByBureau: false, channel: 'visit' }) }, A.bodyRegistrar);
    expect(c.current.responsibleBodyId).toBe(BODY);
    expect(c.current.clocks.dispatch).toBeUndefined();
    // Art. 23 ¶2: tell the petitioner within 15 days → Fri 02-27.
    expect(dueOf(c.current, 'acceptanceNotice')).toBe('2026-02-27');

    // The body that received it classifies it by law (Art. 29–31) before it accepts.
    c.step({ ...CLASSIFY, on: '2026-02-12' }, A.handler);
    // Simple acceptance within 3 working days of receipt: Fri 02-13 (1), Sat 02-14 make-up workday (2), then the
    // holiday 02-15..02-23, Tue 02-24 (3).
    const late = c.try({ type: 'accept', on: '2026-02-25', procedure: 'simple', eligibilityBasis: 'factsClear', likelyNotSupported: false, statutoryProcedureAvailable: false, multipleBodies: false }, A.handler);
    expect(refusalOf(late)).toMatchObject({ code: 'SIMPLE_ACCEPTANCE_TOO_LATE', guard: 'simpleDecidedInTime' });
    c.step({ type: 'accept', on: '2026-02-24', procedure: 'simple', eligibilityBasis: 'factsClear', likelyNotSupported: false, statutoryProcedureAvailable: false, multipleBodies: false }, A.handler);
    expect(c.current).toMatchObject({ status: 'accepted', procedure: 'simple', simpleEligibility: 'factsClear', acceptedOn: '2026-02-24' });
    expect(clockView(c.current.clocks.acceptanceNotice!, '2026-02-24', calendar).status).toBe('met');
    // 10 working days: 02-25, 02-26, 02-27, Sat 02-28 (make-up), 03-02, 03-03, 03-04, 03-05, 03-06, Mon 03-09.
    expect(c.current.clocks.handling).toMatchObject({ unit: 'workingDays', amount: 10 });
    expect(dueOf(c.current, 'handling')).toBe('2026-03-09');

    // 转为普通程序 on 03-02 with the head's approval: 60 days from the ORIGINAL acceptance (02-24) → Sat 04-25 →
    // Mon 04-27 (04-25/26 are an ordinary weekend in 2026).
    const converted = c.step({ type: 'convert', on: '2026-03-02', reason: '需调查核实，不宜简易办理' }, A.head);
    expect(converted.payload).toMatchObject({ approvedBy: 'u-head', acceptedOn: '2026-02-24' });
    expect(converted.clockEffects).toEqual([{ type: 'start', clock: 'handling', from: '2026-02-24', unit: 'days', amount: 60 }]);
    expect(c.current).toMatchObject({ procedure: 'ordinary', acceptedOn: '2026-02-24' });
    expect(dueOf(c.current, 'handling')).toBe('2026-04-27');

    // Extend 10 days on 04-20: 70 days → 05-05, inside the Labour Day holiday (05-01..05-05) → Wed 05-06.
    c.extend('2026-04-20', 10, '需补充调查');
    expect(dueOf(c.current, 'handling')).toBe('2026-05-06');

    c.reply('2026-04-28', 'support', '予以支持');
    c.step({ type: 'recordDelivery', on: '2026-04-29', method: 'inPerson' }, A.handler);
    // 30 days from Wed 04-29 → Fri 05-29.
    expect(dueOf(c.current, 'reviewRequestWindow')).toBe('2026-05-29');

    // Not a completion report: it was not assigned.
    expect(refusalOf(c.try({ type: 'fileCompletionReport', on: '2026-04-30' }, A.handler))).toMatchObject({ code: 'NOT_ASSIGNED' });

    // The scheduler closes the window the day after it ends, not on its last day.
    expect(refusalOf(c.try({ type: 'lapse', on: '2026-05-29' }, A.system))).toMatchObject({ code: 'WINDOW_STILL_OPEN' });
    const lapsed = c.step({ type: 'lapse', on: '2026-05-30' }, A.system);
    expect(lapsed.payload).toEqual({ window: 'reviewRequestWindow' });
    expect(c.status).toBe('concluded');
    // Stopped after its due date by lapse → closed; the evaluation window was never used → closed too.
    expect(clockView(c.current.clocks.reviewRequestWindow!, '2026-05-30', calendar).status).toBe('closed');
    expect(clockView(c.current.clocks.evaluationWindow!, '2026-05-30', calendar).status).toBe('closed');

    // A repeat petition on a concluded matter is recorded, not refused again (only after re-review, Art. 36 ¶3).
    const repeat = c.step({ type: 'recordRepeatPetition', on: '2026-06-01' }, A.bodyRegistrar);
    expect(repeat.payload).toEqual({ refusedAgain: false, pendingHandling: false });
    expect(c.status).toBe('concluded');
  });
});

describe('side paths', () => {
  it('return upheld: back to registered, the dispatch clock continues from the original receipt; re-dispatched', () => {
    const c = new Course();
    c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
    c.step({ ...CLASSIFY, on: '2025-09-19' }, A.acceptanceOfficer);
    c.step({ type: 'forward', on: '2025-09-26', toBodyId: OTHER_BODY }, A.acceptanceOfficer);
    c.step({ type: 'requestReturn', on: '2025-10-10', reason: '不属于本单位职责' }, A.otherHandler);
    expect(c.status).toBe('returnRequested');
    expect(c.current.returnRequest).toEqual({ on: '2025-10-10', reason: '不属于本单位职责' });
    const upheld = c.step({ type: 'upholdReturn', on: '2025-10-13' }, A.acceptanceOfficer);
    expect(upheld.clockEffects).toEqual([
      { type: 'stop', clock: 'acceptanceNotice', on: '2025-10-13' },
      { type: 'start', clock: 'dispatch', from: '2025-09-19', unit: 'days', amount: 15 },
    ]);
    expect(c.current).toMatchObject({ status: 'registered', responsibleBodyId: null, dispatch: null, dispatchedOn: null, returnRequest: null });
    // Due 10-09 as before: on 10-13 the bureau is already overdue for this matter.
    expect(clockView(c.current.clocks.dispatch!, '2025-10-13', calendar)).toMatchObject({ due: '2025-10-09', status: 'overdue', daysLeft: -4 });
    c.step({ type: 'forward', on: '2025-10-14', toBodyId: BODY }, A.acceptanceOfficer);
    expect(clockView(c.current.clocks.dispatch!, '2025-10-14', calendar).status).toBe('late');
    expect(c.current.responsibleBodyId).toBe(BODY);
  });

  it('return dismissed: back to dispatched; the acceptance-notice clock kept running from the receipt', () => {
    const c = new Course();
    c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
    c.step({ ...CLASSIFY, on: '2025-09-19' }, A.acceptanceOfficer);
    c.step({ type: 'forward', on: '2025-09-26', toBodyId: BODY }, A.acceptanceOfficer);
    c.step({ type: 'requestReturn', on: '2025-09-29', reason: '不属于本单位职责' }, A.handler);
    const dismissed = c.step({ type: 'dismissReturn', on: '2025-09-30', reason: '属于住建部门职责' }, A.acceptanceOfficer);
    expect(dismissed.clockEffects).toEqual([]);
    expect(c.status).toBe('dispatched');
    // 15 days from Fri 09-26 → Sat 10-11, a make-up workday, so it stays.
    expect(dueOf(c.current, 'acceptanceNotice')).toBe('2025-10-11');
    // The objection was made: no second one.
    expect(refusalOf(c.try({ type: 'requestReturn', on: '2025-10-09', reason: 'again' }, A.handler)).code).toBe('RETURN_WINDOW_CLOSED');
  });

  it('rejected at the bureau (Art. 19 ¶3) and redirected to the court (诉访分离) stop every clock', () => {
    const r = new Course();
    // Screening found the same matter in hand at a lower body within its time limit (越级访).
    r.step({ type: 'register', on: '2025-09-19', facts: facts(), levelSkipping: { matterId: 'm-county', matterNumber: 'XF140105202500001', bodyId: OTHER_BODY } }, A.registrar);
    const rejected = r.step({ type: 'reject', on: '2025-09-22', reasonCode: 'levelSkipping', article: '《信访工作条例》第十九条第三款', reason: '下级正在办理期限内' }, A.acceptanceOfficer);
    expect(rejected.clockEffects).toEqual([{ type: 'stop', clock: 'dispatch', on: '2025-09-22' }]);
    expect(r.current).toMatchObject({ status: 'rejected', rejection: { reasonCode: 'levelSkipping' } });

    const d = new Course();
    d.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
    d.step({ ...CLASSIFY, on: '2025-09-19' }, A.acceptanceOfficer);
    d.step({ type: 'forward', on: '2025-09-22', toBodyId: BODY }, A.acceptanceOfficer);
    d.step({ type: 'accept', on: '2025-09-23', procedure: 'ordinary' }, A.handler);
    const redirected = d.step({ type: 'redirect', on: '2025-09-24', channel: 'legalAffairs', toBodyId: COURT, reason: '涉诉' }, A.handler);
    expect(redirected.clockEffects).toEqual([{ type: 'stop', clock: 'handling', on: '2025-09-24' }]);
    expect(d.current).toMatchObject({ status: 'redirected', redirection: { channel: 'legalAffairs', toBodyId: COURT } });
    expect(d.try({ type: 'reply', on: '2025-09-25', outcome: 'support', summary: 'x' }, A.handler).ok).toBe(false);
  });

  it('completion report returned: back to handling with the original limits, the reply withdrawn', () => {
    const c = new Course();
    c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
    c.step({ ...CLASSIFY, on: '2025-09-19' }, A.acceptanceOfficer);
    c.step({ type: 'assign', on: '2025-09-24', toBodyId: BODY, dueOn: '2025-12-10' }, A.acceptanceOfficer);
    c.step({ type: 'accept', on: '2025-09-26', procedure: 'ordinary' }, A.handler);
    c.reply('2025-11-20', 'notSupport', '不予支持');
    c.step({ type: 'recordDelivery', on: '2025-11-21', method: 'sms' }, A.handler);
    c.step({ type: 'fileCompletionReport', on: '2025-11-24' }, A.handler);
    const returned = c.step({ type: 'returnCompletionReport', on: '2025-11-26', reason: '未核实关键事实' }, A.supervisor);
    expect(returned.clockEffects).toEqual([
      { type: 'stop', clock: 'reviewRequestWindow', on: '2025-11-26' },
      { type: 'stop', clock: 'evaluationWindow', on: '2025-11-26' },
      { type: 'start', clock: 'handling', from: '2025-09-26', unit: 'days', amount: 60 },
      { type: 'start', clock: 'assignment', from: '2025-09-24', unit: 'days', amount: 77 },
    ]);
    expect(c.current).toMatchObject({ status: 'accepted', completionReport: 'returned', opinion: null, deliveredOn: null });
    // The 60 days ended 11-25: the re-handling is overdue on 11-26; the assignment date 12-10 still runs.
    expect(clockView(c.current.clocks.handling!, '2025-11-26', calendar).status).toBe('overdue');
    expect(clockView(c.current.clocks.assignment!, '2025-11-26', calendar).status).toBe('running');
    c.reply('2025-12-01', 'notSupport', '补充核实后不予支持');
    c.step({ type: 'fileCompletionReport', on: '2025-12-02' }, A.handler);
    expect(c.current.completionReport).toBe('filed');
    expect(clockView(c.current.clocks.handling!, '2025-12-02', calendar).status).toBe('late');
  });

  it('a repeat petition while the matter is being handled is flagged pendingHandling (Art. 19 ¶3)', () => {
    const c = new Course();
    c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
    const e = c.step({ type: 'recordRepeatPetition', on: '2025-09-20', receivedOn: '2025-09-20' }, A.system);
    expect(e.payload).toEqual({ receivedOn: '2025-09-20', refusedAgain: false, pendingHandling: true });
    expect(c.status).toBe('registered');
  });

  it('never mutates the state it decides on', () => {
    const c = new Course();
    c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
    c.step({ ...CLASSIFY, on: '2025-09-19' }, A.acceptanceOfficer);
    c.step({ type: 'forward', on: '2025-09-22', toBodyId: BODY }, A.acceptanceOfficer);
    const before = JSON.stringify(c.current);
    deepFreeze(c.current);
    c.step({ type: 'accept', on: '2025-09-23', procedure: 'ordinary' }, A.handler);
    c.reply('2025-09-24', 'support', '予以支持');
    expect(c.events).toHaveLength(9);
    expect(JSON.stringify(replay(c.events.slice(0, 3)))).toBe(before);
  });

  it('the default legal date is today in China time', () => {
    // 20:00 UTC on 09-19 is 04:00 on 09-20 in Beijing.
    const d = decide(null, { type: 'register', facts: facts({ receivedOn: '2025-09-20' }) }, ctx(A.registrar, new Date('2025-09-19T20:00:00Z')));
    expect(d.ok && d.events[0]!.on).toBe('2025-09-20');
  });
});


function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
