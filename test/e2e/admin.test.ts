import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { logIn, openPageAs, pickOption, usePlatform } from './server';

/**
 * Issue 18, 系统管理 in the browser: the administrator sets up a body and an account, changes a time limit with its
 * basis, marks a local holiday in the calendar, and finds each of those changes in the audit trail.
 */
describe('browser: 系统管理', () => {
  const platform = usePlatform();
  const admin = async (): Promise<Page> => openPageAs(platform, 'admin');

  /** Types into an antd Select (opened by a click) and picks the option with this label. */
  async function choose(page: Page, testId: string, typed: string, label: string) {
    await page.getByTestId(testId).click();
    if (typed) await page.keyboard.type(typed);
    await pickOption(page, label);
  }

  it('机构管理: creates a body in the tree under its government, edits it and deactivates it', async () => {
    const page = await admin();
    await page.getByTestId('nav-admin-bodies').click();
    await page.getByTestId('bodies-page').waitFor();
    await page.getByTestId('body-new').click();
    const drawer = page.getByTestId('body-drawer');
    await drawer.getByTestId('body-code').fill('140105-sjj');
    await choose(page, 'body-region', '小店', '小店区 140105');
    await drawer.getByText('层级：县级').waitFor();
    await drawer.getByTestId('body-name').fill('太原市小店区审计局');
    await choose(page, 'body-parent', '小店区人民政府', '太原市小店区人民政府');
    await drawer.getByTestId('body-remit').fill('负责本区审计监督工作。');
    await drawer.getByTestId('body-abbreviation').fill('小店审');
    await drawer.getByTestId('body-save').click();
    await drawer.waitFor({ state: 'detached' });

    await page.getByTestId('bodies-search').locator('input').fill('审计局');
    await page.getByTestId('bodies-search').locator('input').press('Enter');
    const row = page.locator('tr', { has: page.getByTestId('body-140105-sjj') });
    await row.waitFor();
    expect(await row.innerText()).toContain('小店审');
    expect(await row.innerText()).toContain('负责本区审计监督工作。');

    await page.getByTestId('edit-140105-sjj').click();
    await page.getByTestId('body-name').fill('太原市小店区审计局（改）');
    await page.getByTestId('body-save').click();
    await page.getByTestId('body-drawer').waitFor({ state: 'detached' });
    await row.getByText('太原市小店区审计局（改）').waitFor();

    await page.getByTestId('deactivate-140105-sjj').click();
    await page.locator('.ant-popconfirm-buttons').getByRole('button', { name: /停\s*用/ }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('bodies-show-inactive').click();
    await row.getByText('已停用').waitFor();
  });

  it('用户管理: creates an account whose one-time password must be changed at first login, then disables it', async () => {
    const page = await admin();
    await page.getByTestId('nav-admin-accounts').click();
    await page.getByTestId('user-new').click();
    await page.getByTestId('user-login').fill('xd.new.handler');
    await page.getByTestId('user-name').fill('新来的承办人');
    await choose(page, 'user-body', '小店区住房', '太原市小店区住房和城乡建设局');
    await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
    const temporary = (await page.getByTestId('once-secret-value').innerText()).trim();
    expect(temporary.length).toBeGreaterThanOrEqual(16);
    await page.getByRole('button', { name: '我已记下' }).click();

    const newcomer = await platform.browser().newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await newcomer.goto(`${platform.server().url}/login`);
    await newcomer.getByTestId('login-input').fill('xd.new.handler');
    await newcomer.getByTestId('password-input').fill(temporary);
    await newcomer.getByTestId('login-submit').click();
    await newcomer.getByTestId('forced-password-change').waitFor();

    await page.getByPlaceholder('账号或姓名').fill('xd.new.handler');
    await page.getByPlaceholder('账号或姓名').press('Enter');
    await page.getByTestId('sessions-xd.new.handler').click();
    await page.getByTestId('sessions-modal').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('sessions-modal').locator('.ant-modal-close').click();
    await page.getByTestId('edit-xd.new.handler').click();
    await page.getByTestId('user-active').click();
    await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('该用户 1 个登录会话已结束').waitFor();
    const row = page.getByTestId('accounts-users').locator('tr', { hasText: 'xd.new.handler' });
    await row.getByText('已停用').waitFor();
    const refused = await newcomer.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(refused).toBe(401);
  });

  it('办理时限: refuses a changed limit without its own basis, saves it with one and records who changed it', async () => {
    const page = await admin();
    await page.getByTestId('nav-admin-time-limits').click();
    const amount = page.getByTestId('limit-amount-dispatch');
    await amount.fill('10');
    await amount.blur();
    await page.getByTestId('time-limits-save').click();
    expect(await page.getByTestId('time-limits-error').innerText()).toContain('须写明本省依据');
    await page.getByTestId('limit-article-dispatch').fill('《山西省信访条例》第二十条');
    await page.getByTestId('time-limits-save').click();
    const history = page.getByTestId('time-limits-history');
    await history.getByText('转送交办时限：15 自然日 → 10 自然日').waitFor();
    expect(await history.innerText()).toContain('系统管理员');
    const limits = await page.evaluate(async () => (await (await fetch('/api/v1/settings/time-limits')).json()) as { items: { name: string; amount: number; overridden: boolean }[] });
    expect(limits.items.find((i) => i.name === 'dispatch')).toMatchObject({ amount: 10, overridden: true });
  });

  it('文书模板: edits the closing of the 受理告知书, keeps the statutory text, and the preview prints the new words', async () => {
    const page = await admin();
    await page.getByTestId('nav-admin-document-templates').click();
    await page.getByTestId('template-kind-acceptanceNotice').click();
    expect(await page.getByTestId('template-statutory').innerText()).toContain('不可修改');
    await page.getByTestId('template-closing').fill('特此告知，请妥善保存。');
    await page.getByTestId('template-contact').fill('联系人：王某，联系电话：0351-7654321');
    await page.getByTestId('template-save').click();
    const history = page.getByTestId('document-templates-history');
    await history.getByText('受理告知书 · 结束语：特此告知。 → 特此告知，请妥善保存。').waitFor();
    expect(await history.innerText()).toContain('系统管理员');
    // The saved template's sample, as the administrator downloads it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-preview').click()]);
    const file = await download.path();
    const text = strFromU8(unzipSync(new Uint8Array(readFileSync(file)))['word/document.xml']!).replace(/<[^>]+>/g, '');
    expect(text).toContain('特此告知，请妥善保存。');
    expect(text).toContain('（联系人：王某，联系电话：0351-7654321）');
    expect(text).toContain('30日内请求原办理机关、单位的上一级机关、单位复查');
  });

  it('工作日历: shows a year by day type and marks a local holiday', async () => {
    const page = await admin();
    await page.getByTestId('nav-admin-calendar').click();
    await page.getByTestId('calendar-years').getByText('2025').waitFor();
    const year = page.getByTestId('calendar-year');
    await year.fill('2025');
    await year.press('Enter');
    await page.getByTestId('calendar-year-card').getByText('2025 年').waitFor();
    expect(await page.getByTestId('day-2025-10-01').getAttribute('data-kind')).toBe('holiday');
    expect(await page.getByTestId('day-2025-09-28').getAttribute('data-kind')).toBe('makeUpWorkday');
    const day = page.getByTestId('day-2025-12-05');
    expect(await day.getAttribute('data-kind')).toBe('workday');
    await day.click();
    await page.getByTestId('day-change').getByText('节假日（休息）').click();
    await page.getByTestId('day-name').fill('本地纪念日');
    await page.getByTestId('day-save').click();
    await expect.poll(async () => day.getAttribute('data-kind')).toBe('holiday');
    await page.getByTestId('calendar-page').getByText('单日调整：2025-12-05 设为休息日（节假日）（本地纪念日）').waitFor();
  });

  it('督查设置: gives a province department to a supervision office by body', async () => {
    const page = await admin();
    await page.getByTestId('nav-supervision-partitions').click();
    await page.getByTestId('partitions-unassigned-bodies').waitFor();
    const row = page.getByTestId('partitions-page').locator('tr', { hasText: '督查督办二处' });
    await row.locator('[data-testid^="partition-bodies-"]').click();
    await page.keyboard.type('住房和城乡建设厅');
    await pickOption(page, '山西省住房和城乡建设厅');
    await page.keyboard.press('Escape');
    await row.getByTestId('partition-save').click();
    await page.getByText('分区已保存').waitFor();
    const view = await page.evaluate(async () => (await (await fetch('/api/v1/supervision/partitions')).json()) as { offices: { name: string; bodies: { name: string }[] }[] });
    expect(view.offices.find((o) => o.name === '督查督办二处')!.bodies.map((b) => b.name)).toEqual(['山西省住房和城乡建设厅']);
  });

  it('审计查询: finds the administrator’s changes by actor and event, and verifies the chain', async () => {
    const page = await admin();
    await page.getByTestId('nav-admin-audit').click();
    await page.getByTestId('audit-actor').fill('admin');
    await page.getByTestId('audit-type').fill('body.');
    await page.getByTestId('audit-search').click();
    const results = page.getByTestId('audit-results');
    await results.getByText('body.created').waitFor();
    await results.getByText('body.deactivated').waitFor();
    expect(await results.innerText()).not.toContain('user.created');
    await page.getByTestId('audit-verify').click();
    expect(await page.getByTestId('audit-verify-result').innerText()).toMatch(/记录链完整：已核对 \d+ 条记录/);

    // An auditor reads the trail too, without the administrator's pages.
    const auditor = await platform.browser().newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await logIn(auditor, platform.server().url, 'sx.auditor');
    await auditor.getByTestId('nav-admin-audit').waitFor();
    expect(await auditor.getByTestId('nav-admin-bodies').count()).toBe(0);
  });
  it('批量导入: a sheet with a wrong row changes nothing and says which row and column; the corrected sheet goes in', async () => {
    const page = await admin();
    await page.getByTestId('nav-admin-bodies').click();
    await page.getByTestId('bodies-page').waitFor();
    await page.getByTestId('bodies-import').click();
    const header = '单位代码,单位名称,单位类型,行政区划代码,上级单位代码,职能类别,专责专章,机关代字,状态';
    const sheet = (region: string) =>
      Buffer.from(
        `\uFEFF${header}\n140105-tjj,太原市小店区统计局,职能部门,140105,140105-gov,,负责本区统计工作。,小店统,启用\n140105-dag,太原市小店区档案馆,职能部门,${region},140105-gov,,,小店档,启用\n`,
      );
    const chooseFile = async (buffer: Buffer) => page.locator('.ant-modal input[type=file]').setInputFiles({ name: '机构.csv', mimeType: 'text/csv', buffer });

    await chooseFile(sheet('149999'));
    const result = page.getByTestId('bodies-import-result');
    await result.getByText(/未导入：1 行有误/).waitFor();
    expect(await page.locator('.ant-modal').innerText()).toMatch(/3\s+140105-dag\s+有误\s+行政区划代码/);

    await chooseFile(sheet('140105'));
    await result.getByText('已导入：共 2 行，新建 2，更新 0，未变 0').waitFor();
    await page.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
    await page.getByTestId('bodies-search').locator('input').fill('统计局');
    await page.getByTestId('bodies-search').locator('input').press('Enter');
    await page.locator('tr', { has: page.getByTestId('body-140105-tjj') }).getByText('小店统').waitFor();
  });
});
