import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import {
  A,
  accepted,
  BODY,
  Course,
  ctx,
  delivered,
  dispatched,
  dueOf,
  facts,
  hearingNotice,
  hearingRecord,
  inReReview,
  OTHER_BODY,
  refusalOf,
  REVIEW_BODY,
  RE_REVIEW_BODY,
  reviewed,
  CLASSIFY,
  classified,
} from './lifecycle.testkit';
import type { AcceptSimpleCommand, Command, MatterFacts } from './types';

const simple = (on: string, over: Partial<AcceptSimpleCommand> = {}): AcceptSimpleCommand => ({
  type: 'accept',
  on,
  procedure: 'simple',
  eligibilityBasis: 'factsClear',
  likelyNotSupported: false,
  statutoryProcedureAvailable: false,
  multipleBodies: false,
  ...over,
});

describe('dates (every command)', () => {
  it('refuses a legal date in the future (China time) and accepts today', () => {
    const now = new Date('2025-09-19T04:00:00Z'); // 12:00 in Beijing, 09-19
    const future = decide(null, { type: 'register', on: '2025-09-20', facts: facts() }, ctx(A.registrar, now));
    expect(refusalOf(future)).toMatchObject({ code: 'DATE_IN_FUTURE', guard: 'onNotInFuture' });
    expect(decide(null, { type: 'register', on: '2025-09-19', facts: facts() }, ctx(A.registrar, now)).ok).toBe(true);
  });

  it('refuses a date before the previous event, and a date that does not exist', () => {
    const c = dispatched('forward', '2025-09-24');
    expect(refusalOf(c.try({ type: 'accept', on: '2025-09-23', procedure: 'ordinary' }, A.handler))).toMatchObject({ code: 'DATE_BEFORE_LAST_EVENT' });
    expect(refusalOf(c.try({ type: 'accept', on: '2025-02-30', procedure: 'ordinary' }, A.handler))).toMatchObject({ code: 'VALIDATION', guard: 'onIsDate' });
    expect(c.try({ type: 'accept', on: '2025-09-24', procedure: 'ordinary' }, A.handler).ok).toBe(true);
  });

  it('refuses registration dated before receipt', () => {
    const d = decide(null, { type: 'register', on: '2025-09-18', facts: facts() }, ctx(A.registrar));
    expect(refusalOf(d)).toMatchObject({ code: 'VALIDATION', guard: 'factsValid' });
  });
});

describe('who acts', () => {
  it('registration: the registering body’s registrar or the portal; not another body, not an admin', () => {
    expect(decide(null, { type: 'register', on: '2025-09-19', facts: facts() }, ctx(A.system)).ok).toBe(true);
    for (const actor of [A.handler, A.adminAtBureau, A.bodyRegistrar]) {
      expect(refusalOf(decide(null, { type: 'register', on: '2025-09-19', facts: facts() }, ctx(actor))).code).toBe('FORBIDDEN');
    }
  });

  it('dispatch: only the registering bureau’s acceptance officer (matter.dispatch), not its desk', () => {
    const c = new Course();
    c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
    c.step({ ...CLASSIFY, on: '2025-09-19' }, A.acceptanceOfficer);
    for (const actor of [A.registrar, A.handler, A.head, A.supervisor, A.adminAtBureau, A.system]) {
      expect(refusalOf(c.try({ type: 'forward', on: '2025-09-22', toBodyId: BODY }, actor))).toMatchObject({ code: 'FORBIDDEN', guard: 'isDispatcher' });
    }
    expect(refusalOf(c.try({ type: 'forward', on: '2025-09-22', toBodyId: 'city-petition-bureau' }, A.acceptanceOfficer)).code).toBe('VALIDATION');
    expect(refusalOf(c.try({ type: 'assign', on: '2025-09-22', toBodyId: BODY, dueOn: '2025-09-22' }, A.acceptanceOfficer))).toMatchObject({ guard: 'assignmentDueAfterDispatch' });
  });

  it('a bureau-registered matter is not accepted before dispatch', () => {
    const c = new Course();
    c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
    c.step({ ...CLASSIFY, on: '2025-09-19' }, A.acceptanceOfficer);
    expect(refusalOf(c.try({ type: 'accept', on: '2025-09-22', procedure: 'ordinary' }, A.handler)).code).toBe('NOT_DISPATCHED');
  });

  it('acceptance: the responsible body’s handler or head; not another body, not a registrar there, not an admin', () => {
    const c = dispatched();
    for (const actor of [A.otherHandler, A.bodyRegistrar, A.adminAtBody, A.acceptanceOfficer, A.system]) {
      expect(refusalOf(c.try({ type: 'accept', on: '2025-09-26', procedure: 'ordinary' }, actor))).toMatchObject({
        code: 'FORBIDDEN',
        guard: 'isResponsibleStaff',
      });
    }
    expect(c.try({ type: 'accept', on: '2025-09-26', procedure: 'ordinary' }, A.head).ok).toBe(true);
  });

  it('an extension is asked by the responsible body and approved by its head, not the handler or an admin', () => {
    const c = accepted();
    for (const actor of [A.adminAtBody, A.otherHandler]) {
      expect(refusalOf(c.try({ type: 'requestExtension', on: '2025-11-10', days: 10, reason: '复杂' }, actor)).guard).toBe('isResponsibleStaff');
    }
    c.step({ type: 'requestExtension', on: '2025-11-10', days: 10, reason: '复杂' }, A.handler);
    for (const actor of [A.handler, A.adminAtBody, A.otherHandler]) {
      for (const type of ['extend', 'refuseExtension'] as const) {
        expect(refusalOf(c.try({ type, on: '2025-11-10', reason: '复杂' }, actor))).toMatchObject({
          code: 'FORBIDDEN',
          guard: 'isExtensionApprover',
          article: '《信访工作条例》第三十四条',
        });
      }
    }
  });

  it('review opinions come from the review body, re-review acts from the re-review body, lapse from the system', () => {
    const r = delivered();
    r.step({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.reviewHandler);
    for (const actor of [A.handler, A.reReviewHandler, A.adminAtBureau]) {
      expect(refusalOf(r.try({ type: 'issueReviewOpinion', on: '2026-01-10', outcome: 'support', deliveredOn: '2026-01-10' }, actor)).guard).toBe('isReviewBodyStaff');
    }
    const rr = inReReview();
    expect(refusalOf(rr.try(hearingNotice('2026-03-02'), A.reviewHandler)).guard).toBe('isReReviewBodyStaff');
    const lapsing = delivered();
    expect(refusalOf(lapsing.try({ type: 'lapse', on: '2026-01-08' }, A.adminAtBureau)).guard).toBe('isSystem');
    expect(lapsing.try({ type: 'lapse', on: '2026-01-08' }, A.system).ok).toBe(true);
  });

  it('a review request is recorded by the requested review body (or the portal)', () => {
    const c = delivered();
    expect(refusalOf(c.try({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.otherHandler)).guard).toBe('atRequestedReviewBody');
    expect(refusalOf(c.try({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.auditor)).guard).toBe('mayReceiveAppeal');
    expect(refusalOf(c.try({ type: 'requestReview', on: '2025-12-20', reviewBodyId: BODY, reasons: '处理意见认定事实有误' }, A.system)).guard).toBe('reviewBodyIsNotHandler');
    expect(c.try({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.system).ok).toBe(true);
  });

  it('evaluation comes from the portal or the bureau’s callback, never from the handler', () => {
    const c = delivered();
    expect(refusalOf(c.try({ type: 'evaluate', on: '2025-12-10', rating: 'satisfied' }, A.handler)).guard).toBe('isEvaluationRecorder');
    expect(c.try({ type: 'evaluate', on: '2025-12-10', rating: 'satisfied' }, A.supervisor).ok).toBe(true);
  });
});

describe('Art. 23 ¶3: the return window (5 working days over the 2025 National Day / Mid-Autumn holiday)', () => {
  // Forwarded Fri 09-26: Sun 09-28 (make-up) 1, 09-29 2, 09-30 3, [10-01..10-08 rest] 10-09 4, 10-10 5.
  const c = dispatched('forward', '2025-09-26');

  it('is due on Fri 10-10', () => {
    expect(dueOf(c.current, 'returnWindow')).toBe('2025-10-10');
  });

  it('allows working day 5', () => {
    expect(c.try({ type: 'requestReturn', on: '2025-10-10', reason: '不属于本单位职责' }, A.handler).ok).toBe(true);
  });

  it('refuses working day 6 (Sat 10-11, a make-up workday)', () => {
    expect(refusalOf(c.try({ type: 'requestReturn', on: '2025-10-11', reason: '不属于本单位职责' }, A.handler))).toMatchObject({
      code: 'RETURN_WINDOW_CLOSED',
      guard: 'withinReturnWindow',
      article: '《信访工作条例》第二十三条第三款',
    });
  });

  it('requires a reason', () => {
    expect(refusalOf(c.try({ type: 'requestReturn', on: '2025-10-09', reason: ' ' }, A.handler))).toMatchObject({ code: 'VALIDATION', guard: 'reasonGiven' });
  });

  it('closes once the body accepts', () => {
    const a = dispatched('forward', '2025-09-26');
    a.step({ type: 'accept', on: '2025-09-29', procedure: 'ordinary' }, A.handler);
    expect(a.try({ type: 'requestReturn', on: '2025-09-30', reason: 'x' }, A.handler).ok).toBe(false);
  });
});

/** A classified matter, then the given dispatch command by the acceptance office. */
function classifiedThen(command: Command): Course {
  const c = classified();
  c.step(command, A.acceptanceOfficer);
  return c;
}

describe('the simple procedure (《信访事项简易办理办法（试行）》)', () => {
  const on = '2025-09-25';
  const refusedFor = (f: Partial<MatterFacts>, over: Partial<AcceptSimpleCommand> = {}) =>
    refusalOf(dispatched('forward', '2025-09-24', f).try(simple(on, over), A.handler));

  it('is allowed for a first, non-collective, non-referred petition decided in time', () => {
    expect(dispatched('forward', '2025-09-24').try(simple(on), A.handler).ok).toBe(true);
  });

  it.each([
    [{ firstPetition: false }, {}, 'SIMPLE_NOT_FIRST_PETITION'],
    [{ referredByHigherLevel: true, assignedByHigherLevel: true }, {}, 'SIMPLE_ASSIGNED_BY_HIGHER_LEVEL'],
    // Facts stored before assignedByHigherLevel existed: any higher-level referral, as then.
    [{ referredByHigherLevel: true }, {}, 'SIMPLE_ASSIGNED_BY_HIGHER_LEVEL'],
    [{ collective: true }, {}, 'SIMPLE_COLLECTIVE'],
    [{}, { multipleBodies: true }, 'SIMPLE_MULTIPLE_BODIES'],
    [{}, { likelyNotSupported: true }, 'SIMPLE_LIKELY_NOT_SUPPORTED'],
    [{}, { statutoryProcedureAvailable: true }, 'SIMPLE_STATUTORY_PROCEDURE'],
  ] as const)('refuses %o %o with %s, while the ordinary procedure stays open', (f, over, code) => {
    expect(refusedFor(f, over)).toMatchObject({ code, article: '《信访事项简易办理办法（试行）》' });
    expect(dispatched('forward', '2025-09-24', f).try({ type: 'accept', on, procedure: 'ordinary' }, A.handler).ok).toBe(true);
  });

  it('is keyed on 交办 by a higher level: a higher level’s mere 转送 may be handled simply, its 交办 may not', () => {
    // A referral the higher level only forwarded (转送).
    expect(dispatched('forward', '2025-09-24', { channel: 'referral', referredByHigherLevel: true, assignedByHigherLevel: false }).try(simple(on), A.handler).ok).toBe(true);
    // This platform's 交办 by a bureau of a higher level than the body (the service fills byHigherLevel from the org tree).
    const higher = classifiedThen({ type: 'assign', on: '2025-09-24', toBodyId: BODY, dueOn: '2025-12-10', byHigherLevel: true });
    expect(refusalOf(higher.try(simple(on), A.handler))).toMatchObject({ code: 'SIMPLE_ASSIGNED_BY_HIGHER_LEVEL', guard: 'simpleNotForHigherLevelAssignment' });
    expect(higher.try({ type: 'accept', on, procedure: 'ordinary' }, A.handler).ok).toBe(true);
    // A same-level bureau's 交办 is not a higher level's.
    const same = classifiedThen({ type: 'assign', on: '2025-09-24', toBodyId: BODY, dueOn: '2025-12-10', byHigherLevel: false });
    expect(same.try(simple(on), A.handler).ok).toBe(true);
  });

  it('takes the fifth ground 其他可以简易办理的 only with a stated reason', () => {
    const c = dispatched('forward', '2025-09-24');
    expect(refusalOf(c.try(simple(on, { eligibilityBasis: 'other' }), A.handler))).toMatchObject({ code: 'SIMPLE_OTHER_BASIS_REASON_REQUIRED', article: '《信访事项简易办理办法（试行）》' });
    expect(refusalOf(c.try(simple(on, { eligibilityBasis: 'other', eligibilityReason: '  ' }), A.handler)).code).toBe('SIMPLE_OTHER_BASIS_REASON_REQUIRED');
    c.step(simple(on, { eligibilityBasis: 'other', eligibilityReason: '信访人仅要求补办证明，可当场办理' }), A.handler);
    expect(c.current.simpleEligibility).toBe('other');
  });

  it('refuses a decision after 3 working days of the body’s receipt (over the holiday: due 09-29)', () => {
    // Dispatched Wed 09-24: 09-25 1, 09-26 2, Sun 09-28 (make-up) 3.
    const c = dispatched('forward', '2025-09-24');
    expect(c.try(simple('2025-09-28'), A.handler).ok).toBe(true);
    expect(refusalOf(c.try(simple('2025-09-29'), A.handler)).code).toBe('SIMPLE_ACCEPTANCE_TOO_LATE');
  });

  it('requires an eligibility basis', () => {
    const bad = { ...simple(on), eligibilityBasis: 'whatever' } as unknown as AcceptSimpleCommand;
    expect(refusalOf(dispatched().try(bad, A.handler)).guard).toBe('procedureValid');
  });

  it('counts simple handling in working days: 10 from Thu 09-25 → Wed 10-15 (across the 8-day holiday)', () => {
    const c = dispatched('forward', '2025-09-24');
    c.step(simple('2025-09-25'), A.handler);
    // 09-26 1, 09-28 2, 09-29 3, 09-30 4, 10-09 5, 10-10 6, 10-11 (make-up) 7, 10-13 8, 10-14 9, 10-15 10.
    expect(dueOf(c.current, 'handling')).toBe('2025-10-15');
  });
});

describe('Art. 34: extension', () => {
  const ask = (on: string, days: number, reason = '复杂') => ({ type: 'requestExtension', on, days, reason }) as const;

  it('refuses asking for 31 days at once', () => {
    expect(refusalOf(accepted().try(ask('2025-11-10', 31), A.handler))).toMatchObject({
      code: 'EXTENSION_EXCEEDS_MAXIMUM',
      guard: 'extensionWithinMaximum',
    });
  });

  it('allows 20 + 10, then nothing more', () => {
    const c = accepted();
    c.extend('2025-11-10', 20, '复杂');
    c.extend('2025-12-01', 10, '仍需调查');
    expect(c.current.extensionDays).toBe(30);
    // 60 + 30 = 90 days from 09-26 → Thu 12-25.
    expect(dueOf(c.current, 'handling')).toBe('2025-12-25');
    expect(refusalOf(c.try(ask('2025-12-02', 1, 'x'), A.handler)).guard).toBe('extensionRemaining');
  });

  it('refuses 20 + 11', () => {
    const c = accepted();
    c.extend('2025-11-10', 20, '复杂');
    expect(refusalOf(c.try(ask('2025-12-01', 11, 'x'), A.handler)).code).toBe('EXTENSION_EXCEEDS_MAXIMUM');
  });

  it('refuses 0 or fractional days', () => {
    expect(refusalOf(accepted().try(ask('2025-11-10', 0, 'x'), A.handler)).guard).toBe('extensionDaysValid');
    expect(refusalOf(accepted().try(ask('2025-11-10', 1.5, 'x'), A.handler)).guard).toBe('extensionDaysValid');
  });

  it('refuses extension on the simple procedure', () => {
    const c = dispatched('forward', '2025-09-24');
    c.step(simple('2025-09-25'), A.handler);
    expect(refusalOf(c.try(ask('2025-09-29', 5, 'x'), A.handler))).toMatchObject({ code: 'EXTENSION_NOT_ORDINARY' });
  });

  it('refuses extension after the handling time limit passed (11-25), even when asked in time', () => {
    const c = accepted();
    c.step(ask('2025-11-25', 5, 'x'), A.handler);
    expect(c.try({ type: 'extend', on: '2025-11-25' }, A.head).ok).toBe(true);
    expect(refusalOf(c.try({ type: 'extend', on: '2025-11-26' }, A.head)).code).toBe('HANDLING_TIME_LIMIT_PASSED');
  });

  it('is not available after the reply', () => {
    const c = delivered();
    expect(refusalOf(c.try(ask('2025-12-09', 5, 'x'), A.handler)).code).toBe('INVALID_TRANSITION');
    expect(refusalOf(c.try({ type: 'extend', on: '2025-12-09' }, A.head)).code).toBe('INVALID_TRANSITION');
  });

  it('moves the clock only when the head approves: the request waits on the matter', () => {
    const c = accepted();
    const asked = c.step(ask('2025-11-10', 20, '涉及多个部门，需联合调查'), A.handler);
    expect(asked.type).toBe('extensionRequested');
    expect(asked.clockEffects).toEqual([]);
    expect(dueOf(c.current, 'handling')).toBe('2025-11-25');
    expect(c.current.extensionRequest).toEqual({ on: '2025-11-10', days: 20, reason: '涉及多个部门，需联合调查', requestedBy: 'u-handler' });
    // One request at a time.
    expect(refusalOf(c.try(ask('2025-11-11', 5), A.handler)).code).toBe('EXTENSION_REQUEST_PENDING');
    // The head may grant fewer days than asked, never more.
    expect(refusalOf(c.try({ type: 'extend', on: '2025-11-12', days: 21 }, A.head)).guard).toBe('extensionWithinRequest');
    const approved = c.step({ type: 'extend', on: '2025-11-12', days: 15 }, A.principal);
    expect(approved.payload).toMatchObject({ days: 15, reason: '涉及多个部门，需联合调查', requestedBy: 'u-handler', approvedBy: 'u-principal' });
    expect(c.current).toMatchObject({ extensionDays: 15, extensionRequest: null });
    expect(dueOf(c.current, 'handling')).toBe('2025-12-10');
  });

  it('a refusal keeps the time limit and closes the request; without a request there is nothing to approve', () => {
    const c = accepted();
    expect(refusalOf(c.try({ type: 'extend', on: '2025-11-10' }, A.head)).code).toBe('NO_EXTENSION_REQUEST');
    c.step(ask('2025-11-10', 10), A.handler);
    expect(refusalOf(c.try({ type: 'refuseExtension', on: '2025-11-11', reason: ' ' }, A.head)).guard).toBe('reasonGiven');
    const refused = c.step({ type: 'refuseExtension', on: '2025-11-11', reason: '可在原期限内办结' }, A.head);
    expect(refused.clockEffects).toEqual([]);
    expect(c.current).toMatchObject({ extensionDays: 0, extensionRequest: null });
    expect(dueOf(c.current, 'handling')).toBe('2025-11-25');
    expect(refusalOf(c.try({ type: 'extend', on: '2025-11-12' }, A.head)).code).toBe('NO_EXTENSION_REQUEST');
  });

  it('is approved by a head holding a head position, never by the one who asked', () => {
    const c = accepted();
    c.step(ask('2025-11-10', 10), A.head);
    expect(refusalOf(c.try({ type: 'extend', on: '2025-11-10' }, A.head)).code).toBe('EXTENSION_SELF_APPROVAL');
    // A leader whose account has no position yet is told to have it set.
    const unplaced = { ...A.principal, position: null };
    expect(refusalOf(c.try({ type: 'extend', on: '2025-11-10' }, unplaced))).toMatchObject({ code: 'POSITION_REQUIRED', guard: 'isExtensionApprover' });
    expect(refusalOf(c.try({ type: 'extend', on: '2025-11-10' }, unplaced)).messageZh).toContain('未设置职务');
    expect(c.try({ type: 'extend', on: '2025-11-10' }, A.principal).ok).toBe(true);
  });
});

describe('conversion simple → ordinary keeps the original acceptance date', () => {
  it('counts the 60 days from the simple acceptance, not from the conversion', () => {
    const c = dispatched('forward', '2025-09-24');
    c.step(simple('2025-09-25'), A.handler);
    c.step({ type: 'convert', on: '2025-10-10', reason: '需调查' }, A.head);
    // 60 days from 09-25 → Mon 11-24 (from 10-10 it would have been 12-09).
    expect(c.current.clocks.handling).toMatchObject({ from: '2025-09-25', unit: 'days', amount: 60 });
    expect(dueOf(c.current, 'handling')).toBe('2025-11-24');
    expect(c.current.acceptedOn).toBe('2025-09-25');
    expect(refusalOf(c.try({ type: 'convert', on: '2025-10-11', reason: 'again' }, A.head)).code).toBe('NOT_SIMPLE_PROCEDURE');
  });

  it('refuses conversion by the handler and after the simple limit passed', () => {
    const c = dispatched('forward', '2025-09-24');
    c.step(simple('2025-09-25'), A.handler);
    expect(refusalOf(c.try({ type: 'convert', on: '2025-10-10', reason: 'x' }, A.handler)).guard).toBe('isResponsibleHead');
    expect(refusalOf(c.try({ type: 'convert', on: '2025-10-16', reason: 'x' }, A.head)).code).toBe('HANDLING_TIME_LIMIT_PASSED');
  });
});

describe('Art. 35: review within 30 days of delivery (delivered Mon 2025-12-08)', () => {
  it('allows day 30 (Wed 2026-01-07)', () => {
    expect(delivered().try({ type: 'requestReview', on: '2026-01-07', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.reviewHandler).ok).toBe(true);
  });

  it('refuses day 31', () => {
    expect(refusalOf(delivered().try({ type: 'requestReview', on: '2026-01-08', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.reviewHandler))).toMatchObject({
      code: 'REVIEW_WINDOW_CLOSED',
      article: '《信访工作条例》第三十五条',
    });
  });

  it('refuses a request before the reply is delivered', () => {
    const c = accepted();
    c.reply('2025-12-05', 'notSupport', '不予支持');
    expect(refusalOf(c.try({ type: 'requestReview', on: '2025-12-06', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.reviewHandler))).toMatchObject({
      code: 'REPLY_NOT_DELIVERED',
    });
    expect(refusalOf(c.try({ type: 'evaluate', on: '2025-12-06', rating: 'satisfied' }, A.system)).code).toBe('REPLY_NOT_DELIVERED');
    expect(refusalOf(c.try({ type: 'lapse', on: '2026-06-01' }, A.system)).code).toBe('WINDOW_NOT_RUNNING');
  });

  it('refuses a second delivery and an evaluation after its window', () => {
    const c = delivered();
    expect(refusalOf(c.try({ type: 'recordDelivery', on: '2025-12-09', method: 'post' }, A.handler)).code).toBe('ALREADY_DELIVERED');
    expect(refusalOf(c.try({ type: 'evaluate', on: '2026-01-08', rating: 'satisfied' }, A.system)).code).toBe('EVALUATION_WINDOW_CLOSED');
  });
});

describe('Art. 36: re-review', () => {
  it('allows the request until the holiday-shifted last day (02-18 → 02-24) and refuses the day after', () => {
    expect(reviewed().try({ type: 'requestReReview', on: '2026-02-24', reReviewBodyId: RE_REVIEW_BODY, reasons: '复查意见未回应补偿标准' }, A.reReviewHandler).ok).toBe(true);
    expect(refusalOf(reviewed().try({ type: 'requestReReview', on: '2026-02-25', reReviewBodyId: RE_REVIEW_BODY, reasons: '复查意见未回应补偿标准' }, A.reReviewHandler)).code).toBe(
      'RE_REVIEW_WINDOW_CLOSED',
    );
  });

  it('refuses a request before the review opinion reached the petitioner (window opens on delivery)', () => {
    const c = delivered();
    c.step({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.reviewHandler);
    c.appealOpinion('review', '2026-01-10', '2026-01-14', 'notSupport');
    expect(refusalOf(c.try({ type: 'requestReReview', on: '2026-01-12', reReviewBodyId: RE_REVIEW_BODY, reasons: '复查意见未回应补偿标准' }, A.reReviewHandler)).code).toBe(
      'RE_REVIEW_WINDOW_CLOSED',
    );
  });

  it('refuses the reviewer as re-reviewer and an opinion delivered before it was issued or in the future', () => {
    expect(refusalOf(reviewed().try({ type: 'requestReReview', on: '2026-02-10', reReviewBodyId: REVIEW_BODY, reasons: '复查意见未回应补偿标准' }, A.system)).guard).toBe('reReviewBodyIsNotReviewer');
    const r = delivered();
    r.step({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.reviewHandler);
    r.signAppealOpinion('review', '2026-01-10', 'support');
    expect(refusalOf(r.try({ type: 'issueReviewOpinion', on: '2026-01-10', outcome: 'support', deliveredOn: '2026-01-09' }, A.reviewHandler)).guard).toBe('appealOpinionValid');
    expect(
      refusalOf(r.try({ type: 'issueReviewOpinion', on: '2026-01-10', outcome: 'support', deliveredOn: '2026-01-12' }, A.reviewHandler, new Date('2026-01-10T04:00:00Z'))).code,
    ).toBe('DATE_IN_FUTURE');
  });

  it('signs review and re-review opinions like the handling opinion, each by the appeal body’s own people (seed 003)', () => {
    const r = delivered();
    r.step({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.reviewHandler);
    // The handling opinion's signed draft does not carry over: the review body drafts its own.
    expect(r.current.opinionDraft).toBeNull();
    expect(refusalOf(r.try({ type: 'issueReviewOpinion', on: '2026-01-10', deliveredOn: '2026-01-10' }, A.reviewHandler)).code).toBe('OPINION_NOT_DRAFTED');
    expect(refusalOf(r.try({ type: 'draftOpinion', on: '2026-01-08', outcome: 'support', summary: 'x' }, A.handler)).guard).toBe('isReviewBodyStaff');
    r.step({ type: 'draftOpinion', on: '2026-01-08', outcome: 'explain', summary: '原处理意见正确，予以维持', legalBasis: '《物业管理条例》', disposition: 'uphold' }, A.reviewHandler);
    const early = refusalOf(r.try({ type: 'signOpinion', on: '2026-01-08' }, A.reviewHead));
    expect(early).toMatchObject({ code: 'SIGN_OFF_OUT_OF_ORDER', messageZh: '签批须按顺序进行：当前应由「承办人」签批' });
    expect(refusalOf(r.try({ type: 'signOpinion', on: '2026-01-08' }, A.head)).guard).toBe('isSignOffSigner');
    r.step({ type: 'signOpinion', on: '2026-01-08' }, A.reviewHandler);
    r.step({ type: 'signOpinion', on: '2026-01-09' }, A.reviewHead);
    expect(refusalOf(r.try({ type: 'issueReviewOpinion', on: '2026-01-09', deliveredOn: '2026-01-09' }, A.reviewHandler))).toMatchObject({
      code: 'OPINION_NOT_SIGNED',
      messageZh: '复查意见尚未签批完毕：待「主要负责人」签批',
    });
    r.step({ type: 'signOpinion', on: '2026-01-09' }, A.reviewPrincipal);
    expect(refusalOf(r.try({ type: 'issueReviewOpinion', on: '2026-01-10', outcome: 'support', deliveredOn: '2026-01-10' }, A.reviewHandler)).guard).toBe('issuedMatchesDraft');
    const issued = r.step({ type: 'issueReviewOpinion', on: '2026-01-10', deliveredOn: '2026-01-12' }, A.reviewHandler);
    expect(issued.payload).toMatchObject({ outcome: 'explain', summary: '原处理意见正确，予以维持', legalBasis: '《物业管理条例》', signatures: [{ step: 'handler' }, { step: 'leaderInCharge' }, { step: 'principalLeader' }] });
    expect(r.current.reviewOpinion).toEqual({ outcome: 'explain', summary: '原处理意见正确，予以维持', on: '2026-01-10', deliveredOn: '2026-01-12', disposition: 'uphold' });
  });

  it('does not count hearing days in the re-review time limit (both ends included)', () => {
    const c = inReReview();
    expect(dueOf(c.current, 'reReviewDecision')).toBe('2026-03-12');
    // A one-day hearing adds one day; two hearings add up.
    c.step(hearingNotice('2026-02-26'), A.reReviewHandler);
    c.step(hearingRecord('2026-02-26'), A.reReviewHandler);
    expect(dueOf(c.current, 'reReviewDecision')).toBe('2026-03-13');
    c.step(hearingNotice('2026-03-05'), A.reReviewHandler);
    c.step(hearingRecord('2026-03-09'), A.reReviewHandler);
    // 30 + 1 + 5 = 36 days from 02-10 → Wed 03-18.
    expect(c.current.clocks.reReviewDecision).toMatchObject({ pausedDays: 6 });
    expect(dueOf(c.current, 'reReviewDecision')).toBe('2026-03-18');
  });

  it('refuses an opinion during a hearing, a second hearing at once, and ending a hearing that did not start', () => {
    const c = inReReview();
    expect(refusalOf(c.try(hearingRecord('2026-03-02'), A.reReviewHandler)).code).toBe('NO_HEARING_IN_PROGRESS');
    c.step(hearingNotice('2026-03-02'), A.reReviewHandler);
    expect(refusalOf(c.try(hearingNotice('2026-03-03'), A.reReviewHandler)).code).toBe('HEARING_IN_PROGRESS');
    expect(refusalOf(c.try({ type: 'issueReReviewOpinion', on: '2026-03-03', outcome: 'support', deliveredOn: '2026-03-03' }, A.reReviewHandler)).code).toBe(
      'HEARING_IN_PROGRESS',
    );
  });

  it('issues a hearing notice only with a place, a presiding officer and officers the petitioner agreed to', () => {
    const c = inReReview();
    const notice = hearingNotice('2026-02-20', '2026-02-27');
    expect(refusalOf(c.try({ ...notice, petitionerAgreed: false }, A.reReviewHandler)).code).toBe('HEARING_OFFICERS_NOT_AGREED');
    expect(refusalOf(c.try({ ...notice, officers: [] }, A.reReviewHandler)).guard).toBe('hearingPlanValid');
    expect(refusalOf(c.try({ ...notice, officers: [{ name: '钱律师', proposedBy: 'court' as never }] }, A.reReviewHandler)).guard).toBe('hearingPlanValid');
    expect(refusalOf(c.try({ ...notice, place: ' ' }, A.reReviewHandler)).guard).toBe('hearingPlanValid');
    expect(refusalOf(c.try({ ...notice, heldOn: '2026-02-19' }, A.reReviewHandler)).messageZh).toContain('不能早于');
    expect(refusalOf(c.try({ ...notice, time: '25:00' }, A.reReviewHandler)).messageZh).toContain('HH:MM');
    c.step({ ...notice, time: '09:30', participants: [{ name: '张三', role: 'petitioner' }] }, A.reReviewHandler);
    expect(c.current.hearing).toMatchObject({ startedOn: '2026-02-20', plan: { heldOn: '2026-02-27', time: '09:30', closedReason: null } });
  });

  it('moves a notified hearing to another day with a reason, keeping the clock paused (听证改期)', () => {
    const c = inReReview();
    expect(refusalOf(c.try({ type: 'rescheduleHearing', on: '2026-02-21', heldOn: '2026-03-03', reason: '信访人住院' }, A.reReviewHandler)).code).toBe('NO_HEARING_IN_PROGRESS');
    c.step(hearingNotice('2026-02-20', '2026-02-27'), A.reReviewHandler);
    expect(refusalOf(c.try({ type: 'rescheduleHearing', on: '2026-02-21', heldOn: '2026-03-03', reason: ' ' }, A.reReviewHandler)).guard).toBe('hearingRescheduleValid');
    expect(refusalOf(c.try({ type: 'rescheduleHearing', on: '2026-02-21', heldOn: '2026-02-20', reason: '信访人住院' }, A.reReviewHandler)).messageZh).toContain('不能早于');
    const moved = c.step({ type: 'rescheduleHearing', on: '2026-02-21', heldOn: '2026-03-03', time: '14:30', reason: '信访人住院' }, A.reReviewHandler);
    expect(moved.clockEffects).toEqual([]);
    expect(c.current.hearing?.plan).toMatchObject({ heldOn: '2026-03-03', time: '14:30', place: '市信访局听证室', rescheduled: [{ from: '2026-02-27', on: '2026-02-21', reason: '信访人住院' }] });
    // The record waits for the new day; the pause runs from the first notice to it.
    expect(refusalOf(c.try(hearingRecord('2026-02-27'), A.reReviewHandler)).code).toBe('HEARING_NOT_YET_HELD');
    c.step(hearingRecord('2026-03-03'), A.reReviewHandler);
    expect(c.current.clocks.reReviewDecision).toMatchObject({ pausedDays: 12, pausedSince: null });
  });

  it('records the hearing only once it was held, with its conclusion; a withdrawn hearing needs only the record', () => {
    const c = inReReview();
    c.step(hearingNotice('2026-02-20', '2026-02-27'), A.reReviewHandler);
    expect(refusalOf(c.try(hearingRecord('2026-02-26'), A.reReviewHandler)).code).toBe('HEARING_NOT_YET_HELD');
    expect(refusalOf(c.try({ ...hearingRecord('2026-02-27'), conclusion: '' }, A.reReviewHandler)).guard).toBe('hearingRecordValid');
    expect(refusalOf(c.try({ type: 'endHearing', on: '2026-02-27', record: '已举行', conclusion: '维持' }, A.reReviewHandler)).messageZh).toContain('是否到场');
    // Withdrawn before the day: closes the hearing (and its pause) with the reason.
    const w = c.clone();
    w.step({ type: 'endHearing', on: '2026-02-24', record: '信访人书面撤回听证申请', withdrawn: true }, A.reReviewHandler);
    expect(w.current.hearings[0]?.outcome).toEqual({ record: '信访人书面撤回听证申请', conclusion: null, petitionerAttended: null, withdrawn: true });
    expect(w.current.clocks.reReviewDecision).toMatchObject({ pausedDays: 5, pausedSince: null });
  });

  it('publishes a re-review opinion only after a hearing was held, once, by the re-review body (Art. 36 ¶2)', () => {
    const unheard = inReReview();
    unheard.appealOpinion('reReview', '2026-03-10', '2026-03-11', 'notSupport');
    expect(refusalOf(unheard.try({ type: 'publishReReviewOpinion', on: '2026-03-12', text: '维持' }, A.reReviewHandler)).code).toBe('NOT_HEARD');

    const withdrawn = inReReview();
    withdrawn.step(hearingNotice('2026-02-20', '2026-02-27'), A.reReviewHandler);
    withdrawn.step({ type: 'endHearing', on: '2026-02-24', record: '撤回', withdrawn: true }, A.reReviewHandler);
    withdrawn.appealOpinion('reReview', '2026-03-10', '2026-03-11', 'notSupport');
    expect(refusalOf(withdrawn.try({ type: 'publishReReviewOpinion', on: '2026-03-12', text: '维持' }, A.reReviewHandler)).code).toBe('NOT_HEARD');

    const heard = inReReview();
    heard.step(hearingNotice('2026-02-20', '2026-02-27'), A.reReviewHandler);
    heard.step(hearingRecord('2026-02-27'), A.reReviewHandler);
    heard.appealOpinion('reReview', '2026-03-10', '2026-03-11', 'notSupport');
    expect(refusalOf(heard.try({ type: 'publishReReviewOpinion', on: '2026-03-12', text: '维持' }, A.reviewHandler)).guard).toBe('isReReviewBodyStaff');
    expect(refusalOf(heard.try({ type: 'publishReReviewOpinion', on: '2026-03-12', text: ' ' }, A.reReviewHandler)).guard).toBe('publicationTextValid');
    heard.step({ type: 'publishReReviewOpinion', on: '2026-03-12', text: '经听证复核，维持复查意见。' }, A.reReviewHandler);
    expect(heard.current).toMatchObject({ status: 'terminated', publication: { on: '2026-03-12', text: '经听证复核，维持复查意见。' } });
    expect(refusalOf(heard.try({ type: 'publishReReviewOpinion', on: '2026-03-13', text: '再次' }, A.reReviewHandler)).code).toBe('ALREADY_PUBLISHED');
  });

  it('holds hearings only during re-review', () => {
    expect(refusalOf(reviewed().try(hearingNotice('2026-02-01'), A.reReviewHandler)).code).toBe('INVALID_TRANSITION');
  });

  it('lapses into concluded when the re-review window closes unused', () => {
    const c = reviewed();
    expect(refusalOf(c.try({ type: 'lapse', on: '2026-02-24' }, A.system)).code).toBe('WINDOW_STILL_OPEN');
    const e = c.step({ type: 'lapse', on: '2026-02-25' }, A.system);
    expect(e.payload).toEqual({ window: 'reReviewRequestWindow' });
    expect(c.status).toBe('concluded');
  });
});

describe('Art. 36 ¶3 / 37 ¶3: after re-review', () => {
  it('records a repeat petition with refusedAgain and still records reception', () => {
    const c = inReReview();
    c.appealOpinion('reReview', '2026-03-10', '2026-03-11', 'notSupport');
    const e = c.step({ type: 'recordRepeatPetition', on: '2026-05-06', receivedOn: '2026-05-06' }, A.registrar);
    expect(e.payload).toEqual({ receivedOn: '2026-05-06', refusedAgain: true, article: '《信访工作条例》第三十六条第三款', pendingHandling: false });
    expect(c.status).toBe('terminated');
    expect(refusalOf(c.try({ type: 'recordReception', on: '2026-05-06', kind: 'assistance' }, A.system)).guard).toBe('isReceptionStaff');
    expect(c.try({ type: 'recordReception', on: '2026-05-06', kind: 'assistance' }, A.handler).ok).toBe(true);
    for (const type of ['accept', 'requestReview', 'requestReReview'] as const) {
      const r = refusalOf(c.try({ type, on: '2026-05-06', procedure: 'ordinary', reviewBodyId: OTHER_BODY, reReviewBodyId: OTHER_BODY } as never, A.handler));
      expect(r.code).toBe('INVALID_TRANSITION');
      expect(r.messageZh).toContain('不再受理');
    }
  });
});

describe('completion reports (Art. 22 (三))', () => {
  it('only for an assigned matter, only once filed, only by the bureau', () => {
    const f = delivered('2025-12-08', 'forward');
    expect(refusalOf(f.try({ type: 'fileCompletionReport', on: '2025-12-09' }, A.handler)).code).toBe('NOT_ASSIGNED');
    const a = delivered('2025-12-08', 'assign');
    expect(refusalOf(a.try({ type: 'approveCompletionReport', on: '2025-12-09' }, A.supervisor)).code).toBe('COMPLETION_REPORT_NOT_FILED');
    a.step({ type: 'fileCompletionReport', on: '2025-12-09' }, A.handler);
    expect(refusalOf(a.try({ type: 'fileCompletionReport', on: '2025-12-09' }, A.handler)).code).toBe('COMPLETION_REPORT_NOT_DUE');
    expect(refusalOf(a.try({ type: 'approveCompletionReport', on: '2025-12-09' }, A.handler)).guard).toBe('isAssigningBureauStaff');
    expect(refusalOf(a.try({ type: 'returnCompletionReport', on: '2025-12-09', reason: '' }, A.supervisor)).guard).toBe('reasonGiven');
    expect(a.try({ type: 'approveCompletionReport', on: '2025-12-09' }, A.acceptanceOfficer).ok).toBe(true);
  });

  it('can be filed after the matter moved on to review', () => {
    const a = delivered('2025-12-08', 'assign');
    a.step({ type: 'requestReview', on: '2025-12-10', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.reviewHandler);
    a.step({ type: 'fileCompletionReport', on: '2025-12-11' }, A.handler);
    expect(a.current).toMatchObject({ status: 'review', completionReport: 'filed' });
    // …but no longer returned to handling.
    expect(refusalOf(a.try({ type: 'returnCompletionReport', on: '2025-12-12', reason: 'x' }, A.supervisor)).code).toBe('INVALID_TRANSITION');
  });
});

describe('rejection and redirection', () => {
  it('rejection needs a ground and an article', () => {
    const c = dispatched();
    expect(refusalOf(c.try({ type: 'reject', on: '2025-09-25', reasonCode: 'x', article: '', reason: 'y' }, A.handler)).guard).toBe('rejectionGrounded');
  });

  it('before dispatch either the bureau or a directly receiving body decides; after dispatch, only the body', () => {
    const direct = new Course();
    direct.step({ type: 'register', on: '2025-09-19', facts: facts({ registeringBodyId: BODY, registeredByBureau: false }) }, A.bodyRegistrar);
    expect(direct.try({ type: 'redirect', on: '2025-09-20', channel: 'discipline', toBodyId: 'city-discipline' }, A.handler).ok).toBe(true);
    // The body's desk registers; deciding the matter is for its handler or head.
    expect(refusalOf(direct.try({ type: 'redirect', on: '2025-09-20', channel: 'discipline', toBodyId: 'city-discipline' }, A.bodyRegistrar)).code).toBe('FORBIDDEN');
    const c = dispatched();
    expect(refusalOf(c.try({ type: 'redirect', on: '2025-09-25', channel: 'legalAffairs', toBodyId: 'court' }, A.acceptanceOfficer)).guard).toBe('isResponsibleStaff');
    expect(refusalOf(c.try({ type: 'redirect', on: '2025-09-25', channel: 'nowhere', toBodyId: 'court' } as never, A.handler)).guard).toBe('redirectTargetValid');
  });
});

describe('no admin bypass', () => {
  it('an admin fails every statutory step; only a real staff role acts', () => {
    const c = dispatched();
    const admin = { userId: 'root', bodyId: BODY, roles: ['admin' as const] };
    for (const cmd of [
      { type: 'accept', on: '2025-09-25', procedure: 'ordinary' },
      { type: 'requestReturn', on: '2025-09-25', reason: 'x' },
      { type: 'reject', on: '2025-09-25', reasonCode: 'x', article: 'y', reason: 'z' },
      { type: 'recordRepeatPetition', on: '2025-09-25' },
    ] as const) {
      expect(refusalOf(c.try(cmd, admin)).code).toBe('FORBIDDEN');
    }
    const d = decide(c.current, { type: 'accept', on: '2025-09-25', procedure: 'ordinary' }, ctx({ ...admin, roles: ['admin', 'handler'] }));
    expect(d.ok).toBe(true); // the handler role does it, not the admin role
  });
});

describe('archived matters (legacy import)', () => {
  const archivedFacts = () => facts({ receivedOn: '2019-03-04' });

  it('the importer registers a finished matter in its final status, with no clock running', () => {
    const d = decide(null, { type: 'register', on: '2025-09-19', facts: archivedFacts(), archived: { status: 'concluded', concludedOn: '2019-05-10' } }, ctx(A.system));
    if (!d.ok) throw new Error(d.refusal.message);
    expect(d.next.status).toBe('concluded');
    expect(d.next.clocks).toEqual({});
    expect(d.events[0]!.payload.archived).toEqual({ status: 'concluded', concludedOn: '2019-05-10' });
  });

  it('a registrar cannot register a matter as already finished', () => {
    const d = decide(null, { type: 'register', on: '2025-09-19', facts: archivedFacts(), archived: { status: 'concluded', concludedOn: '2019-05-10' } }, ctx(A.registrar));
    expect(refusalOf(d)).toMatchObject({ code: 'FORBIDDEN', guard: 'archivedOutcomeValid' });
  });

  it('refuses an end date before receipt or after registration', () => {
    for (const concludedOn of ['2019-03-03', '2025-09-20']) {
      const d = decide(null, { type: 'register', on: '2025-09-19', facts: archivedFacts(), archived: { status: 'concluded', concludedOn } }, ctx(A.system));
      expect(refusalOf(d)).toMatchObject({ code: 'VALIDATION', guard: 'archivedOutcomeValid' });
    }
  });

  it('a later petition on an archived terminated matter is received and marked 不再受理', () => {
    const d = decide(null, { type: 'register', on: '2025-09-19', facts: archivedFacts(), archived: { status: 'terminated', concludedOn: '2020-01-10' } }, ctx(A.system));
    if (!d.ok) throw new Error(d.refusal.message);
    const repeat = decide(d.next, { type: 'recordRepeatPetition', on: '2025-09-19' }, ctx(A.registrar));
    if (!repeat.ok) throw new Error(repeat.refusal.message);
    expect(repeat.events[0]!.payload).toMatchObject({ refusedAgain: true, article: '《信访工作条例》第三十六条第三款' });
    expect(repeat.next.repeatPetitions).toBe(1);
  });
});
