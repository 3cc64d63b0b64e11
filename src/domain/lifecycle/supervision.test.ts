import { describe, expect, it } from 'vitest';
import { clockView } from './clocks';
import { decide } from './decide';
import { A, accepted, BODY, BUREAU, calendar, Course, ctx, facts } from './lifecycle.testkit';
import type { Command, MatterState } from './types';

function run(state: MatterState, command: Command, actor = A.supervisor) {
  return decide(state, command, { ...ctx(actor) });
}

function ok(state: MatterState, command: Command, actor = A.supervisor): MatterState {
  const d = run(state, command, actor);
  if (!d.ok) throw new Error(`${command.type} refused: ${d.refusal.messageZh}`);
  return d.next;
}

/**
 * 督办 (Art. 39 ¶3, 40): a letter with a reply date, the supervised body's written reply, the office's assessment, and
 * escalation. A supervision runs beside the statutory course and never changes its status.
 */
describe('supervision of a matter', () => {
  const base = () => accepted('2025-09-26').current;

  it('opens with a reply clock to the set date, addressed to the responsible body, without touching the status', () => {
    const s = ok(base(), { type: 'supervise', on: '2025-12-01', method: 'letter', letterKind: 'supervisionLetter', reason: '临近办理期限', replyDueOn: '2025-12-08' });
    expect(s.status).toBe('accepted');
    expect(s.supervision).toMatchObject({ targetBodyId: BODY, byBodyId: BUREAU, replyDueOn: '2025-12-08', letterKind: 'supervisionLetter', listed: false, reply: null });
    expect(s.supervisions).toBe(1);
    const view = clockView(s.clocks.supervisionReply!, '2025-12-09', calendar);
    expect(view.due).toBe('2025-12-08');
    expect(view.status).toBe('overdue');
  });

  it('addresses the bureau itself while the matter waits for dispatch', () => {
    const c = new Course();
    c.step({ type: 'register', on: '2025-09-19', facts: facts() }, A.registrar);
    const registered = c.current;
    const s = ok(registered, { type: 'supervise', on: '2025-10-10', method: 'phone', letterKind: null, reason: '超过15日未转送', replyDueOn: '2025-10-13' });
    expect(s.supervision?.targetBodyId).toBe(BUREAU);
    // The bureau's acceptance officer answers for it.
    const replied = ok(s, { type: 'replySupervision', on: '2025-10-11', summary: '已转送' }, A.acceptanceOfficer);
    expect(replied.supervision?.reply?.summary).toBe('已转送');
  });

  it('refuses a second supervision while one is open, and bad dates', () => {
    const s = ok(base(), { type: 'supervise', on: '2025-12-01', method: 'letter', letterKind: 'supervisionLetter', reason: '临近办理期限', replyDueOn: '2025-12-08' });
    const again = run(s, { type: 'supervise', on: '2025-12-02', method: 'letter', letterKind: 'reminderLetter', reason: '再次提醒', replyDueOn: '2025-12-09' });
    expect(!again.ok && again.refusal.code).toBe('SUPERVISION_OPEN');
    const early = run(base(), { type: 'supervise', on: '2025-12-01', method: 'letter', letterKind: 'supervisionLetter', reason: '提醒', replyDueOn: '2025-12-01' });
    expect(!early.ok && early.refusal.code).toBe('VALIDATION');
    const listedNoDate = run(base(), { type: 'supervise', on: '2025-12-01', method: 'onSite', letterKind: null, reason: '挂牌', replyDueOn: '2025-12-05', listed: true });
    expect(!listedNoDate.ok && listedNoDate.refusal.code).toBe('VALIDATION');
    const noReason = run(base(), { type: 'supervise', on: '2025-12-01', method: 'letter', letterKind: 'supervisionLetter', reason: ' ', replyDueOn: '2025-12-05' });
    expect(!noReason.ok && noReason.refusal.code).toBe('VALIDATION');
  });

  it('only supervisors open it, only the supervised body replies, only the supervising office assesses', () => {
    const cmd: Command = { type: 'supervise', on: '2025-12-01', method: 'letter', letterKind: 'supervisionLetter', reason: '临近办理期限', replyDueOn: '2025-12-08' };
    expect(run(base(), cmd, A.handler).ok).toBe(false);
    const s = ok(base(), cmd);
    const byOther = run(s, { type: 'replySupervision', on: '2025-12-03', summary: '已办理' }, A.otherHandler);
    expect(!byOther.ok && byOther.refusal.code).toBe('FORBIDDEN');
    const replied = ok(s, { type: 'replySupervision', on: '2025-12-03', summary: '已办理' }, A.handler);
    const byBody = run(replied, { type: 'assessSupervision', on: '2025-12-04', verdict: 'satisfactory' }, A.handler);
    expect(!byBody.ok && byBody.refusal.code).toBe('FORBIDDEN');
    // Assessment waits for a reply.
    const tooSoon = run(s, { type: 'assessSupervision', on: '2025-12-04', verdict: 'satisfactory' });
    expect(!tooSoon.ok && tooSoon.refusal.code).toBe('SUPERVISION_NOT_REPLIED');
  });

  it('a reply on time stops the clock as met; unsatisfactory asks again by a new date; satisfactory closes it', () => {
    let s = ok(base(), { type: 'supervise', on: '2025-12-01', method: 'letter', letterKind: 'supervisionLetter', reason: '临近办理期限', replyDueOn: '2025-12-08', listed: true, listedDueOn: '2025-12-20' });
    s = ok(s, { type: 'replySupervision', on: '2025-12-05', summary: '正在办理' }, A.handler);
    expect(clockView(s.clocks.supervisionReply!, '2025-12-10', calendar).status).toBe('met');
    const noDate = run(s, { type: 'assessSupervision', on: '2025-12-06', verdict: 'unsatisfactory', note: '未说明办理进度' });
    expect(!noDate.ok && noDate.refusal.code).toBe('VALIDATION');
    s = ok(s, { type: 'assessSupervision', on: '2025-12-06', verdict: 'unsatisfactory', note: '未说明办理进度', replyDueOn: '2025-12-12' });
    expect(s.supervision).toMatchObject({ reply: null, rounds: 1, replyDueOn: '2025-12-12' });
    expect(clockView(s.clocks.supervisionReply!, '2025-12-13', calendar).status).toBe('overdue');
    s = ok(s, { type: 'escalateSupervision', on: '2025-12-13', toLeader: '分管副局长', reason: '逾期未回复' });
    expect(s.supervision?.escalatedTo).toEqual(['分管副局长']);
    s = ok(s, { type: 'replySupervision', on: '2025-12-15', summary: '已答复信访人' }, A.handler);
    expect(clockView(s.clocks.supervisionReply!, '2025-12-16', calendar).status).toBe('late');
    s = ok(s, { type: 'assessSupervision', on: '2025-12-16', verdict: 'satisfactory', note: '已办结' });
    expect(s.supervision).toBeNull();
    expect(s.clocks.listedSupervision?.stoppedOn).toBe('2025-12-16');
    expect(s.status).toBe('accepted');
    // A new supervision may follow.
    expect(run(s, { type: 'supervise', on: '2025-12-17', method: 'interview', letterKind: 'adviceLetter', reason: '建议完善工作机制', replyDueOn: '2026-01-16' }).ok).toBe(true);
  });

  it('is not opened on a terminated matter, which is not supervised', () => {
    const terminated = { ...base(), status: 'terminated' as const };
    const d = decide(terminated, { type: 'supervise', on: '2025-12-01', method: 'letter', letterKind: 'supervisionLetter', reason: 'x', replyDueOn: '2025-12-08' }, ctx(A.supervisor));
    expect(!d.ok && d.refusal.code).toBe('INVALID_TRANSITION');
  });
});
