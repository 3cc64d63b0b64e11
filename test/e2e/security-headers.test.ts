import { describe, expect, it } from 'vitest';
import { logIn, usePlatform, watchCspViolations, pickPortalRegion } from './server';

/**
 * The Content-Security-Policy (src/http/security-headers.ts) must not break what it protects: the staff workbench,
 * the citizen portal and the API docs render and work in Chromium with no violation reported.
 */
describe('browser: the pages work under the Content-Security-Policy', () => {
  const platform = usePlatform();

  it('logs in, opens the matters and a matter, the portal and the API docs, with no CSP violation', async () => {
    const base = platform.server().url;
    const page = await platform.browser().newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const violations = await watchCspViolations(page);
    const response = await page.goto(`${base}/login`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['x-frame-options']).toBe('DENY');

    // The staff workbench: log in, the matter list, a matter with its clocks (antd, ECharts on the dashboard).
    await logIn(page, base, 'ty.zjj.handler');
    await page.getByText('钱承办').first().waitFor();
    await page.goto(`${base}/matters`);
    await page.getByTestId('matter-row').first().click();
    await page.getByTestId('matter-title').waitFor();
    await page.locator('[data-testid="clock"]').first().waitFor();
    expect(await violations()).toEqual([]);

    // The citizen portal: its start page, the form with the region picker (regions from the API).
    await page.goto(`${base}/portal`);
    await page.getByTestId('portal-go-submit').click();
    await page.waitForURL((u) => u.pathname === '/portal/submit');
    await page.locator('.ant-form-item', { hasText: '问题发生地' }).locator('.ant-select').click();
    await pickPortalRegion(page, '太原市', '小店区');
    await page.locator('.ant-cascader-menu-item', { hasText: '小店区' }).first().waitFor();
    expect(await violations()).toEqual([]);

    // The API docs (Swagger UI): the operations are listed and one opens.
    await page.goto(`${base}/api/docs`);
    await page.locator('.opblock-tag').first().waitFor({ timeout: 30_000 });
    await page.locator('.opblock-summary').first().click();
    await page.locator('.opblock-body').first().waitFor();
    expect(await violations()).toEqual([]);

    // The watch itself works: an inline script is blocked and reported.
    await page.evaluate(`(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.head.appendChild(s);
    })()`);
    await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
    expect(await page.evaluate<boolean>('window.__ran === true')).toBe(false);
  });
});
