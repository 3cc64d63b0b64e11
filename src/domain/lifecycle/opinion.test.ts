import { describe, expect, it } from 'vitest';
import { A, accepted, refusalOf } from './lifecycle.testkit';

/**
 * The handling opinion's sign-off (seed 003: 承办人 → 分管领导 → 主要负责人), then its issue (Art. 32). What is issued is
 * what was signed, by the people the chain names, in its order.
 */
describe('handling opinion: draft, sign in order, issue', () => {
  const draft = { type: 'draftOpinion' as const, on: '2025-11-10', outcome: 'support' as const, summary: '予以支持，责令整改', facts: '经查属实' };

  it('refuses a signature out of order, naming whose turn it is', () => {
    const c = accepted();
    c.step(draft, A.handler);
    const early = c.try({ type: 'signOpinion', on: '2025-11-10' }, A.head);
    expect(!early.ok && early.refusal).toMatchObject({ code: 'SIGN_OFF_OUT_OF_ORDER', messageZh: '签批须按顺序进行：当前应由「承办人」签批' });
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.handler);
    // The handler cannot sign the leaders' steps; a leader cannot sign twice.
    const again = c.try({ type: 'signOpinion', on: '2025-11-10' }, A.handler);
    expect(!again.ok && again.refusal.code).toBe('SIGN_OFF_SAME_PERSON');
    c.step({ type: 'signOpinion', on: '2025-11-10', comment: '同意' }, A.head);
    const twice = c.try({ type: 'signOpinion', on: '2025-11-10' }, A.head);
    expect(!twice.ok && twice.refusal.code).toBe('SIGN_OFF_SAME_PERSON');
    const stranger = c.try({ type: 'signOpinion', on: '2025-11-10' }, A.otherHandler);
    expect(!stranger.ok && stranger.refusal.code).toBe('FORBIDDEN');
    expect(c.current.opinionDraft?.signatures.map((x) => [x.step, x.userId, x.comment])).toEqual([
      ['handler', 'u-handler', null],
      ['leaderInCharge', 'u-head', '同意'],
    ]);
  });

  it('a slot is signed only by the holder of its position: the principal is refused the 分管领导 slot and vice versa', () => {
    const c = accepted();
    c.step(draft, A.handler);
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.handler);
    // The principal leader's own slot comes later: told whose turn it is.
    expect(refusalOf(c.try({ type: 'signOpinion', on: '2025-11-10' }, A.principal))).toMatchObject({
      code: 'SIGN_OFF_OUT_OF_ORDER',
      guard: 'isSignOffSigner',
      messageZh: '签批须按顺序进行：当前应由「分管领导」签批',
    });
    // A leader with no position set cannot take any slot, and is told whose signature is needed.
    const unplaced = { ...A.principal, userId: 'u-unplaced', position: null };
    expect(refusalOf(c.try({ type: 'signOpinion', on: '2025-11-10' }, unplaced))).toMatchObject({
      code: 'SIGN_OFF_POSITION_REQUIRED',
      messageZh: '「分管领导」签批须由本机关分管领导本人签署（您的账号未设置职务，请联系系统管理员）',
    });
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.head);
    // A second 分管领导 of the body cannot sign the 主要负责人 slot.
    const otherDeputy = { ...A.head, userId: 'u-deputy-2' };
    expect(refusalOf(c.try({ type: 'signOpinion', on: '2025-11-10' }, otherDeputy))).toMatchObject({
      code: 'SIGN_OFF_POSITION_REQUIRED',
      messageZh: '「主要负责人」签批须由本机关主要负责人本人签署',
    });
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.principal);
    const e = c.step({ type: 'reply', on: '2025-11-10' }, A.handler);
    // Each signature carries the signer's position: the issued opinion names them by it.
    expect(e.payload.signatures).toEqual([
      { step: 'handler', userId: 'u-handler', on: '2025-11-10', comment: null, position: 'handler' },
      { step: 'leaderInCharge', userId: 'u-head', on: '2025-11-10', comment: null, position: 'deputyHead' },
      { step: 'principalLeader', userId: 'u-principal', on: '2025-11-10', comment: null, position: 'principalHead' },
    ]);
  });

  it('a chain stored before positions (roles only) is read by its keys; a custom roles-only step still goes by role', () => {
    const legacy = [
      { key: 'handler', labelZh: '承办人', roles: ['handler' as const] },
      { key: 'leaderInCharge', labelZh: '分管领导', roles: ['bodyLeader' as const] },
      { key: 'sealer', labelZh: '办公室核稿', roles: ['bodyLeader' as const] },
    ];
    const c = accepted();
    c.step({ ...draft, chain: legacy }, A.handler);
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.handler);
    expect(refusalOf(c.try({ type: 'signOpinion', on: '2025-11-10' }, A.principal)).code).toBe('SIGN_OFF_OUT_OF_ORDER');
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.head);
    expect(c.try({ type: 'signOpinion', on: '2025-11-10' }, A.principal).ok).toBe(true);
  });

  it('is not issued before every step has signed, and then issues exactly the signed text', () => {
    const c = accepted();
    const none = c.try({ type: 'reply', on: '2025-11-10', outcome: 'support', summary: 'x' }, A.handler);
    expect(!none.ok && none.refusal.code).toBe('OPINION_NOT_DRAFTED');
    c.step(draft, A.handler);
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.handler);
    c.step({ type: 'signOpinion', on: '2025-11-11' }, A.head);
    const half = c.try({ type: 'reply', on: '2025-11-11' }, A.handler);
    expect(!half.ok && half.refusal).toMatchObject({ code: 'OPINION_NOT_SIGNED', messageZh: '处理意见尚未签批完毕：待「主要负责人」签批' });
    c.step({ type: 'signOpinion', on: '2025-11-12' }, A.principal);
    const changed = c.try({ type: 'reply', on: '2025-11-12', outcome: 'notSupport' }, A.handler);
    expect(!changed.ok && changed.refusal.code).toBe('VALIDATION');
    const e = c.step({ type: 'reply', on: '2025-11-12' }, A.handler);
    expect(e.payload).toMatchObject({ outcome: 'support', summary: '予以支持，责令整改', facts: '经查属实' });
    expect((e.payload.signatures as unknown[]).length).toBe(3);
    expect(c.current.opinion).toEqual({ outcome: 'support', summary: '予以支持，责令整改', on: '2025-11-12' });
    expect(c.status).toBe('replied');
  });

  it('a redraft starts the signatures again; the chain recorded with the draft is the one signed', () => {
    const c = accepted();
    c.step({ ...draft, chain: [{ key: 'handler', labelZh: '承办人', roles: ['handler'] }, { key: 'head', labelZh: '单位负责人', roles: ['bodyLeader'] }] }, A.handler);
    c.step({ type: 'signOpinion', on: '2025-11-10' }, A.handler);
    c.step({ ...draft, summary: '改为解释说明', outcome: 'explain' }, A.handler);
    expect(c.current.opinionDraft?.signatures).toEqual([]);
    expect(c.current.opinionDraft?.chain.map((x) => x.key)).toEqual(['handler', 'leaderInCharge', 'principalLeader']);
    const bad = c.try({ ...draft, chain: [] }, A.handler);
    expect(!bad.ok && bad.refusal.code).toBe('VALIDATION');
  });
});
