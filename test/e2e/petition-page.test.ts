import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chinaToday } from '../../web/src/chinaTime';
import { logIn, openPageAs, usePlatform } from './server';

/**
 * Issue 14, items 12–14, as the desks use them. 小店区's desk registers one letter of two demands (分诉求) with a
 * scanned page (PDF), a photo and a note, and a group visit of 30 with three representatives. From a matter, the
 * 信访件 row opens the petition: the letter as received, the petitioner masked, the photo shown, the PDF opened in
 * a new tab, every file downloadable, and both matters it carries; each demand's matter links the other. A county
 * body of another district finds no such petition. A browser whose clock is in UTC, at 07:30 in Beijing (23:30 UTC
 * the day before), still defaults the receipt date to Beijing's date, and the matter is recorded on that date.
 */

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e2b1a20000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from(`%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj
trailer<</Root 1 0 R>>
%%EOF
`);

/** A call to the API as the logged-in page (its cookie, and the CSRF token of /auth/me). */
async function apiAs(page: Page, base: string) {
  const me = await page.request.get(`${base}/api/v1/auth/me`);
  const csrf = (await me.json()).csrfToken as string;
  return {
    post: async (path: string, data: object) => {
      const res = await page.request.post(`${base}/api/v1${path}`, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(201);
      return res.json();
    },
    upload: async (files: { name: string; mimeType: string; buffer: Buffer }[]) => {
      const multipart: Record<string, { name: string; mimeType: string; buffer: Buffer }> = {};
      files.forEach((f, i) => (multipart[`file${i}`] = f));
      const res = await page.request.post(`${base}/api/v1/attachments`, { multipart, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()).items as { id: string; fileName: string }[];
    },
  };
}

describe('browser: the petition page, collective and split matters, China dates', () => {
  const platform = usePlatform();
  const state = { petitionId: '', matterIds: [] as string[], groupMatterId: '' };

  it('the desk opens the petition from the matter: text, masked petitioner, photo, PDF, downloads, and the other demand', async () => {
    const base = platform.server().url;
    const page = await openPageAs(platform, 'xd.xfj');
    const api = await apiAs(page, base);
    const files = await api.upload([
      { name: '来信原件.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: '现场照片.png', mimeType: 'image/png', buffer: PNG },
      { name: '补充说明.txt', mimeType: 'text/plain', buffer: Buffer.from('电梯停运两年。\n', 'utf8') },
    ]);
    const letter = await api.post('/petitions', {
      channel: 'letter',
      receivedAt: `${chinaToday()}T09:00:00+08:00`,
      regionCode: '140105',
      title: '反映小区电梯停运及供暖不热',
      content: '来信反映两件事：一是小区电梯停运两年无人维修；二是冬季供暖室温不足十六度。',
      details: { pages: 2 },
      petitioners: [{ name: '赵铁柱', idNumber: '140105197505051234', phone: '13700001111', address: '山西省太原市小店区坞城路12号3单元' }],
      demands: [
        { title: '反映小区电梯停运', content: '电梯停运两年无人维修。' },
        { title: '反映供暖不热', content: '冬季供暖室温不足十六度。' },
      ],
      attachmentIds: files.map((f) => f.id),
    });
    state.petitionId = letter.petitionId;
    state.matterIds = letter.matters.map((m: { matterId: string }) => m.matterId);

    // From the first demand's matter, its 信访件 row opens the petition.
    await page.goto(`${base}/matters/${state.matterIds[0]}`);
    await page.getByTestId('matter-detail').waitFor();
    const sibling = page.getByTestId('split-sibling-link');
    await sibling.waitFor();
    await expect(sibling.textContent()).resolves.toContain('反映供暖不热');
    await page.getByTestId('matter-petition-link').first().click();
    await page.getByTestId('petition-page').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/petitions/${state.petitionId}`);
    await expect(page.getByTestId('petition-title').textContent()).resolves.toBe('反映小区电梯停运及供暖不热');
    await expect(page.getByTestId('petition-content').textContent()).resolves.toContain('二是冬季供暖室温不足十六度');
    const person = await page.getByTestId('petition-petitioner').textContent();
    expect(person).toContain('赵铁柱');
    expect(person).toContain('140105********1234');
    expect(person).not.toContain('140105197505051234');
    expect(person).not.toContain('坞城路12号');

    // The photo is drawn on the page; the PDF opens in a new tab, shown (inline), not downloaded; all download.
    const image = page.getByTestId('petition-attachment').filter({ hasText: '现场照片.png' }).locator('img');
    await expect.poll(() => image.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBeGreaterThan(0);
    const pdfRow = page.getByTestId('petition-attachment').filter({ hasText: '来信原件.pdf' });
    await expect(pdfRow.getByTestId('attachment-open').getAttribute('target')).resolves.toBe('_blank');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), pdfRow.getByTestId('attachment-open').click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`${base}/api/v1/attachments/${files[0]!.id}?inline=1`);
    const shown = await page.request.get(tab.url());
    expect(shown.headers()['content-type']).toBe('application/pdf');
    expect(shown.headers()['content-disposition']).toMatch(/^inline;/);
    await tab.close();
    const textRow = page.getByTestId('petition-attachment').filter({ hasText: '补充说明.txt' });
    await expect(textRow.getByTestId('attachment-open').count()).resolves.toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), textRow.getByTestId('attachment-download').click()]);
    expect(download.suggestedFilename()).toBe('补充说明.txt');

    // Both matters of the letter, each a link; the second one leads back to the first.
    const matters = page.getByTestId('petition-matter-link');
    await expect(matters.count()).resolves.toBe(2);
    await matters.filter({ hasText: '反映供暖不热' }).click();
    await page.getByTestId('matter-detail').waitFor();
    await expect(page.getByTestId('matter-title').textContent()).resolves.toBe('反映供暖不热');
    await expect(page.getByTestId('split-sibling-link').textContent()).resolves.toContain('反映小区电梯停运');
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-petition.png'), fullPage: true });
    await page.close();
  });

  it('shows a group visit’s head count and representatives on the matter page', async () => {
    const base = platform.server().url;
    const page = await openPageAs(platform, 'xd.xfj');
    const api = await apiAs(page, base);
    const visit = await api.post('/petitions', {
      channel: 'visit',
      receivedAt: `${chinaToday()}T09:10:00+08:00`,
      regionCode: '140105',
      title: '反映征地补偿款未发放',
      content: '三十名村民来访，反映去年土地征收补偿款至今没有发放到户。',
      details: { peopleCount: 30 },
      petitioners: ['王甲', '王乙', '王丙'].map((name) => ({ name, isRepresentative: true })),
    });
    await page.goto(`${base}/matters/${visit.matters[0].matterId}`);
    await page.getByTestId('matter-detail').waitFor();
    const collective = (await page.getByTestId('collective').textContent()) ?? '';
    expect(collective).toMatch(/^是，30 人；代表 3 人：/);
    for (const name of ['王甲', '王乙', '王丙']) expect(collective).toContain(name);
    await expect(page.getByTestId('representative-tag').count()).resolves.toBe(3);
    await page.getByTestId('matter-petition-link').click();
    await page.getByTestId('petition-page').waitFor();
    await expect(page.getByTestId('petition-people-count').textContent()).resolves.toBe('是，30 人');
    await page.close();
  });

  it('a body of another district finds no such petition', async () => {
    const page = await openPageAs(platform, 'yz.zjj.handler');
    await page.goto(`${platform.server().url}/petitions/${state.petitionId}`);
    await expect(page.getByText('未找到该信访件').waitFor()).resolves.toBeUndefined();
    await expect(page.getByTestId('petition-page').count()).resolves.toBe(0);
    await page.close();
  });

  it('a browser in UTC at 07:30 Beijing time defaults the receipt date to Beijing’s date and the matter is received on it', async () => {
    const instant = new Date('2025-11-19T23:30:00Z'); // 2025-11-20 07:30 in Beijing
    const context = await platform.browser().newContext({ timezoneId: 'UTC', locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    await context.clock.setFixedTime(instant);
    const page = await context.newPage();
    expect(await page.evaluate('new Date().getDate()')).toBe(19); // the browser's own calendar says the 19th
    await logIn(page, platform.server().url, 'xd.xfj');
    await page.getByTestId('nav-register').click();
    await page.getByTestId('register-page').waitFor();
    await expect(page.locator('input[data-testid="received-at"], [data-testid="received-at"] input').first().inputValue()).resolves.toBe('2025-11-20 07:30');

    // A split letter: the form says the petition keeps its own title and text.
    await page.getByTestId('petitioner-name').first().fill('孙某');
    await page.getByTestId('title').fill('反映道路破损及路灯不亮');
    await page.getByTestId('content').fill('来信反映小区门前道路破损、路灯长期不亮，影响出行安全。');
    await page.getByTestId('split-demands').click();
    await expect(page.getByTestId('split-petition-note').textContent()).resolves.toContain('信访件标题和全文仍须填写');
    await page.getByTestId('demand-title').nth(1).fill('反映路灯不亮');
    await page.getByTestId('demand-content').nth(1).fill('小区门前路灯长期不亮。');
    await page.getByTestId('submit').click();
    await page.getByTestId('register-success').waitFor({ timeout: 30_000 });
    await page.getByTestId('success-matter').first().getByRole('link').click();
    await page.getByTestId('matter-detail').waitFor();
    const received = page.locator('.ant-descriptions-item-label', { hasText: '收到日期' }).locator('xpath=following-sibling::*[1]');
    await expect(received.textContent()).resolves.toBe('2025-11-20');
    await context.close();
  });
});
