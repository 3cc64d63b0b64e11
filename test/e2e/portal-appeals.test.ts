import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../src/domain/identity';
import { DEMO_PASSWORD } from '../../src/modules/org/demo-data';
import { usePlatform } from './server';

/**
 * A citizen on a phone (375×812) whose reply has been delivered opens the query page, sees what they may do and until
 * when, evaluates 不满意 with a comment, and requests a review from the body the page names, confirming first.
 */
describe('browser: evaluation and review request on the portal', () => {
  const platform = usePlatform();

  /** Staff steps through the API, as the bodies would take them in their own screens. */
  async function staff(login: string) {
    const base = platform.server().url;
    const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: DEMO_PASSWORD }) });
    expect(res.status).toBe(200);
    const cookie = /xf_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const run = async (matterId: string, payload: object) => {
      const r = await fetch(`${base}/api/v1/matters/${matterId}/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify(payload),
      });
      expect(r.status, await r.clone().text()).toBe(200);
    };
    const get = async <T>(path: string) => (await (await fetch(`${base}/api/v1${path}`, { headers: { cookie } })).json()) as T;
    return Object.assign(run, { get });
  }

  it('evaluates and requests a review within the window, seeing the deadline and the review body first', async () => {
    const base = platform.server().url;
    const idNumber = `14010519850505222${idCheckCharacter('14010519850505222')}`;
    const submitted = await fetch(`${base}/api/v1/portal/petitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'mobile',
        name: '郝网民',
        idNumber,
        phone: '13935117788',
        address: '山西省太原市小店区长风街2号',
        regionCode: '140105',
        title: '反映长风街井盖缺失',
        request: '请求尽快补装井盖。',
        facts: '长风街东段一处井盖缺失已两周。',
        reasons: '存在行人坠落危险。',
        attachments: [],
        truthful: true,
      }),
    });
    expect(submitted.status).toBe(201);
    const { queryCode } = (await submitted.json()) as { queryCode: string };

    // The county bureau finds it in its queue, classifies and forwards it; the housing bureau accepts, signs off, answers, delivers.
    const bureau = await staff('xd.xfj');
    const list = await bureau.get<{ items: { id: string }[] }>(`/matters?q=${encodeURIComponent('长风街井盖')}`);
    const matterId = list.items[0]!.id;
    const bodies = await bureau.get<{ items: { id: string; name: string }[] }>(`/bodies?q=${encodeURIComponent('小店区住房')}`);
    const zjj = bodies.items.find((b) => b.name === '太原市小店区住房和城乡建设局')!;
    // 依法分类 first (Art. 29–31): the acceptance office routes nothing unclassified.
    await bureau(matterId, { type: 'classify', purpose: 'request', categoryPath: ['cxjs'], art31Route: 'petitionProcedure' });
    await bureau(matterId, { type: 'forward', toBodyId: zjj.id });
    const handler = await staff('xd.zjj.handler');
    await handler(matterId, { type: 'accept', procedure: 'ordinary' });
    await handler(matterId, { type: 'draftOpinion', outcome: 'support', summary: '已安排补装井盖。' });
    await handler(matterId, { type: 'signOpinion' });
    await (await staff('xd.zjj.leader'))(matterId, { type: 'signOpinion' });
    await (await staff('xd.zjj.principal'))(matterId, { type: 'signOpinion' });
    await handler(matterId, { type: 'reply' });
    await handler(matterId, { type: 'recordDelivery', method: 'online' });

    const page = await platform.browser().newPage({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    await page.goto(`${base}/portal/query`);
    await page.getByTestId('portal-code').fill(queryCode);
    await page.getByTestId('portal-last4').fill(idNumber.slice(-4));
    await page.getByTestId('portal-query-submit').click();
    await page.getByTestId('portal-actions').waitFor();
    // The hint below points at the section only now that it is there (before delivery it says when it will be).
    expect(await page.getByTestId('portal-appeal-hint').textContent()).toContain('可在上方「您现在可以」中直接提交');
    const evaluation = page.locator('[data-testid="portal-action"][data-action-type="evaluate"]');
    const review = page.locator('[data-testid="portal-action"][data-action-type="requestReview"]');
    expect(await evaluation.textContent()).toMatch(/截至 \d{4}-\d{2}-\d{2}/);
    expect(await review.textContent()).toContain('《信访工作条例》第三十五条');
    expect(await review.textContent()).toContain('太原市小店区人民政府（默认）');
    expect(await review.textContent()).toContain('太原市住房和城乡建设局');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-actions.png'), fullPage: true });

    await evaluation.getByText('不满意', { exact: true }).click();
    await page.getByTestId('portal-evaluation-comment').fill('井盖补装后又被盗');
    await page.getByTestId('portal-evaluate-submit').click();
    await page.locator('.ant-modal-confirm').locator('.ant-modal-confirm-title', { hasText: '确认评价为「不满意」？' }).waitFor();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '提交评价' }).click();
    const evaluated = page.locator('[data-testid="portal-timeline-entry"][data-event-type="evaluated"]');
    await evaluated.waitFor();
    expect(await evaluated.textContent()).toContain('满意度评价：不满意。评价意见：井盖补装后又被盗');
    expect(await page.locator('[data-testid="portal-action"][data-action-type="evaluate"]').count()).toBe(0);

    // The request says why the petitioner disagrees (Art. 35): without reasons it cannot be sent.
    expect(await page.getByTestId('portal-review-submit').isDisabled()).toBe(true);
    await page.getByTestId('portal-appeal-reasons').fill('井盖补装后又被盗，处理意见没有解决问题');
    await page.getByTestId('portal-review-submit').click();
    await page.locator('.ant-modal-confirm').locator('.ant-modal-confirm-title', { hasText: '确认向太原市小店区人民政府请求复查？' }).waitFor();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '提交复查请求' }).click();
    const requested = page.locator('[data-testid="portal-timeline-entry"][data-event-type="reviewRequested"]');
    await requested.waitFor();
    expect(await requested.textContent()).toContain('已提出复查请求，复查机关：太原市小店区人民政府');
    expect(await page.getByTestId('portal-matter-status').textContent()).toBe('复查中');
    expect(await page.getByTestId('portal-actions').count()).toBe(0);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-reviewed.png'), fullPage: true });
  });
});
