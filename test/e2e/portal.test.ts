import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../src/domain/identity';
import { usePlatform, watchCspViolations, pickPortalRegion } from './server';

/**
 * A citizen on a phone (375×812) finds the portal from the login page, submits a petition under real name with a
 * scanned document, keeps the query code shown once, and then queries the progress with it and the last 4 digits
 * of their ID number.
 */
describe('browser: citizen portal on a phone', () => {
  const platform = usePlatform();

  it('submits a petition and queries it with the code shown', async () => {
    const page = await platform.browser().newPage({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const idNumber = `14010519900101123${idCheckCharacter('14010519900101123')}`;
    // The portal works under the Content-Security-Policy: checked at the end that nothing was blocked.
    const cspViolations = await watchCspViolations(page);

    // The staff login page (laid out for desktops) links to the portal.
    await page.goto(`${platform.server().url}/login`);
    await page.getByTestId('login-portal-link').dispatchEvent('click');
    await page.waitForURL((u) => u.pathname === '/portal');
    await page.getByTestId('portal-go-submit').click();
    await page.waitForURL((u) => u.pathname === '/portal/submit');

    await page.getByTestId('portal-name').fill('王网民');
    // A typing error first: the check character is caught before anything is sent.
    await page.getByTestId('portal-id-number').fill(`${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`);
    await page.getByTestId('portal-id-number').blur();
    await page.getByText('身份证号码校验位不符，请核对').waitFor();
    await page.getByTestId('portal-id-number').fill(idNumber);
    await page.getByTestId('portal-phone').fill('139 3511 2468');
    await page.getByTestId('portal-address').fill('山西省太原市小店区亲贤街1号');
    await page.locator('.ant-form-item', { hasText: '问题发生地' }).locator('.ant-select').click();
    await pickPortalRegion(page, '太原市', '小店区');
    await page.locator('.ant-cascader-menu-item', { hasText: '小店区' }).first().click();
    await page.getByTestId('portal-title').fill('反映亲贤街路灯长期不亮');
    await page.getByTestId('portal-request').fill('请求尽快修复亲贤街路灯。');
    await page.getByTestId('portal-facts').fill('亲贤街北段路灯自九月起一直不亮，夜间行人看不清路面。');
    await page.getByTestId('portal-reasons').fill('路灯不亮存在安全隐患，已有老人夜间摔倒。');
    await page.locator('input[type="file"]').setInputFiles({ name: '现场照片说明.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0x20)]) });
    await page.locator('.ant-upload-list-item', { hasText: '现场照片说明.pdf' }).waitFor();
    await expect.poll(() => page.getByTestId('portal-next').textContent()).toContain('下一步');
    await page.getByTestId('portal-truthful').check();

    // Nothing is wider than the phone.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

    await page.getByTestId('portal-next').click();
    const confirm = page.getByTestId('portal-confirm');
    // If the form refuses, fail with what it says rather than a bare timeout.
    const errors = page.locator('.ant-form-item-explain-error');
    const shown = await Promise.race([confirm.waitFor().then(() => 'confirm'), errors.first().waitFor().then(() => 'errors')]);
    if (shown === 'errors') expect.fail(`the form refused: ${(await errors.allTextContents()).join('；')}`);
    expect(await confirm.textContent()).toContain('太原市 小店区');
    expect(await confirm.textContent()).toContain('现场照片说明.pdf');
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-confirm.png'), fullPage: true });
    // A double tap, as a hurried citizen does: one submission leaves the page.
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/portal/petitions')) sent.push(r.url());
    });
    await page.getByTestId('portal-confirm-submit').dblclick();

    await page.getByTestId('portal-receipt').waitFor();
    expect(sent).toHaveLength(1);
    const number = (await page.getByTestId('portal-receipt-number').textContent())!.trim();
    const code = (await page.getByTestId('portal-query-code').textContent())!.trim();
    expect(number).toMatch(/^XJ140105\d{10}$/);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.getByTestId('portal-receipt').textContent()).toContain('查询码只显示这一次');
    expect(await page.getByTestId('portal-receipt').textContent()).toContain('已随信访件提交附件 1 个');
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-receipt.png'), fullPage: true });

    // Later, from the query page: the code as shown (with dashes) and the last 4 of the ID number.
    await page.goto(`${platform.server().url}/portal`);
    await page.getByTestId('portal-go-query').click();
    await page.getByTestId('portal-code').fill(code);
    await page.getByTestId('portal-last4').fill('0000');
    await page.getByTestId('portal-query-submit').click();
    await expect.poll(() => page.getByTestId('portal-query-error').textContent()).toContain('查询码或证件号码/手机号码后四位不正确');
    await page.getByTestId('portal-last4').fill(idNumber.slice(-4));
    await page.getByTestId('portal-query-submit').click();
    await page.getByTestId('portal-progress').waitFor();
    expect(await page.getByTestId('portal-progress-number').textContent()).toBe(number);
    expect(await page.getByTestId('portal-matter-status').textContent()).toBe('已登记');
    const entry = page.locator('[data-testid="portal-timeline-entry"][data-event-type="registered"]');
    expect(await entry.textContent()).toContain('小店区信访局已登记您的信访事项');
    expect(await page.getByTestId('portal-progress').textContent()).toContain('手机信访');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-query.png'), fullPage: true });
    expect(await cspViolations()).toEqual([]);
  });
});
