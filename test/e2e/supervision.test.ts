import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageAs, submitCommand, usePlatform } from './server';

const TITLE = '反映商品房逾期交房问题';
const BODY = '太原市住房和城乡建设局';

/**
 * 督查督办 in the browser (Art. 40). The demo's 逾期交房 matter was accepted by 太原市住建局 66 days ago and is not
 * concluded: it is on the board of 督查督办一处 (太原 is in its partition) and not on 二处's. The office issues a
 * 督办函 from the failure row in two clicks, downloads it, the body finds it under 办理 › 督办件 and replies, and
 * the office assesses the reply and closes the supervision.
 */
describe('browser: supervision office and the supervised body', () => {
  const platform = usePlatform();

  const openPage = (login: string) => openPageAs(platform, login);

  async function openBoard(page: Page) {
    await page.getByTestId('nav-supervision').click();
    await page.getByTestId('supervision-page').waitFor();
  }

  it('an overdue matter on the right board gets a 督办函, the body replies, the office closes it', async () => {
    // 二处 watches other cities: the Taiyuan matter is not on its board.
    const other = await openPage('sx.supervisor2');
    await openBoard(other);
    await other.getByTestId('board-failures').locator('tbody tr').first().waitFor();
    await expect(other.getByTestId('board-failures').textContent()).resolves.not.toContain(TITLE);
    await other.close();

    const office = await openPage('sx.supervisor1');
    await openBoard(office);
    const failure = office.getByTestId('board-failures').locator('tbody tr').filter({ hasText: TITLE }).filter({ hasText: '应按期办结未按期办结' });
    await failure.first().waitFor();
    await expect(failure.first().textContent()).resolves.toContain(BODY);

    // Two clicks: 督办 opens the form with the failure as its reason and a 督办函; 确认督办 sends it.
    await failure.first().getByTestId('board-supervise').click();
    const modal = office.locator('[data-testid="command-modal"][data-command-type="supervise"]');
    await modal.waitFor();
    await expect(modal.getByTestId('command-reason').inputValue()).resolves.toMatch(/办结（出具处理意见）应于 \d{4}-\d{2}-\d{2} 前完成，至今未完成/);
    await submitCommand(modal, 'supervise');

    // 督办件: the supervision waits for the body's reply; the letter downloads from the matter page.
    await office.getByRole('tab', { name: /督办件/ }).click();
    const caseRow = office.getByTestId('supervision-cases').locator('tbody tr').filter({ hasText: TITLE });
    await caseRow.first().waitFor();
    await expect(caseRow.getByTestId('case-stage').getAttribute('data-stage')).resolves.toBe('awaitingReply');
    await caseRow.getByTestId('case-matter-link').click();
    const letter = office.locator('[data-testid="document-link"][data-kind="supervisionLetter"]');
    await letter.waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([office.waitForEvent('download'), letter.click()]);
    expect(download.suggestedFilename()).toMatch(/督办函.*\.docx$|\.docx$/);
    expect(statSync(await download.path()).size).toBeGreaterThan(0);
    await expect(office.getByTestId('supervision-card').textContent()).resolves.toContain(BODY);

    // The body: 办理 › 督办件, the matter, 督办回复.
    const body = await openPage('ty.zjj.handler');
    await body.getByTestId('nav-handling').click();
    await body.getByTestId('inbox-stage-supervised').click();
    await body.getByTestId('inbox-row').filter({ hasText: TITLE }).first().click();
    await body.getByTestId('matter-detail').waitFor();
    await body.locator('[data-testid="action"][data-action-type="replySupervision"]').click();
    const reply = body.locator('[data-testid="command-modal"][data-command-type="replySupervision"]');
    await reply.waitFor();
    await reply.getByTestId('command-summary').fill('已约谈开发企业，承诺于12月15日前交房，并已书面答复信访人');
    await submitCommand(reply, 'replySupervision');
    await expect.poll(() => body.getByTestId('supervision-card').textContent()).toContain('已约谈开发企业');
    await body.close();

    // The office: the reply is there to assess; 回复到位 closes the supervision.
    await office.getByTestId('nav-supervision').click();
    await office.getByRole('tab', { name: /督办件/ }).click();
    const replied = office.getByTestId('supervision-cases').locator('tbody tr').filter({ hasText: TITLE });
    await expect.poll(() => replied.getByTestId('case-stage').getAttribute('data-stage'), { timeout: 15_000 }).toBe('awaitingAssessment');
    await replied.getByTestId('case-assess').click();
    const assess = office.locator('[data-testid="command-modal"][data-command-type="assessSupervision"]');
    await assess.waitFor();
    await expect(assess.getByTestId('supervision-reply').textContent()).resolves.toContain('已约谈开发企业');
    await assess.getByTestId('assess-verdict').getByText('回复到位，办结督办').click();
    await submitCommand(assess, 'assessSupervision');
    await expect.poll(() => office.getByTestId('supervision-cases').locator('tbody tr').filter({ hasText: TITLE }).count()).toBe(0);
    if (process.env.E2E_SCREENSHOT) await office.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-supervision.png'), fullPage: true });
    await office.close();
  });
});
