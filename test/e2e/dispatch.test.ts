import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openPageAs, submitCommand, usePlatform, pickOption, pickPath } from './server';

const TITLE = '反映小区物业公司擅自提高物业费';
const BODY = '太原市小店区住房和城乡建设局';

/** A date `days` from today as YYYY-MM-DD (the due date of an assignment: any day after today). */
function daysFromToday(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function status(page: Page): Promise<string | null> {
  return page.getByTestId('matter-detail').locator('[data-status]').first().getAttribute('data-status');
}

/**
 * 受理分办 and 办理 in the browser (Art. 22–23). The provincial acceptance officer finds the demo letter 「反映小区物业
 * 公司擅自提高物业费」 in the queue, 20 days after receipt and so past its 15 days; classifies it (求决 / 城乡建设 ›
 * 物业管理 / (六)), takes the first suggestion and assigns it to 小店区住建局 with a due date. The bureau's handler finds it
 * under 待受理 and asks to return it; the officer sees the request under 退回申请, upholds it and forwards the matter
 * again, picking the body by name; the handler accepts it (ordinary procedure) and downloads the 受理告知书.
 */
describe('browser: acceptance office and the receiving body', () => {
  const platform = usePlatform();

  const openPage = (login: string) => openPageAs(platform, login);

  async function openDispatch(page: Page) {
    await page.getByTestId('nav-dispatch').click();
    await page.getByTestId('dispatch-page').waitFor();
  }

  function row(page: Page, testId: string): Locator {
    return page.getByTestId(testId).filter({ hasText: TITLE });
  }

  async function openMatterFromInbox(page: Page, stage: 'toAccept' | 'handling' = 'toAccept') {
    await page.getByTestId('nav-handling').click();
    await page.getByTestId('handling-page').waitFor();
    await page.getByTestId(`inbox-stage-${stage}`).click();
    await row(page, 'inbox-row').first().click();
    await page.getByTestId('matter-detail').waitFor();
    await expect(page.getByTestId('matter-title').textContent()).resolves.toContain(TITLE);
  }

  async function runAction(page: Page, type: string, fill?: (modal: Locator) => Promise<void>) {
    await page.locator(`[data-testid="action"][data-action-type="${type}"]`).click();
    const modal = page.locator(`[data-testid="command-modal"][data-command-type="${type}"]`);
    await modal.waitFor();
    if (fill) await fill(modal);
    await submitCommand(modal, type);
  }

  it('classifies, assigns, takes a return, re-routes, and the body accepts with a notice', async () => {
    const office = await openPage('sx.acceptance');
    await openDispatch(office);

    // The queue: the letter waits past its 15 days (red), with a suggestion.
    const queued = row(office, 'triage-row');
    await queued.first().waitFor();
    await expect(queued.getByTestId('triage-clock').getAttribute('data-clock-tone')).resolves.toBe('overdue');
    await expect(queued.getByTestId('top-suggestion').count()).resolves.toBe(1);
    const matterId = await queued.getAttribute('data-matter-id');
    expect(matterId).toBeTruthy();

    // Keyboard: the row becomes active, Enter opens the panel.
    await queued.getByTestId('triage-title').click();
    await expect.poll(() => queued.getAttribute('data-active')).toBe('true');
    await office.keyboard.press('Enter');
    const panel = office.getByTestId('triage-panel');
    await panel.waitFor();
    await expect(panel.getAttribute('data-matter-id')).resolves.toBe(matterId);
    await expect(panel.getByTestId('panel-content').textContent()).resolves.toContain('物业费');

    // Classify: 求决 / 城乡建设 › 物业管理 / (六); saving refreshes the suggestions.
    await panel.getByTestId('classify-purpose').click();
    await pickOption(office, '求决');
    await panel.getByTestId('classify-category').click();
    await pickPath(office, ['城乡建设', '物业管理']);
    await panel.getByTestId('classify-route').click();
    await pickOption(office, '（六）');
    await panel.getByTestId('save-classification').click();
    const first = panel.locator('[data-testid="suggestion-card"][data-rank="1"]');
    await expect.poll(() => first.textContent(), { timeout: 15_000 }).toContain(BODY);
    await expect.poll(() => panel.getByTestId('save-classification').isDisabled()).toBe(true);

    // 1 takes the first suggestion; 交办 with a due date; Ctrl+Enter submits.
    await office.keyboard.press('1');
    await expect.poll(() => first.getAttribute('data-chosen')).toBe('true');
    await panel.getByTestId('decision').getByText('交办', { exact: true }).click();
    const due = panel.getByTestId('assign-due-on');
    await due.click();
    await due.fill(daysFromToday(30));
    await due.press('Enter');
    await panel.getByTestId('command-note').fill('请于期限内办结并报送办结报告');
    await panel.getByTestId('panel-title').click();
    await office.keyboard.press('Control+Enter');
    const done = panel.getByTestId('triage-done');
    await done.waitFor({ timeout: 30_000 });
    await expect(done.textContent()).resolves.toContain(`已交办至${BODY}`);
    await expect(done.getByTestId('document-link').first().textContent()).resolves.toContain('交办');
    if (process.env.E2E_SCREENSHOT) await office.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-dispatch.png') });
    await office.keyboard.press('Escape');
    await expect.poll(() => row(office, 'triage-row').count()).toBe(0);

    // The body: 办理 › 待受理, the matter, 申请退回 with a reason (its 5 working days are open).
    const body = await openPage('xd.zjj.handler');
    await openMatterFromInbox(body);
    await runAction(body, 'requestReturn', (modal) => modal.getByTestId('command-reason').fill('该小区物业服务企业由市级部门监管，不属于本单位职权范围'));
    await expect.poll(() => status(body)).toBe('returnRequested');

    // The office: 退回申请 shows the reason; 同意退回, then 重新分办 to the body picked by name.
    await office.getByTestId('stage-returns').click();
    const returned = row(office, 'triage-row');
    await returned.first().waitFor({ timeout: 15_000 });
    await expect(returned.textContent()).resolves.toContain('不属于本单位职权范围');
    await returned.getByTestId('triage-open').click();
    await expect(panel.getByTestId('return-request').textContent()).resolves.toContain('不属于本单位职权范围');
    await panel.getByTestId('uphold-note').fill('经核实，同意退回');
    await panel.getByTestId('uphold-return').click();
    await expect.poll(() => panel.getByTestId('triage-done').getAttribute('data-kind'), { timeout: 15_000 }).toBe('upheld');
    await panel.getByTestId('triage-redispatch').click();
    await panel.getByTestId('decision-form').waitFor();
    await panel.getByTestId('decision').getByText('转送', { exact: true }).click();
    await panel.getByTestId('target-body').click();
    await office.keyboard.type('小店区住房');
    await pickOption(office, BODY);
    await panel.getByTestId('triage-submit').click();
    await expect.poll(() => panel.getByTestId('triage-done').textContent(), { timeout: 30_000 }).toContain(`已转送至${BODY}`);
    await expect(panel.getByTestId('triage-done').getByTestId('document-link').first().textContent()).resolves.toContain('转送');
    await office.close();

    // The body accepts (ordinary procedure); the 受理告知书 downloads as .docx.
    await openMatterFromInbox(body);
    await runAction(body, 'accept', async (modal) => {
      await expect(modal.getByTestId('accept-procedure').textContent()).resolves.toContain('普通程序');
    });
    await expect.poll(() => status(body)).toBe('accepted');
    const notice = body.locator('[data-testid="document-link"][data-kind="acceptanceNotice"]');
    await notice.waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([body.waitForEvent('download'), notice.click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    expect(download.suggestedFilename()).toContain('受理告知书');
    const file = await download.path();
    expect(statSync(file).size).toBeGreaterThan(0);
    await expect(body.getByTestId('documents').getByTestId('document').count()).resolves.toBeGreaterThanOrEqual(3);
    if (process.env.E2E_SCREENSHOT) await body.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-accepted.png'), fullPage: true });
    await body.close();
  });
});
