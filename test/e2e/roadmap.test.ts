import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { idCheckCharacter } from '../../src/domain/identity';
import { logIn, submitCommand, usePlatform, pickPortalRegion, pickOption, pickPath } from './server';

const TITLE = '反映坞城路小区二次供水水压不足';
const ID_NUMBER = `14010519720808351${idCheckCharacter('14010519720808351')}`;

/** Today in China, as the server and the date pickers (China time zone) count it. */
function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * The statutory roadmap in the browser, each step by the person whose job it is (Art. 19–37): a citizen submits online
 * from a phone → the county bureau forwards the matter → the housing bureau accepts, drafts the opinion, which its
 * handler, leader in charge and principal leader sign (seed 003), issues and delivers it → the citizen evaluates
 * 不满意 and asks for a review → the county government reviews (its opinion signed the same way) → the citizen asks
 * for a re-review → the city government holds a hearing (officers chosen jointly, seed 001), records it, issues its
 * signed re-review opinion (the matter is terminated) and publishes it → the citizen sees every document → a later visit on the same matter is flagged at
 * the desk as terminated and recorded, not accepted again (Art. 36 ¶3).
 */
describe('browser: the whole roadmap, from an online petition to termination', () => {
  const platform = usePlatform();
  const today = chinaToday();

  async function staffPage(login: string): Promise<Page> {
    const page = await platform.browser().newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    await logIn(page, platform.server().url, login);
    return page;
  }

  async function phone(): Promise<Page> {
    return platform.browser().newPage({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
  }

  /** 办理 › the stage › the matter. */
  async function openFromInbox(page: Page, stage: 'toAccept' | 'handling' | 'appeals') {
    await page.getByTestId('nav-handling').click();
    await page.getByTestId('handling-page').waitFor();
    await page.getByTestId(`inbox-stage-${stage}`).click();
    const row = page.getByTestId('inbox-row').filter({ hasText: TITLE });
    await row.first().waitFor({ timeout: 15_000 });
    await row.first().click();
    await page.getByTestId('matter-detail').waitFor();
  }

  async function act(page: Page, type: string, fill?: (modal: Locator) => Promise<void>) {
    await page.locator(`[data-testid="action"][data-action-type="${type}"]`).click();
    const modal = page.locator(`[data-testid="command-modal"][data-command-type="${type}"]`);
    await modal.waitFor();
    if (fill) await fill(modal);
    await submitCommand(modal, type);
  }

  /**
   * Picks an option of a radio group and makes sure it took: a click that lands while the modal is still animating
   * in, on a loaded machine, can miss.
   */
  async function choose(modal: Locator, testId: string, label: string) {
    const option = modal.getByTestId(testId).locator('.ant-radio-wrapper').filter({ hasText: new RegExp(`^${label}$`) });
    await expect
      .poll(async () => {
        if ((await option.getAttribute('class'))?.includes('ant-radio-wrapper-checked')) return true;
        await option.click();
        return false;
      })
      .toBe(true);
  }

  /** The leader in charge and the principal leader each open the matter the drafter is on and sign (seed 003). */
  async function signedByLeaders(drafter: Page, logins: string[]) {
    for (const login of logins) {
      const page = await staffPage(login);
      await page.goto(drafter.url());
      await page.getByTestId('matter-detail').waitFor();
      await act(page, 'signOpinion', (m) => m.getByTestId('command-comment').fill('同意'));
      await page.close();
    }
    await drafter.reload();
    await drafter.getByTestId('matter-detail').waitFor();
  }

  const status = (page: Page) => page.getByTestId('matter-detail').locator('[data-status]').first().getAttribute('data-status');

  /** Types a date into a picker of the form and tabs out (Enter would submit the form). */
  async function pickDate(modal: Locator, testId: string, date: string) {
    const field = modal.getByTestId(testId);
    await field.click();
    await field.fill(date);
    await field.press('Tab');
    await expect.poll(() => field.inputValue()).toBe(date);
  }

  async function queryPortal(page: Page, code: string) {
    await page.goto(`${platform.server().url}/portal/query`);
    await page.getByTestId('portal-code').fill(code);
    await page.getByTestId('portal-last4').fill(ID_NUMBER.slice(-4));
    await page.getByTestId('portal-query-submit').click();
    await page.getByTestId('portal-progress').waitFor();
  }

  async function confirmDialog(page: Page, title: string, ok: string) {
    await page.locator('.ant-modal-confirm').locator('.ant-modal-confirm-title', { hasText: title }).waitFor();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: ok }).click();
  }

  it('carries one matter through every step, with every clock and document', { timeout: 300_000 }, async () => {
    // 1. 网上信访 from a phone.
    const citizen = await phone();
    await citizen.goto(`${platform.server().url}/portal/submit`);
    await citizen.getByTestId('portal-name').fill('柳网民');
    await citizen.getByTestId('portal-id-number').fill(ID_NUMBER);
    await citizen.getByTestId('portal-phone').fill('13935110808');
    await citizen.getByTestId('portal-address').fill('山西省太原市小店区坞城路8号');
    await citizen.locator('.ant-form-item', { hasText: '问题发生地' }).locator('.ant-select').click();
    await pickPortalRegion(citizen, '太原市', '小店区');
    await citizen.locator('.ant-cascader-menu-item', { hasText: '小店区' }).first().click();
    await citizen.getByTestId('portal-title').fill(TITLE);
    await citizen.getByTestId('portal-request').fill('请求督促物业公司和供水单位解决高层住户水压不足问题。');
    await citizen.getByTestId('portal-facts').fill('坞城路小区二次供水设备老化，十层以上住户白天经常停水，已持续三个月。');
    await citizen.getByTestId('portal-reasons').fill('老人和孩子生活用水困难，多次向物业反映无果。');
    await citizen.getByTestId('portal-truthful').check();
    await citizen.getByTestId('portal-next').click();
    await citizen.getByTestId('portal-confirm').waitFor();
    await citizen.getByTestId('portal-confirm-submit').click();
    await citizen.getByTestId('portal-receipt').waitFor();
    const code = (await citizen.getByTestId('portal-query-code').textContent())!.trim();

    // 2. 小店区信访局 classifies it by law (求决 / 城乡建设 / 第三十一条第六项) and forwards it to 小店区住建局 from its queue.
    const bureau = await staffPage('xd.xfj');
    await bureau.getByTestId('nav-dispatch').click();
    await bureau.getByTestId('dispatch-page').waitFor();
    const queued = bureau.getByTestId('triage-row').filter({ hasText: TITLE });
    await queued.first().waitFor({ timeout: 15_000 });
    await queued.first().getByTestId('triage-title').click();
    await bureau.keyboard.press('Enter');
    const panel = bureau.getByTestId('triage-panel');
    await panel.getByTestId('decision-form').waitFor();
    // Unclassified, routing is not offered (Art. 29–31); the classification filled in is saved with the decision.
    const forwardDisabled = () => panel.getByTestId('decision').locator('label.ant-radio-button-wrapper-disabled', { hasText: '转送' }).count();
    await expect(forwardDisabled()).resolves.toBe(1);
    await panel.getByTestId('classify-purpose').click();
    await pickOption(bureau, '求决');
    await panel.getByTestId('classify-category').click();
    await pickPath(bureau, ['城乡建设']);
    await panel.getByTestId('classify-route').click();
    await pickOption(bureau, '（六）');
    await expect.poll(forwardDisabled).toBe(0);
    await panel.getByTestId('decision').getByText('转送', { exact: true }).click();
    await panel.getByTestId('target-body').click();
    await bureau.keyboard.type('小店区住房');
    const option = bureau.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '太原市小店区住房和城乡建设局' }).first();
    await option.waitFor();
    await option.click();
    await panel.getByTestId('triage-submit').click();
    await expect.poll(() => panel.getByTestId('triage-done').textContent(), { timeout: 30_000 }).toContain('已转送至太原市小店区住房和城乡建设局');
    await bureau.close();

    // 3. The housing bureau accepts, drafts, signs three times (handler → leader in charge → principal), issues, delivers.
    const handler = await staffPage('xd.zjj.handler');
    await openFromInbox(handler, 'toAccept');
    await act(handler, 'accept');
    await expect.poll(() => status(handler)).toBe('accepted');
    await act(handler, 'draftOpinion', async (m) => {
      await choose(m, 'command-outcome', '解释说明');
      await m.getByTestId('command-facts').fill('经查，小区二次供水设备已列入今年老旧小区改造计划。');
      await m.getByTestId('command-summary').fill('供水设备将于明年一季度更换，更换前由物业公司错峰加压供水。');
    });
    await act(handler, 'signOpinion');
    await signedByLeaders(handler, ['xd.zjj.leader', 'xd.zjj.principal']);
    await act(handler, 'reply');
    await expect.poll(() => status(handler)).toBe('replied');
    await act(handler, 'recordDelivery', (m) => choose(m, 'command-method', '网上告知'));
    await handler.locator('[data-testid="document-link"][data-kind="handlingOpinion"]').waitFor();
    await handler.close();

    // 4. The citizen evaluates 不满意 and asks for a review (Art. 35), confirming each.
    await queryPortal(citizen, code);
    const evaluation = citizen.locator('[data-testid="portal-action"][data-action-type="evaluate"]');
    await evaluation.getByText('不满意', { exact: true }).click();
    await citizen.getByTestId('portal-evaluation-comment').fill('一季度太晚，夏天用水高峰无法保障');
    await citizen.getByTestId('portal-evaluate-submit').click();
    await confirmDialog(citizen, '确认评价为「不满意」？', '提交评价');
    await citizen.locator('[data-testid="portal-timeline-entry"][data-event-type="evaluated"]').waitFor();
    await citizen.getByTestId('portal-appeal-reasons').fill('更换要到明年一季度，今年夏天用水高峰仍无保障');
    await citizen.getByTestId('portal-review-submit').click();
    await confirmDialog(citizen, '确认向太原市小店区人民政府请求复查？', '提交复查请求');
    await citizen.locator('[data-testid="portal-timeline-entry"][data-event-type="reviewRequested"]').waitFor();

    // 5. 小店区人民政府 finds it under 复查复核 and issues the review opinion (Art. 35).
    const county = await staffPage('xd.gov.handler');
    await openFromInbox(county, 'appeals');
    await expect.poll(() => status(county)).toBe('review');
    await act(county, 'draftOpinion', async (m) => {
      // The review body reads the petitioner's reasons and upholds the handling opinion (维持: same outcome).
      await expect(m.getByTestId('appeal-request-reasons').textContent()).resolves.toContain('今年夏天用水高峰仍无保障');
      await choose(m, 'command-disposition', '维持');
      await choose(m, 'command-outcome', '解释说明');
      await m.getByTestId('command-summary').fill('原处理意见正确，维持。');
    });
    await act(county, 'signOpinion');
    await signedByLeaders(county, ['xd.gov.leader', 'xd.gov.principal']);
    await expect(county.getByTestId('opinion-card').textContent()).resolves.toContain('复查意见（签批中）');
    await act(county, 'issueReviewOpinion', (m) => pickDate(m, 'command-delivered-on', today));
    await expect.poll(() => status(county)).toBe('reviewed');
    await county.close();

    // 6. The citizen asks for a re-review (Art. 36).
    await queryPortal(citizen, code);
    await citizen.getByTestId('portal-appeal-reasons').fill('复查意见仍未保障夏季用水');
    await citizen.getByTestId('portal-reReview-submit').click();
    await confirmDialog(citizen, '确认向太原市人民政府请求复核？', '提交复核请求');
    await citizen.locator('[data-testid="portal-timeline-entry"][data-event-type="reReviewRequested"]').waitFor();

    // 7. 太原市人民政府 holds a hearing: notice (officers agreed with the petitioner), record; the clock stops meanwhile.
    const city = await staffPage('ty.gov.handler');
    await openFromInbox(city, 'appeals');
    await expect.poll(() => status(city)).toBe('reReview');
    await act(city, 'startHearing', async (m) => {
      await pickDate(m, 'hearing-held-on', today);
      await m.getByTestId('hearing-time').fill('09:30');
      await m.getByTestId('hearing-place').fill('太原市人民政府信访听证室');
      await m.getByTestId('hearing-presiding').fill('郑主任');
      const officers = m.getByTestId('hearing-officer');
      await officers.nth(0).getByTestId('hearing-officer-name').fill('冯律师');
      await officers.nth(0).getByTestId('hearing-officer-affiliation').fill('律师');
      await officers.nth(1).getByTestId('hearing-officer-name').fill('陈代表');
      await officers.nth(1).getByTestId('hearing-officer-affiliation').fill('人大代表');
      await m.getByTestId('hearing-agreed').check();
      if (process.env.E2E_SCREENSHOT) await city.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-hearing-notice.png'), fullPage: true });
    });
    await city.getByTestId('hearing-in-progress').waitFor();
    await expect(city.getByTestId('hearing-card').textContent()).resolves.toContain('冯律师（律师）·信访人推荐');
    await city.locator('[data-testid="document-link"][data-kind="hearingNotice"]').waitFor();
    await act(city, 'endHearing', async (m) => {
      await m.getByTestId('hearing-record').fill('信访人陈述用水困难情况，原办理机关说明改造计划，听证员询问了加压供水安排。');
      await choose(m, 'hearing-attended', '到场');
      await m.getByTestId('hearing-conclusion').fill('听证员一致认为应提前实施改造，夏季前完成。');
    });
    await city.getByTestId('hearing-held').waitFor();
    await city.locator('[data-testid="document-link"][data-kind="hearingRecord"]').waitFor();
    // The hearing day is not counted (Art. 36 ¶2): the re-review clock says so.
    await expect.poll(() => city.getByTestId('matter-detail').textContent()).toContain('听证等不计入的 1 日已顺延');

    // 8. The re-review opinion terminates the matter; reached through a hearing, it is published.
    await act(city, 'draftOpinion', async (m) => {
      // 变更: the review opinion explained; the re-review supports the request.
      await choose(m, 'command-disposition', '变更');
      await choose(m, 'command-outcome', '予以支持');
      await m.getByTestId('command-summary').fill('责成小店区住建局督促于汛期前完成二次供水设备更换。');
    });
    await act(city, 'signOpinion');
    await signedByLeaders(city, ['ty.gov.leader', 'ty.gov.principal']);
    await act(city, 'issueReReviewOpinion', (m) => pickDate(m, 'command-delivered-on', today));
    await expect.poll(() => status(city)).toBe('terminated');
    await act(city, 'publishReReviewOpinion', (m) => m.getByTestId('publication-text').fill('坞城路小区二次供水信访事项，经听证复核，责成有关部门于汛期前完成设备更换。'));
    await city.getByTestId('publication').waitFor();
    if (process.env.E2E_SCREENSHOT) await city.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/(\.png)?$/, '-terminated.png'), fullPage: true });
    await city.close();

    // 9. The citizen follows it to the end and finds every notice; the published opinion names no one.
    await queryPortal(citizen, code);
    await expect(citizen.getByTestId('portal-matter-status').textContent()).resolves.toBe('依法终结');
    const documents = await citizen.getByTestId('portal-document-link').allTextContents();
    for (const kind of ['受理告知书', '信访处理意见书', '复查意见书', '听证通知书', '听证笔录', '复核意见书']) expect(documents.join(' ')).toContain(kind);
    await expect(citizen.locator('[data-testid="portal-timeline-entry"][data-event-type="hearingStarted"]').textContent()).resolves.toContain('地点：太原市人民政府信访听证室');
    await citizen.goto(`${platform.server().url}/portal/published`);
    const published = citizen.getByTestId('published-opinion').filter({ hasText: TITLE });
    await published.waitFor();
    await expect(published.textContent()).resolves.toContain('经听证复核');
    await expect(citizen.getByTestId('portal-published').textContent()).resolves.not.toContain('柳网民');
    expect(await citizen.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await citizen.close();

    // 10. Weeks later the petitioner visits about the same water pressure: the desk sees the matter flagged terminated.
    const desk = await staffPage('xd.xfj');
    await desk.getByTestId('nav-register').click();
    await desk.getByTestId('register-page').waitFor();
    await expect.poll(() => desk.locator('[data-testid="channel"] :focus').count()).toBe(1);
    await desk.keyboard.press('2');
    const row = desk.getByTestId('petitioner-row').first();
    await row.getByTestId('petitioner-name').fill('柳网民');
    await row.getByTestId('petitioner-id').fill(ID_NUMBER);
    await desk.getByTestId('title').fill('坞城路小区高层水压不足');
    await desk.getByTestId('content').fill('来访人称坞城路小区二次供水问题仍未解决，高层住户水压不足，要求再次处理。');
    await desk.getByTestId('channel-details').locator('[data-testid="detail-peopleCount"]').fill('1');
    const candidate = desk.getByTestId('candidate').filter({ hasText: TITLE });
    await candidate.first().waitFor({ timeout: 30_000 });
    await candidate.first().locator('[data-testid="candidate-flag"][data-flag="terminated"]').waitFor();
    // Without a click the desk records it on the terminated matter (Art. 36 ¶3), receiving the petitioner (Art. 37 ¶3).
    const terminatedId = await candidate.first().getAttribute('data-matter-id');
    await expect.poll(() => desk.getByTestId('decision').getAttribute('data-matter-id')).toBe(terminatedId);
    await expect(desk.getByTestId('decision-refused-again').textContent()).resolves.toContain('心理疏导');
    await desk.getByTestId('title').focus();
    await desk.keyboard.press('Control+Enter');
    await desk.getByTestId('register-success').waitFor({ timeout: 30_000 });
    await expect(desk.getByTestId('success-refused-again').textContent()).resolves.toContain('已依法终结，不再受理');
    await desk.close();
  });
});
