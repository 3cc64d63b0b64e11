import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../src/domain/identity';
import { logIn, openPageAs, usePlatform } from './server';

/**
 * Issue 14, items 15 and 16, as the bureau's people meet them: the administrator manages the duty checks on 督查设置;
 * the acceptance office reaches a sub-category with the mouse; the desk tells evidence against a repeat from
 * support; a citizen is not sent to a section that is not there yet; the indicators fit a 1440 px screen.
 */
describe('browser: the desks as a bureau uses them', () => {
  const platform = usePlatform();

  it('the administrator sees and changes the duty checks on 督查设置, in words, without a permission code', async () => {
    const page = await openPageAs(platform, 'admin');
    await page.getByTestId('nav-supervision-partitions').click();
    const card = page.getByTestId('duty-checks-card');
    const check = card.locator('.ant-checkbox-wrapper', { hasText: '督办事项未按期回复' });
    await check.waitFor();
    expect(await card.locator('.ant-checkbox-wrapper').count()).toBeGreaterThan(5);
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toMatch(/supervision\.read|admin\.manage|权限/);

    await check.click();
    await page.getByTestId('duty-checks-save').click();
    await page.getByText('检查项已保存').waitFor();
    await page.reload();
    await card.locator('.ant-checkbox-wrapper', { hasText: '督办事项未按期回复' }).waitFor();
    await expect.poll(() => card.locator('.ant-checkbox-wrapper-checked', { hasText: '督办事项未按期回复' }).count()).toBe(0);
    await page.close();
  });

  it('the acceptance office opens a first-level category with a click and picks its sub-category', async () => {
    const page = await openPageAs(platform, 'sx.acceptance');
    await page.getByTestId('nav-dispatch').click();
    const row = page.getByTestId('triage-row').first();
    await row.waitFor();
    await row.getByTestId('triage-title').click();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('triage-panel');
    await panel.getByTestId('decision-form').waitFor();
    await panel.getByTestId('classify-category').click();
    const popup = page.locator('.ant-cascader-dropdown').filter({ visible: true }).first();
    await popup.locator('.ant-cascader-menu-item[title="城乡建设"]').click();
    // The click expands the level: the popup stays open and the sub-categories are there to click.
    const sub = popup.locator('.ant-cascader-menu-item[title="物业管理"]');
    await sub.waitFor();
    await sub.click();
    await expect.poll(() => panel.getByTestId('classify-category').textContent()).toContain('城乡建设 › 物业管理');
    await page.close();
  });

  it('the desk shows evidence against a repeat apart from the evidence for it', async () => {
    const page = await openPageAs(platform, 'sx.registrar');
    await page.getByTestId('nav-register').click();
    await page.getByTestId('register-page').waitFor();
    // The demo letter's text sent again under another name: the content supports a repeat, the person does not.
    await page.getByTestId('petitioner-row').first().getByTestId('petitioner-name').fill('欧阳明');
    await page.getByTestId('title').fill('反映小区物业公司擅自提高物业费');
    await page.getByTestId('content').fill('信访人反映所住小区物业公司未经业主大会同意，自本年起将物业费由每平方米1.2元提高至1.8元，请求予以查处并恢复原收费标准。');
    const candidate = page.getByTestId('candidate').filter({ hasText: '反映小区物业公司擅自提高物业费' }).first();
    await candidate.waitFor({ timeout: 30_000 });
    const against = candidate.locator('[data-testid="candidate-reason"][data-polarity="against"]');
    await expect.poll(() => against.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await against.first().textContent()).toMatch(/^−/);
    const support = candidate.locator('[data-testid="candidate-reason"][data-polarity="for"]').first();
    expect(await support.textContent()).toMatch(/^\+/);
    // This file is compiled without the DOM's types: the page's getComputedStyle is reached through globalThis.
    type Styles = { getComputedStyle(e: unknown): { color: string } };
    const colour = (l: typeof support) => l.evaluate((e) => (globalThis as unknown as Styles).getComputedStyle(e).color);
    expect(await colour(against.first())).not.toBe(await colour(support));
    await page.close();
  });

  it('the portal points to 「您现在可以」 only when the section is there', async () => {
    const base = platform.server().url;
    const idNumber = `14010519850606333${idCheckCharacter('14010519850606333')}`;
    const submitted = await fetch(`${base}/api/v1/portal/petitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'mobile',
        name: '柳网民',
        idNumber,
        phone: '13935116655',
        address: '山西省太原市小店区平阳路3号',
        regionCode: '140105',
        title: '反映平阳路路灯不亮',
        request: '请求修复路灯。',
        facts: '平阳路南段路灯一周未亮。',
        reasons: '夜间出行不便。',
        attachments: [],
        truthful: true,
      }),
    });
    expect(submitted.status).toBe(201);
    const { queryCode } = (await submitted.json()) as { queryCode: string };
    const page = await platform.browser().newPage({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    await page.goto(`${base}/portal/query`);
    await page.getByTestId('portal-code').fill(queryCode);
    await page.getByTestId('portal-last4').fill(idNumber.slice(-4));
    await page.getByTestId('portal-query-submit').click();
    const hint = page.getByTestId('portal-appeal-hint');
    await hint.waitFor();
    expect(await page.getByTestId('portal-actions').count()).toBe(0);
    expect(await hint.textContent()).not.toContain('您现在可以');
    expect(await hint.textContent()).toContain('处理意见送达后');
    await page.close();
  });

  it('the key indicators fit a 1440 px screen: every column in view without scrolling, by body and by county', async () => {
    const page = await platform.browser().newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await logIn(page, platform.server().url, 'sx.supervisor1');
    await page.getByTestId('nav-supervision').click();
    const card = page.getByTestId('indicators');
    await card.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
    for (const groupBy of ['按单位', '按县区']) {
      await card.getByText(groupBy, { exact: true }).click();
      await card.locator('tbody tr.ant-table-row').first().waitFor();
      const box = (await card.boundingBox())!;
      expect(box.x + box.width, groupBy).toBeLessThanOrEqual(1440);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth'), groupBy).toBeLessThanOrEqual(1440);
      // Nothing hides behind a sideways scroll: the table is no wider than its card, and the last column (亿元GDP信访量
      // by county) ends inside it.
      const scroller = card.locator('.ant-table-content, .ant-table-body').first();
      const { scrollWidth, clientWidth } = await scroller.evaluate((e) => ({ scrollWidth: e.scrollWidth, clientWidth: e.clientWidth }));
      expect(scrollWidth, groupBy).toBeLessThanOrEqual(clientWidth);
      const last = (await card.locator('thead th').last().boundingBox())!;
      expect(last.x + last.width, groupBy).toBeLessThanOrEqual(box.x + box.width);
    }
    await page.close();
  });
});
