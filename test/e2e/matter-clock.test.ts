import { describe, expect, it } from 'vitest';
import { logIn, usePlatform } from './server';

/**
 * A handler of 太原市住房和城乡建设局 logs in on a freshly started platform, opens the matter assigned to the body,
 * and sees its handling time limit: 60 days from acceptance, run out, shown in red with the article it comes from.
 */
describe('browser: log in, open a matter, see its clock', () => {
  const platform = usePlatform();

  it('shows the overdue handling clock on the matter page', async () => {
    const page = await platform.browser().newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await logIn(page, platform.server().url, 'ty.zjj.handler');
    await page.getByText('钱承办').first().waitFor();

    await page.goto(`${platform.server().url}/matters`);
    const row = page.getByTestId('matter-row').filter({ hasText: '反映商品房逾期交房问题' });
    await row.first().click();
    await expect(page.getByTestId('matter-title').textContent()).resolves.toContain('反映商品房逾期交房问题');

    const handling = page.locator('[data-testid="clock"][data-clock-name="handling"]');
    await handling.waitFor();
    const text = await handling.textContent();
    expect(text).toContain('办理时限');
    expect(text).toContain('受理之日起60日');
    expect(text).toContain('第三十四条');
    expect(text).toMatch(/超期\s*\d+\s*天/);
    await expect(handling.getByTestId('clock-overdue').count()).resolves.toBeGreaterThan(0);
    const timeline = await page.getByText('已受理').count();
    expect(timeline).toBeGreaterThan(0);
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT, fullPage: true });
  });
});
