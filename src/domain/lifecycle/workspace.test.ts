import { describe, expect, it } from 'vitest';
import { A, accepted, BODY, CLASSIFY, Course, facts } from './lifecycle.testkit';

/** The handling workspace (办理工作台): records beside the course, each an event; the status does not move. */
describe('handling workspace', () => {
  it('keeps investigations, agreements and the case leader, by whom and when', () => {
    const c = accepted('2025-09-26');
    c.step({ type: 'recordInvestigation', on: '2025-09-29', kind: 'siteVisit', summary: '到小区查看电梯停运情况', participants: '承办人、物业经理' }, A.handler);
    c.step({ type: 'recordAgreement', on: '2025-10-10', kind: 'mediation', summary: '物业公司同意十日内修复电梯' }, A.handler);
    c.step({ type: 'nameCaseLeader', on: '2025-10-10', name: '卫局长', title: '分管副局长' }, A.head);
    expect(c.status).toBe('accepted');
    expect(c.current.workspace).toEqual({
      investigations: [{ kind: 'siteVisit', on: '2025-09-29', summary: '到小区查看电梯停运情况', participants: '承办人、物业经理', by: 'u-handler' }],
      agreements: [{ kind: 'mediation', on: '2025-10-10', summary: '物业公司同意十日内修复电梯', parties: null, by: 'u-handler' }],
      caseLeader: { name: '卫局长', title: '分管副局长', on: '2025-10-10' },
      checklist: [],
    });
    const bad = c.try({ type: 'recordInvestigation', on: '2025-10-11', kind: 'rumour' as never, summary: 'x' }, A.handler);
    expect(!bad.ok && bad.refusal.code).toBe('VALIDATION');
    const stranger = c.try({ type: 'recordInvestigation', on: '2025-10-11', kind: 'talk', summary: 'x' }, A.otherHandler);
    expect(!stranger.ok && stranger.refusal.code).toBe('FORBIDDEN');
  });

  it('ticks the first-time checklist once per item, and only for a first-time petition', () => {
    const c = accepted('2025-09-26');
    c.step({ type: 'checkItem', on: '2025-09-29', item: 'siteVisit', note: '已到现场' }, A.handler);
    const twice = c.try({ type: 'checkItem', on: '2025-09-29', item: 'siteVisit' }, A.handler);
    expect(!twice.ok && twice.refusal.code).toBe('ALREADY_CHECKED');
    expect(c.current.workspace?.checklist).toEqual([{ item: 'siteVisit', on: '2025-09-29', by: 'u-handler', note: '已到现场' }]);

    const repeat = new Course();
    repeat.step({ type: 'register', on: '2025-09-19', facts: facts({ firstPetition: false }) }, A.registrar);
    repeat.step({ ...CLASSIFY, on: '2025-09-19' }, A.acceptanceOfficer);
    repeat.step({ type: 'forward', on: '2025-09-22', toBodyId: BODY }, A.acceptanceOfficer);
    repeat.step({ type: 'accept', on: '2025-09-23', procedure: 'ordinary' }, A.handler);
    const notFirst = repeat.try({ type: 'checkItem', on: '2025-09-24', item: 'siteVisit' }, A.handler);
    expect(!notFirst.ok && notFirst.refusal.code).toBe('NOT_FIRST_PETITION');
  });
});
