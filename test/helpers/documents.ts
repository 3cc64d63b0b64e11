import { expect } from 'vitest';
import { loginAs, requestAs, type Session, type TestApp } from './app';

/**
 * The demo's shortest road to a document: a letter registered at 小店区信访局, forwarded to its housing bureau, which
 * accepts it — returns the 受理告知书 issued.
 */
export async function issueAcceptanceNotice(t: TestApp, housingBureauId: string, title: string): Promise<{ id: string; number: string }> {
  const desk = await loginAs(t.app, 'xd.xfj');
  const reg = await requestAs(t.app, desk, {
    method: 'POST',
    url: '/api/v1/petitions',
    payload: { channel: 'letter', receivedAt: '2025-11-20T09:00:00+08:00', regionCode: '140105', title, content: `${title}，请求处理。`, petitioners: [{ name: '韦某' }] },
  });
  expect(reg.statusCode, reg.body).toBe(201);
  const id = reg.json().matters[0].matterId as string;
  const command = async (s: Session, payload: object) => {
    const res = await requestAs(t.app, s, { method: 'POST', url: `/api/v1/matters/${id}/commands`, payload });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  };
  await command(desk, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
  await command(desk, { type: 'forward', toBodyId: housingBureauId });
  const handler = await loginAs(t.app, 'xd.zjj.handler');
  await command(handler, { type: 'accept', procedure: 'ordinary' });
  const docs = (await requestAs(t.app, handler, { url: `/api/v1/matters/${id}/documents` })).json().items as { id: string; kind: string; number: string }[];
  return docs.find((d) => d.kind === 'acceptanceNotice')!;
}
