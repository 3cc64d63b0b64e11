import { describe, expect, it } from 'vitest';
import { A, BODY, BUREAU, CLASSIFY, classified, Course, dispatched, dueOf, facts, refusalOf } from './lifecycle.testkit';
import type { Actor } from './types';

/**
 * The acceptance office's steps (分诊台): classification (Art. 29–31), 本级办理, the send-back and the dispatch flag of
 * 互相监督 (seed 000). Dates: received Fri 2025-09-19; day 15 is Sat 10-04, inside the 10-01..10-08 National Day
 * holiday of the official 2025 schedule, so a 15-day limit ends on the first working day after it, Thu 10-09
 * (民法典 Art. 203; RULES.md "Counting days").
 */

const bureauHandler: Actor = { userId: 'u-bureau-handler', bodyId: BUREAU, roles: ['handler'] };

function registered(over: Parameters<typeof facts>[0] = {}): Course {
  const c = new Course();
  c.step({ type: 'register', on: over.receivedOn ?? '2025-09-19', facts: facts(over) }, A.registrar);
  return c;
}

describe('classify (Art. 29–31)', () => {
  it('records purpose, category path and the Art. 31 route without touching status or clocks', () => {
    const c = registered();
    const dueBefore = dueOf(c.current, 'dispatch');
    c.step({ type: 'classify', on: '2025-09-22', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' }, A.acceptanceOfficer);
    expect(c.status).toBe('registered');
    expect(c.current.classification).toEqual({ purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    expect(dueOf(c.current, 'dispatch')).toBe(dueBefore);
  });

  it('requires the Art. 31 route for 申诉求决 and refuses one for other purposes', () => {
    const c = registered();
    const noRoute = refusalOf(c.try({ type: 'classify', purpose: 'appeal', categoryPath: ['ldsb'] }, A.acceptanceOfficer));
    expect(noRoute).toMatchObject({ code: 'VALIDATION', guard: 'classificationValid' });
    expect(noRoute.messageZh).toContain('第三十一条');
    const extraRoute = refusalOf(c.try({ type: 'classify', purpose: 'suggestion', categoryPath: ['ldsb'], art31Route: 'arbitration' }, A.acceptanceOfficer));
    expect(extraRoute.guard).toBe('classificationValid');
    expect(refusalOf(c.try({ type: 'classify', purpose: 'request', categoryPath: ['a', 'b', 'c', 'd'], art31Route: 'petitionProcedure' }, A.acceptanceOfficer)).guard).toBe('classificationValid');
  });

  it('is the registering bureau’s or the responsible body’s; another body may not classify', () => {
    const c = dispatched();
    expect(refusalOf(c.try({ type: 'classify', purpose: 'consultation', categoryPath: ['qt'] }, A.otherHandler)).code).toBe('FORBIDDEN');
    c.step({ type: 'classify', purpose: 'consultation', categoryPath: ['qt'] }, A.handler);
    expect(c.current.classification?.purpose).toBe('consultation');
  });

  it('a matter classified under Art. 31 (一)–(四) is led into that procedure, not accepted (reclassify to accept)', () => {
    const c = dispatched();
    c.step({ type: 'classify', purpose: 'appeal', categoryPath: ['zf'], art31Route: 'litigation' }, A.acceptanceOfficer);
    const r = refusalOf(c.try({ type: 'accept', procedure: 'ordinary' }, A.handler));
    expect(r).toMatchObject({ code: 'OTHER_STATUTORY_PROCEDURE', article: '《信访工作条例》第三十一条第一项' });
    c.step({ type: 'redirect', channel: 'legalAffairs', toBodyId: 'city-legal-affairs', reason: '涉诉' }, A.handler);
    expect(c.status).toBe('redirected');

    const d = dispatched();
    d.step({ type: 'classify', purpose: 'request', categoryPath: ['cxjs'], art31Route: 'dutyPerformance' }, A.handler);
    d.step({ type: 'accept', procedure: 'ordinary' }, A.handler);
    expect(d.status).toBe('accepted');
  });
});

describe('retain (本级办理)', () => {
  it('makes the bureau responsible, stops its dispatch clock and owes the notice 15 days from receipt', () => {
    const c = classified();
    c.step({ type: 'retain', on: '2025-09-23', note: '属信访部门职责' }, A.acceptanceOfficer);
    expect(c.current).toMatchObject({ status: 'registered', responsibleBodyId: BUREAU, dispatch: 'retain' });
    expect(c.current.clocks.dispatch?.stoppedOn).toBe('2025-09-23');
    expect(c.current.clocks.acceptanceNotice?.from).toBe('2025-09-19');
    expect(dueOf(c.current, 'acceptanceNotice')).toBe('2025-10-09');
    expect(c.current.clocks.returnWindow).toBeUndefined();
    c.step({ type: 'accept', on: '2025-09-25', procedure: 'ordinary' }, bureauHandler);
    expect(c.status).toBe('accepted');
  });

  it('is refused twice, and for a body that received the petition directly', () => {
    const c = classified();
    c.step({ type: 'retain' }, A.acceptanceOfficer);
    expect(refusalOf(c.try({ type: 'retain' }, A.acceptanceOfficer)).guard).toBe('notYetRouted');
    const direct = new Course();
    direct.step({ type: 'register', on: '2025-09-19', facts: facts({ registeringBodyId: BODY, registeredByBureau: false }) }, A.bodyRegistrar);
    expect(refusalOf(direct.try({ type: 'retain' }, { ...A.bodyRegistrar, roles: ['acceptanceOfficer'] })).guard).toBe('registeredByBureau');
  });
});

describe('互相监督: send-back to the desk and the dispatch flag', () => {
  it('the acceptance office sends a registration back; the desk corrects it; the clocks run on', () => {
    const c = registered();
    const due = dueOf(c.current, 'dispatch');
    expect(refusalOf(c.try({ type: 'sendBackRegistration', reason: '缺少住址' }, A.registrar)).code).toBe('FORBIDDEN');
    expect(refusalOf(c.try({ type: 'sendBackRegistration', reason: ' ' }, A.acceptanceOfficer)).guard).toBe('reasonGiven');
    c.step({ type: 'sendBackRegistration', on: '2025-09-22', reason: '诉求记录不完整，缺少住址' }, A.acceptanceOfficer);
    expect(c.current.registrationQuery).toEqual({ on: '2025-09-22', reason: '诉求记录不完整，缺少住址' });
    expect(refusalOf(c.try({ type: 'sendBackRegistration', reason: '再次' }, A.acceptanceOfficer)).code).toBe('REGISTRATION_ALREADY_QUERIED');

    expect(refusalOf(c.try({ type: 'correctRegistration', changes: {} }, A.registrar)).guard).toBe('changesValid');
    expect(refusalOf(c.try({ type: 'correctRegistration', changes: { status: 'x' } as never }, A.registrar)).guard).toBe('changesValid');
    c.step({ type: 'correctRegistration', on: '2025-09-23', changes: { regionCode: '140105', content: '补充：住址为小店区某小区' } }, A.registrar);
    expect(c.current.registrationQuery).toBeNull();
    expect(c.current.facts.regionCode).toBe('140105');
    expect(dueOf(c.current, 'dispatch')).toBe(due);
  });

  it('the supervision office flags an imprecise dispatch once the matter is routed, as often as it finds one', () => {
    const r = registered();
    expect(refusalOf(r.try({ type: 'flagDispatch', reason: '分办不准' }, A.supervisor)).guard).toBe('hasBeenRouted');
    const c = dispatched();
    expect(refusalOf(c.try({ type: 'flagDispatch', reason: '分办不准' }, A.acceptanceOfficer)).code).toBe('FORBIDDEN');
    c.step({ type: 'flagDispatch', reason: '应转送区住建局' }, A.supervisor);
    c.step({ type: 'flagDispatch', reason: '转送说明不清' }, A.supervisor);
    expect(c.current.dispatchFlags).toBe(2);
    expect(c.status).toBe('dispatched');
  });

  it('a dispatch records what the suggestions offered, so an override is countable', () => {
    const c = classified();
    const e = c.step(
      { type: 'forward', on: '2025-09-24', toBodyId: BODY, note: '请依法处理', routing: { suggested: ['x', BODY], modelVersion: 3, chosenRank: 2 } },
      A.acceptanceOfficer,
    );
    expect(e.payload).toMatchObject({ note: '请依法处理', routing: { suggested: ['x', BODY], modelVersion: 3, chosenRank: 2 } });
  });
});

describe('classification by law comes first (Art. 29–31; seed 000: no 打包下发)', () => {
  it('an unclassified matter is not forwarded, assigned, kept or accepted: the office is told to classify first', () => {
    const c = registered();
    for (const command of [
      { type: 'forward', toBodyId: BODY },
      { type: 'assign', toBodyId: BODY, dueOn: '2025-12-10' },
      { type: 'retain' },
    ] as const) {
      const r = refusalOf(c.try({ ...command, on: '2025-09-22' }, A.acceptanceOfficer));
      expect(r).toMatchObject({ code: 'NOT_CLASSIFIED', guard: 'classifiedByLaw', article: '《信访工作条例》第二十九条、第三十条、第三十一条' });
      expect(r.messageZh).toContain('先依法分类');
    }
    // A body that received the petition directly classifies before it accepts.
    const direct = new Course();
    direct.step({ type: 'register', on: '2025-09-19', facts: facts({ registeringBodyId: BODY, registeredByBureau: false }) }, A.bodyRegistrar);
    expect(refusalOf(direct.try({ type: 'accept', on: '2025-09-22', procedure: 'ordinary' }, A.handler))).toMatchObject({ code: 'NOT_CLASSIFIED' });
    direct.step({ ...CLASSIFY, on: '2025-09-22' }, A.handler);
    direct.step({ type: 'accept', on: '2025-09-22', procedure: 'ordinary' }, A.handler);
    expect(direct.status).toBe('accepted');
  });

  it('once classified the same forward goes through', () => {
    const c = registered();
    c.step({ ...CLASSIFY, on: '2025-09-22' }, A.acceptanceOfficer);
    c.step({ type: 'forward', on: '2025-09-22', toBodyId: BODY }, A.acceptanceOfficer);
    expect(c.status).toBe('dispatched');
  });
});

describe('a matter for another statutory procedure goes there, not to an administrative body (Art. 31 (一)–(四))', () => {
  it('refuses to forward or assign a litigation matter and points to 导入法定途径 at a 政法 body', () => {
    const c = registered();
    c.step({ type: 'classify', on: '2025-09-22', purpose: 'appeal', categoryPath: ['zf'], art31Route: 'litigation' }, A.acceptanceOfficer);
    for (const command of [
      { type: 'forward', toBodyId: BODY },
      { type: 'assign', toBodyId: BODY, dueOn: '2025-12-10' },
      { type: 'retain' },
    ] as const) {
      const r = refusalOf(c.try({ ...command, on: '2025-09-22' }, A.acceptanceOfficer));
      expect(r).toMatchObject({
        code: 'OTHER_STATUTORY_PROCEDURE',
        guard: 'notForOtherStatutoryProcedure',
        article: '《信访工作条例》第三十一条第一项',
        instead: { command: 'redirect', channel: 'legalAffairs', bodyKind: 'legalAffairsBody' },
      });
      expect(r.messageZh).toContain('导入法定途径');
      expect(r.messageZh).toContain('政法部门');
    }
    c.step({ type: 'redirect', on: '2025-09-22', channel: 'legalAffairs', toBodyId: 'city-intermediate-court', reason: '涉诉' }, A.acceptanceOfficer);
    expect(c.status).toBe('redirected');
  });

  it('an arbitration or administrative matter is redirected to the competent body, whatever its kind', () => {
    const c = registered();
    c.step({ type: 'classify', on: '2025-09-22', purpose: 'request', categoryPath: ['ldsb', 'ldsb.qx'], art31Route: 'arbitration' }, A.acceptanceOfficer);
    const r = refusalOf(c.try({ type: 'forward', on: '2025-09-22', toBodyId: BODY }, A.acceptanceOfficer));
    expect(r).toMatchObject({ article: '《信访工作条例》第三十一条第二项', instead: { channel: 'statutoryProcedure', bodyKind: null } });
    // Reclassified under (五) it is a petition-work matter again and may be forwarded.
    c.step({ type: 'classify', on: '2025-09-22', purpose: 'request', categoryPath: ['ldsb', 'ldsb.qx'], art31Route: 'dutyPerformance' }, A.acceptanceOfficer);
    c.step({ type: 'forward', on: '2025-09-22', toBodyId: BODY }, A.acceptanceOfficer);
    expect(c.status).toBe('dispatched');
  });
});

describe('越级访 is refused only where something is being handled (Art. 19 ¶3)', () => {
  const ground = { reasonCode: 'levelSkipping', article: '《信访工作条例》第十九条第三款', reason: '正在办理期限内' } as const;

  it('refuses the level-skipping ground for a first-time matter screening found nothing for', () => {
    const c = registered();
    const r = refusalOf(c.try({ type: 'reject', on: '2025-09-22', ...ground }, A.acceptanceOfficer));
    expect(r).toMatchObject({ code: 'NO_LEVEL_SKIPPING_FINDING', guard: 'levelSkippingFound', article: '《信访工作条例》第十九条第三款' });
    // Other grounds stay open.
    c.step({ type: 'reject', on: '2025-09-22', reasonCode: 'outsideRemit', article: '《信访工作条例》第二十三条第一款', reason: '不属于职权范围' }, A.acceptanceOfficer);
    expect(c.status).toBe('rejected');
  });

  it('allows it when the matter was registered with the finding, which names the matter and the body handling it', () => {
    const c = new Course();
    const finding = { matterId: 'm-county', matterNumber: 'XF140105202500001', bodyId: BODY };
    c.step({ type: 'register', on: '2025-09-19', facts: facts(), levelSkipping: finding }, A.registrar);
    expect(c.current.levelSkipping).toEqual(finding);
    c.step({ type: 'reject', on: '2025-09-22', ...ground }, A.acceptanceOfficer);
    expect(c.current.rejection?.reasonCode).toBe('levelSkipping');
  });

  it('refuses a finding that does not name the matter and its body', () => {
    const d = new Course().try({ type: 'register', on: '2025-09-19', facts: facts(), levelSkipping: { matterId: 'm', matterNumber: '', bodyId: BODY } }, A.registrar);
    expect(refusalOf(d)).toMatchObject({ code: 'VALIDATION', guard: 'levelSkippingFindingValid' });
  });
});
