import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { logIn, usePlatform } from './server';

/**
 * The registration desk (一口登记). The provincial registrar receives 张建国 in person: he complains again about the
 * property fee of his compound, already registered as the demo letter 「反映小区物业公司擅自提高物业费」. While the
 * clerk types, duplicate screening shows that matter with the reasons (same ID number); the clerk records the visit
 * as a repeat petition on it, and the matter's timeline shows the repeat. A group visit naming six representatives
 * is refused in the browser, before anything is sent (Art. 20 ¶3).
 */
describe('browser: registration desk', () => {
  const platform = usePlatform();

  async function openDesk(): Promise<Page> {
    const page = await platform.browser().newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await logIn(page, platform.server().url, 'sx.registrar');
    await page.getByTestId('nav-register').click();
    await page.getByTestId('register-page').waitFor();
    return page;
  }

  /** The channel control has focus when the page opens; the digit 2 picks 来访. */
  async function chooseVisit(page: Page) {
    await expect.poll(() => page.locator('[data-testid="channel"] :focus').count()).toBe(1);
    await page.keyboard.press('2');
    await expect.poll(() => page.getByTestId('channel').getAttribute('data-channel')).toBe('visit');
  }

  it('a clerk registers a visit, sees a duplicate candidate with its reasons, and links it as a repeat', async () => {
    const page = await openDesk();
    await chooseVisit(page);

    const row = page.getByTestId('petitioner-row').first();
    await row.getByTestId('petitioner-name').fill('张建国');
    await row.getByTestId('petitioner-id').fill('14010519800315123X');
    await page.getByTestId('title').fill('小区物业费涨价问题');
    await page
      .getByTestId('content')
      .fill('来访人称小区物业公司没有经过业主大会表决，今年起把物业费从每平方米1.2元涨到1.8元，要求有关部门查处，恢复原来的收费标准。');
    await page.getByTestId('channel-details').locator('[data-testid="detail-peopleCount"]').fill('1');

    // Screening runs by itself once there is enough to screen; the demo letter is a candidate, for the ID number.
    const candidate = page.getByTestId('candidate').filter({ hasText: '反映小区物业公司擅自提高物业费' });
    await candidate.first().waitFor({ timeout: 30_000 });
    const reasons = (await candidate.first().getByTestId('candidate-reason').allTextContents()).join(' ');
    expect(reasons).toContain('身份证号');
    const matterId = await candidate.first().getAttribute('data-matter-id');
    const matterNumber = await candidate.first().getAttribute('data-number');
    expect(matterId).toBeTruthy();
    expect(matterNumber).toBeTruthy();
    await expect(candidate.first().getByTestId('candidate-open').getAttribute('target')).resolves.toBe('_blank');

    await candidate.first().getByTestId('candidate-repeat').click();
    const decision = page.getByTestId('decision');
    await expect.poll(() => decision.getAttribute('data-decision')).toBe('repeat');
    await expect(decision.textContent()).resolves.toContain(`重复件：${matterNumber}`);

    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-desk.png') });

    // Ctrl+Enter registers.
    await page.getByTestId('title').focus();
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('register-success').waitFor({ timeout: 30_000 });
    const petitionNumber = (await page.getByTestId('success-petition-number').textContent())?.trim() ?? '';
    expect(petitionNumber).toMatch(/^XJ\d{6}\d{4}\d{6}$/);
    const linked = page.getByTestId('success-matter');
    await expect(linked.count()).resolves.toBe(1);
    await expect(linked.getAttribute('data-matter-id')).resolves.toBe(matterId);
    await expect(linked.getAttribute('data-relation')).resolves.toBe('repeat');
    await expect(linked.textContent()).resolves.toContain(matterNumber!);

    // The matter page: the repeat petition in the timeline and among the matter's petitions.
    await linked.getByRole('link').click();
    await page.getByTestId('matter-detail').waitFor();
    await expect(page.getByTestId('matter-number').textContent()).resolves.toBe(matterNumber);
    const repeatEvent = page.locator('[data-testid="event"][data-event-type="repeatPetitionRecorded"]');
    await repeatEvent.first().waitFor();
    await expect(repeatEvent.first().textContent()).resolves.toContain('已登记重复信访');
    const petitions = page.getByTestId('matter-petition');
    if ((await page.getByTestId('matter-petitions').count()) > 0) {
      await expect(petitions.filter({ hasText: petitionNumber }).getAttribute('data-relation')).resolves.toBe('repeat');
    }
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-matter.png'), fullPage: true });
    await page.close();
  });

  it('a group visit with six representatives shows the limit of Art. 20 and sends nothing', async () => {
    const page = await openDesk();
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/petitions') posted += 1;
    });
    await chooseVisit(page);

    // Enter in a row adds the next one and puts the cursor in its name.
    const names = ['赵一', '钱二', '孙三', '李四', '周五', '吴六'];
    await page.getByTestId('petitioner-name').first().click();
    for (const [i, name] of names.entries()) {
      await page.keyboard.type(name);
      if (i < names.length - 1) await page.keyboard.press('Enter');
    }
    await expect(page.getByTestId('petitioner-row').count()).resolves.toBe(6);
    for (const box of await page.getByTestId('petitioner-rep').all()) await box.click();
    await page.getByTestId('channel-details').locator('[data-testid="detail-peopleCount"]').fill('6');
    await page.getByTestId('title').fill('反映村集体土地征收补偿款未发放');
    await page.getByTestId('content').fill('六名村民代表全村来访，反映去年土地征收补偿款至今没有发放到户，请求尽快发放。');

    await expect(page.getByTestId('rep-counter').textContent()).resolves.toContain('代表 6/5');
    const limit = page.locator('[data-testid="field-error"][data-field="petitioners"]');
    await limit.waitFor();
    await expect(limit.textContent()).resolves.toContain('代表人数不得超过 5 人（现为 6 人）');
    await expect(limit.textContent()).resolves.toContain('第二十条第三款');

    await page.getByTestId('submit').click();
    await page.getByTestId('form-error').waitFor();
    await page.waitForTimeout(500);
    expect(posted).toBe(0);
    await expect(page.getByTestId('register-success').count()).resolves.toBe(0);

    // Five representatives are within the limit: the message goes away.
    await page.getByTestId('petitioner-rep').last().click();
    await expect(page.getByTestId('rep-counter').textContent()).resolves.toContain('代表 5/5');
    await expect.poll(() => limit.count()).toBe(0);
    await expect.poll(() => page.getByTestId('form-error').count()).toBe(0);
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-group.png') });
    await page.close();
  });
});
