import { describe, expect, it } from 'vitest';
import { A, BODY, BUREAU, RE_REVIEW_BODY, REVIEW_BODY, accepted, dispatched, dueOf, hearingNotice, inReReview } from '../lifecycle/lifecycle.testkit';
import type { MatterEvent, MatterState } from '../lifecycle';
import {
  DEFAULT_RETRY_POLICY,
  afterFailure,
  bodiesNamed,
  citizenRecipients,
  deadlineOwner,
  dueSoonMessage,
  overdueMessages,
  maskEmail,
  maskPersonalNumbers,
  maskPhone,
  maskSecrets,
  maskUrl,
  messagesForEvent,
  registrationMessage,
  renderFor,
  retryDelayMinutes,
  type EventFacts,
  type MatterFacts,
} from '.';

const NAMES = { [BUREAU]: '太原市信访局', [BODY]: '太原市住房和城乡建设局', [REVIEW_BODY]: '太原市人民政府' };

function matterOf(state: MatterState, due: MatterFacts['due'] = {}): MatterFacts {
  return { number: 'XF1401002025000001', title: '小区供暖不达标，多次反映未解决', state, due, bodyNames: NAMES };
}

function factsOf(e: MatterEvent): EventFacts {
  return { type: e.type, on: e.on, payload: e.payload, actorBodyId: e.actor.bodyId };
}

describe('messages of matter events', () => {
  it('tells the body an assignment landed and the citizen where the matter went', () => {
    const c = dispatched('assign', '2025-09-24');
    const event = c.events.at(-1)!;
    const messages = messagesForEvent(factsOf(event), matterOf(c.current, { acceptanceNotice: dueOf(c.current, 'acceptanceNotice') }));
    expect(messages.map((m) => [m.kind, m.audience])).toEqual([
      ['citizen.assigned', { to: 'petitioners' }],
      ['staff.assigned', { to: 'staff', bodyId: BODY, roles: ['handler', 'bodyLeader'] }],
    ]);
    expect(messages[0]!.text).toBe('您的信访事项（编号XF1401002025000001）已交办太原市住房和城乡建设局办理，该单位将依法决定是否受理并告知您。');
    expect(messages[1]!.text).toBe(
      `太原市信访局交办信访事项XF1401002025000001「小区供暖不达标，多次反映未解决」，请于2025年10月9日前决定是否受理并告知信访人，于2025年12月10日前办结并报送办结报告。`,
    );
  });

  it('tells the citizen of acceptance with the procedure and the handling time limit', () => {
    const c = accepted('2025-09-26');
    const [m] = messagesForEvent(factsOf(c.events.at(-1)!), matterOf(c.current, { handling: dueOf(c.current, 'handling') }));
    expect(m!.kind).toBe('citizen.accepted');
    expect(m!.text).toBe('您的信访事项（编号XF1401002025000001）已由太原市住房和城乡建设局受理，按普通程序办理，办理期限至2025年11月25日。');
  });

  it('tells the citizen by SMS that the simple procedure was converted, with the limit counted from acceptance', () => {
    const c = dispatched('forward', '2025-09-24');
    c.step({ type: 'accept', on: '2025-09-25', procedure: 'simple', eligibilityBasis: 'factsClear', likelyNotSupported: false, statutoryProcedureAvailable: false, multipleBodies: false }, A.handler);
    c.step({ type: 'convert', on: '2025-09-30', reason: '需现场核查' }, A.head);
    const [m] = messagesForEvent(factsOf(c.events.at(-1)!), matterOf(c.current, { handling: dueOf(c.current, 'handling') }));
    expect(m!.kind).toBe('citizen.converted');
    expect(m!.audience).toEqual({ to: 'petitioners' });
    expect(m!.text).toBe('您的信访事项（编号XF1401002025000001）经批准由简易办理转为普通程序办理，办理期限自受理之日起计算，至2025年11月24日，书面告知书将依法送达。');
  });

  it('leaves out a date it does not know rather than guess it', () => {
    const c = accepted('2025-09-26');
    const [m] = messagesForEvent(factsOf(c.events.at(-1)!), matterOf(c.current));
    expect(m!.text).toBe('您的信访事项（编号XF1401002025000001）已由太原市住房和城乡建设局受理，按普通程序办理。');
  });

  it('sends a return request to the acceptance officers of the bureau that dispatched it', () => {
    const c = dispatched('forward');
    c.step({ type: 'requestReturn', on: '2025-09-25', reason: '不属于本单位职责' }, A.handler);
    const messages = messagesForEvent(factsOf(c.events.at(-1)!), matterOf(c.current));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.audience).toEqual({ to: 'staff', bodyId: BUREAU, roles: ['acceptanceOfficer'] });
    expect(messages[0]!.text).toContain('太原市住房和城乡建设局申请退回信访事项XF1401002025000001');
    expect(messages[0]!.text).toContain('理由：不属于本单位职责');
  });

  it('tells the supervised body of a supervision letter, keyed by the event name alone', () => {
    const c = accepted();
    const event: EventFacts = { type: 'supervised', on: '2025-10-10', payload: { letterKind: 'supervisionLetter', replyDueOn: '2025-10-20', listed: true, targetBodyId: BODY }, actorBodyId: BUREAU };
    const [m] = messagesForEvent(event, matterOf(c.current));
    expect(m!.kind).toBe('staff.supervised');
    expect(m!.audience).toEqual({ to: 'staff', bodyId: BODY, roles: ['handler', 'bodyLeader', 'acceptanceOfficer'] });
    expect(m!.subject).toBe('收到督办函：XF1401002025000001');
    expect(m!.text).toBe('太原市信访局就信访事项XF1401002025000001「小区供暖不达标，多次反映未解决」发出督办函（挂牌督办），请于2025年10月20日前回复。');
    // The body the event names is the one supervised (the bureau itself, for its 15 days to dispatch).
    const atBureau: EventFacts = { type: 'supervised', on: '2025-09-30', payload: { letterKind: 'reminderLetter', replyDueOn: '2025-10-08', listed: false, targetBodyId: BUREAU }, actorBodyId: BUREAU };
    const [r] = messagesForEvent(atBureau, matterOf(c.current));
    expect(r!.audience).toMatchObject({ to: 'staff', bodyId: BUREAU });
    expect(r!.subject).toBe('收到提醒函：XF1401002025000001');
  });

  it('asks whoever’s turn it is to sign an opinion — the holder of the slot’s position — and stops once it is fully signed (seed 003)', () => {
    const c = accepted();
    c.step({ type: 'draftOpinion', on: '2025-11-10', outcome: 'support', summary: '予以支持' }, A.handler);
    const [drafted] = messagesForEvent(factsOf(c.events.at(-1)!), matterOf(c.current));
    expect(drafted).toMatchObject({ kind: 'staff.opinionDrafted', audience: { to: 'staff', bodyId: BODY, roles: ['handler'], position: 'handler' }, subject: '待签批处理意见：XF1401002025000001' });
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.handler);
    const [signed] = messagesForEvent(factsOf(c.events.at(-1)!), matterOf(c.current));
    expect(signed!.audience).toEqual({ to: 'staff', bodyId: BODY, roles: ['bodyLeader'], position: 'deputyHead' });
    expect(signed!.text).toBe('信访事项XF1401002025000001「小区供暖不达标，多次反映未解决」的处理意见（予以支持）已经承办人签批，待「分管领导」签批。');
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.head);
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.principal);
    expect(messagesForEvent(factsOf(c.events.at(-1)!), matterOf(c.current))).toEqual([]);
  });

  it('tells the petitioner when and where the hearing is held', () => {
    const c = inReReview();
    c.step(hearingNotice('2026-02-20', '2026-02-27'), A.reReviewHandler);
    const [m] = messagesForEvent(factsOf(c.events.at(-1)!), { ...matterOf(c.current), bodyNames: { ...NAMES, [RE_REVIEW_BODY]: '山西省住房和城乡建设厅' } });
    expect(m!.kind).toBe('citizen.hearingStarted');
    expect(m!.text).toBe('山西省住房和城乡建设厅决定就您的信访事项（编号XF1401002025000001）举行听证，时间：2026年2月27日，地点：市信访局听证室。请按时参加，因故不能参加的请提前告知。');
  });

  it('produces nothing for events nobody is told about', () => {
    const c = accepted();
    expect(messagesForEvent({ type: 'classified', on: '2025-09-26', payload: {}, actorBodyId: BUREAU }, matterOf(c.current))).toEqual([]);
    expect(messagesForEvent({ type: 'noSuchEvent', on: '2025-09-26', payload: {}, actorBodyId: null }, matterOf(c.current))).toEqual([]);
  });

  it('lists the bodies its messages may name', () => {
    const c = dispatched('forward');
    expect(bodiesNamed(factsOf(c.events.at(-1)!), c.current).sort()).toEqual([BODY, BUREAU].sort());
  });
});

describe('registration notice', () => {
  it('carries the query code as a secret, and the SMS signature moves the secret with it', () => {
    const m = registrationMessage({ petitionNumber: 'XJ1401052025000007', matterNumbers: ['XF1401052025000003'], bodyName: '小店区信访局', queryCode: 'ABCD2345EFGH6789' });
    expect(m.text).toBe('您的信访件已由小店区信访局登记，编号XJ1401052025000007（信访事项编号XF1401052025000003）。查询码：ABCD2345EFGH6789，请妥善保存，可凭查询码在网上信访平台查询办理进展。');
    const sms = renderFor('sms', m);
    expect(sms.text.startsWith('【信访】')).toBe(true);
    const [[start, length]] = sms.secrets as [[number, number]];
    expect(sms.text.slice(start, start + length)).toBe('ABCD2345EFGH6789');
    expect(maskSecrets(sms.text, sms.secrets)).toContain('查询码：************6789，');
  });

  it('has no code and no secret for a desk registration', () => {
    const m = registrationMessage({ petitionNumber: 'XJ1', matterNumbers: [], bodyName: '山西省信访局', queryCode: null });
    expect(m.text).toBe('您的信访件已由山西省信访局登记，编号XJ1。');
    expect(m.secrets).toEqual([]);
  });
});

describe('deadlines', () => {
  it('warns the body that owes a deadline, and nobody about a window', () => {
    const c = accepted();
    expect(deadlineOwner('handling', c.current)).toEqual({ bodyId: BODY, roles: ['handler', 'bodyLeader'] });
    expect(deadlineOwner('dispatch', c.current)).toEqual({ bodyId: BUREAU, roles: ['acceptanceOfficer'] });
    expect(deadlineOwner('reviewRequestWindow', c.current)).toBeNull();
    const m = dueSoonMessage({ number: 'XF1', title: '供暖', clock: 'handling', dueOn: '2025-11-25', today: '2025-11-23', state: c.current });
    expect(m!.text).toBe('信访事项XF1「供暖」的办理时限将于2025年11月25日届满（剩余2日），请及时办理。');
    expect(dueSoonMessage({ number: 'XF1', title: '供暖', clock: 'handling', dueOn: '2025-11-25', today: '2025-11-25', state: c.current })!.text).toContain('（今日届满）');
  });

  it('tells the late body and the supervision offices of an overdue deadline, and nobody of an overdue window', () => {
    const c = accepted();
    const base = { number: 'XF1', title: '供暖', dueOn: '2025-11-25', today: '2025-11-28', state: c.current, supervisionOfficeIds: ['office'], bodyNames: NAMES };
    const messages = overdueMessages({ ...base, clock: 'handling' });
    expect(messages.map((m) => [m.kind, m.audience])).toEqual([
      ['staff.overdue', { to: 'staff', bodyId: BODY, roles: ['handler', 'bodyLeader'] }],
      ['supervision.overdue', { to: 'staff', bodyId: 'office', roles: ['supervisor'] }],
    ]);
    expect(messages[0]!.text).toBe('信访事项XF1「供暖」的办理时限已于2025年11月25日届满，已超期3日，请立即办理。');
    expect(messages[1]!.text).toBe('信访事项XF1「供暖」的办理时限已于2025年11月25日届满，太原市住房和城乡建设局已超期3日，请督查督办。');
    expect(overdueMessages({ ...base, clock: 'reviewRequestWindow' })).toEqual([]);
  });
});

describe('retries', () => {
  it('waits 1, 2, 4, 8 … minutes, never more than an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMinutes(n))).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('gives up after the last attempt, and at once on a permanent failure', () => {
    const now = new Date('2025-10-01T00:00:00Z');
    expect(afterFailure(1, now)).toEqual({ status: 'pending', nextAttemptAt: new Date('2025-10-01T00:01:00Z') });
    expect(afterFailure(3, now)).toEqual({ status: 'pending', nextAttemptAt: new Date('2025-10-01T00:04:00Z') });
    expect(afterFailure(DEFAULT_RETRY_POLICY.maxAttempts - 1, now).status).toBe('pending');
    expect(afterFailure(DEFAULT_RETRY_POLICY.maxAttempts, now)).toEqual({ status: 'dead' });
    expect(afterFailure(1, now, DEFAULT_RETRY_POLICY, true)).toEqual({ status: 'dead' });
  });
});

describe('masking', () => {
  it('masks phones and e-mail addresses for the outbox view', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskEmail('liu.banli@example.gov.cn')).toBe('l***@example.gov.cn');
  });

  it('masks ID and phone numbers wherever they stand in a text, and leaves matter numbers, dates and amounts', () => {
    expect(maskPersonalNumbers('身份证14010519800315123X，电话13812345678。')).toBe('身份证**************123X，电话138****5678。');
    expect(maskPersonalNumbers('id 140105198003151234 and 140105800315123')).toBe('id **************1234 and ***********5123');
    expect(maskPersonalNumbers('手机 138-1234-5678 或 +86 138 1234 5678，座机 0351-7654321')).toBe('手机 138****5678 或 138****5678，座机 ********4321');
    const kept = '编号XF1401052025000123，2025-11-20 受理，金额 12000 元，查询码 7Q2M9K4D1X8B3N6P';
    expect(maskPersonalNumbers(kept)).toBe(kept);
    expect(maskPersonalNumbers('138123456789')).toBe('138123456789'); // 12 digits: not a mobile
  });

  it('masks personal numbers in a logged URL, in the path and in every query value, also percent-encoded', () => {
    expect(maskUrl('/api/v1/petitioners?q=13800001234&limit=20')).toBe('/api/v1/petitioners?q=138****1234&limit=20');
    expect(maskUrl('/api/v1/petitioners?q=%E5%BC%A0%E4%B8%89%2014010519800315123X')).toBe(`/api/v1/petitioners?q=${encodeURIComponent('张三 **************123X')}`);
    expect(maskUrl('/api/v1/lookup/13800001234/x')).toBe('/api/v1/lookup/138****1234/x');
    expect(maskUrl('/api/v1/matters/0f8fad5b-d9cb-469f-a165-70867728950e?tab=1')).toBe('/api/v1/matters/0f8fad5b-d9cb-469f-a165-70867728950e?tab=1');
    expect(maskUrl('/x?bad=%E0%A4%A')).toBe('/x?bad=%E0%A4%A');
  });

  it('writes to the representatives of a collective matter, otherwise to everyone', () => {
    const a = { id: 'a', isRepresentative: false };
    const b = { id: 'b', isRepresentative: true };
    expect(citizenRecipients([a, b])).toEqual([b]);
    expect(citizenRecipients([a])).toEqual([a]);
  });
});
