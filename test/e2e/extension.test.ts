import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openPageAs, submitCommand, usePlatform } from './server';

const TITLE = '反映住宅专项维修资金使用不公开';

/**
 * Art. 34 in the browser: the handler of 小店区住建局 asks for an extension with days and a reason; the request shows
 * on the matter and the time limit does not move; the leader in charge approves fewer days; the handling clock moves
 * and the 延期办理告知书 is issued. A second request is refused by the principal leader with a reason.
 */
describe('browser: an extension is requested, then approved or refused', () => {
  const platform = usePlatform();

  async function openMatter(login: string): Promise<Page> {
    const page = await openPageAs(platform, login);
    await page.goto(`${platform.server().url}/matters`);
    await page.getByTestId('matter-row').filter({ hasText: TITLE }).first().click();
    await page.getByTestId('matter-detail').waitFor();
    return page;
  }

  async function act(page: Page, type: string, fill: (modal: Locator) => Promise<void>) {
    await page.locator(`[data-testid="action"][data-action-type="${type}"]`).click();
    const modal = page.locator(`[data-testid="command-modal"][data-command-type="${type}"]`);
    await modal.waitFor();
    await fill(modal);
    await submitCommand(modal, type);
  }

  const handlingDue = async (page: Page) => (await page.locator('[data-testid="clock"][data-clock-name="handling"]').textContent()) ?? '';

  it('only the head’s approval moves the handling time limit', async () => {
    const handler = await openMatter('xd.zjj.handler');
    const before = await handlingDue(handler);
    await act(handler, 'requestExtension', async (m) => {
      // Over the statutory 30 days: the form says why instead of cutting the number down.
      await m.getByTestId('command-days').fill('40');
      await m.getByText('延长天数须为1至30日').waitFor();
      expect(await m.getByTestId('command-days').inputValue()).toBe('40');
      await m.getByTestId('command-days').fill('20');
      await m.getByTestId('command-reason').fill('需调取物业公司维修资金账目并会同街道核查');
    });
    const pending = handler.getByTestId('extension-request');
    await pending.waitFor();
    await expect(pending.textContent()).resolves.toContain('延期申请待批准：20 日');
    expect(await handlingDue(handler)).toBe(before);
    // The handler is not offered the decision.
    expect(await handler.locator('[data-testid="action"][data-action-type="extend"]').count()).toBe(0);

    const deputy = await openMatter('xd.zjj.leader');
    await act(deputy, 'extend', async (m) => {
      await expect(m.getByTestId('extension-request').textContent()).resolves.toContain('需调取物业公司维修资金账目');
      await m.getByTestId('command-days').fill('15');
    });
    await expect.poll(() => deputy.getByTestId('extension-request').count()).toBe(0);
    await expect.poll(() => handlingDue(deputy)).not.toBe(before);
    await deputy.getByText('延期 15 日：需调取物业公司维修资金账目并会同街道核查').first().waitFor();
    await deputy.getByText('延期办理告知书').first().waitFor();

    await handler.reload();
    await handler.getByTestId('matter-detail').waitFor();
    await act(handler, 'requestExtension', async (m) => {
      await m.getByTestId('command-days').fill('10');
      await m.getByTestId('command-reason').fill('仍需补充调查');
    });
    const principal = await openMatter('xd.zjj.principal');
    await act(principal, 'refuseExtension', async (m) => {
      await m.getByTestId('command-reason').fill('可在现有期限内办结');
    });
    await expect.poll(() => principal.getByTestId('extension-request').count()).toBe(0);
    await principal.getByText('不予批准延期：可在现有期限内办结').first().waitFor();
  });
});
