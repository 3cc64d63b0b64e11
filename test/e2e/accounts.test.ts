import { describe, expect, it } from 'vitest';
import { logIn, usePlatform } from './server';

/**
 * Issue 13 in the browser: an administrator resets a colleague's password (用户与令牌), the colleague must set a
 * password of their own before anything else, and an auditor sees who read a petitioner's personal data and why.
 */
describe('browser: accounts and personal-data reads', () => {
  const platform = usePlatform();

  it('resets a password, forces the change at the next login, and the new password works', async () => {
    const base = platform.server().url;
    const admin = await platform.browser().newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await logIn(admin, base, 'admin');
    await admin.goto(`${base}/admin/accounts`);
    await admin.getByPlaceholder('账号或姓名').fill('sx.leader');
    await admin.getByPlaceholder('账号或姓名').press('Enter');
    await admin.getByTestId('reset-sx.leader').click();
    await admin.locator('.ant-popconfirm-buttons').getByRole('button', { name: /重\s*置/ }).click();
    const temporary = (await admin.getByTestId('once-secret-value').innerText()).trim();
    expect(temporary.length).toBeGreaterThanOrEqual(16);

    const leader = await platform.browser().newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await leader.goto(`${base}/login`);
    await leader.getByTestId('login-input').fill('sx.leader');
    await leader.getByTestId('password-input').fill(temporary);
    await leader.getByTestId('login-submit').click();
    await leader.getByTestId('forced-password-change').waitFor();
    // Nothing else answers this session until the password is changed.
    const refused = await leader.evaluate(async () => (await (await fetch('/api/v1/matters')).json()) as { code: string });
    expect(refused.code).toBe('PASSWORD_CHANGE_REQUIRED');

    await leader.getByTestId('current-password').fill(temporary);
    await leader.getByTestId('new-password').fill('Xinfang@2026');
    await leader.getByTestId('confirm-password').fill('Xinfang@2026');
    await leader.getByTestId('change-password-submit').click();
    await expect.poll(async () => leader.getByTestId('change-password-error').innerText()).toContain('演示密码');

    const own = '汾河 晋祠 双塔 迎泽';
    await leader.getByTestId('new-password').fill(own);
    await leader.getByTestId('confirm-password').fill(own);
    await leader.getByTestId('change-password-submit').click();
    await leader.getByText('王局长').first().waitFor();
    await expect.poll(async () => leader.getByTestId('forced-password-change').count()).toBe(0);
    const matters = await leader.evaluate(async () => (await fetch('/api/v1/matters')).status);
    expect(matters).toBe(200);
  });

  it('reveals a petitioner on the matter page only with a stated purpose, and lists the read for the auditor', async () => {
    const base = platform.server().url;
    const handler = await platform.browser().newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await logIn(handler, base, 'ty.zjj.handler');
    // A matter of the handler's body with a registered petitioner: its page offers 查看完整信息 to this role.
    const target = await handler.evaluate(async () => {
      const list = (await (await fetch('/api/v1/matters?pageSize=50')).json()) as { items: { id: string }[] };
      for (const m of list.items) {
        const page = (await (await fetch(`/api/v1/matters/${m.id}`)).json()) as { matter: { petitioners: { id: string; name: string }[] } };
        if (page.matter.petitioners[0]) return { matterId: m.id, name: page.matter.petitioners[0].name };
      }
      return null;
    });
    expect(target).not.toBeNull();
    await handler.goto(`${base}/matters/${target!.matterId}`);
    await handler.getByTestId('reveal-pii').first().click();
    await handler.getByTestId('reveal-submit').click();
    await handler.getByText('请填写查阅目的').waitFor();
    await handler.getByTestId('reveal-purpose').fill('电话回访核实办理结果');
    await handler.getByTestId('reveal-submit').click();
    const revealed = await handler.getByTestId('revealed-pii').innerText();
    expect(revealed).not.toContain('****');
    const read = { name: target!.name };

    const auditor = await platform.browser().newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await logIn(auditor, base, 'sx.auditor');
    await auditor.goto(`${base}/audit/pii-access`);
    const row = auditor.getByTestId('pii-access-page').locator('tr', { hasText: '电话回访核实办理结果' });
    await row.waitFor();
    expect(await row.innerText()).toContain('钱承办');
    expect(await row.innerText()).toContain(read!.name);
  });
});
