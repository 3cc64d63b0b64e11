import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/modules/org/demo-data';

const ROOT = resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the real `xinfang serve` as a user would (embedded database in a fresh temporary data directory, demo
 * seeded on first start) and waits until it answers. The web app must have been built (`npm run build:web`).
 */
export async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'xinfang-e2e-'));
  const env = { ...process.env, XINFANG_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/xinfang.js'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with the flags this closed network needs (no background connections). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A running platform and a browser for one test file: started before its tests, stopped after them. Read the
 * returned getters inside tests (they are set in beforeAll).
 */
export function usePlatform(): { server: () => RunningServer; browser: () => Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return { server: () => server!, browser: () => browser! };
}

/** Logs a demo user in through the login page (password: the demo password) and waits to leave it. */
export async function logIn(page: Page, baseUrl: string, login: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-input').fill(login);
  await page.getByTestId('password-input').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A desktop page of its own (its own cookies), logged in as a demo user. */
export async function openPageAs(platform: { server: () => RunningServer; browser: () => Browser }, login: string): Promise<Page> {
  const page = await platform.browser().newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  await logIn(page, platform.server().url, login);
  return page;
}

/**
 * Submits an open command form (the matter page's and the board's) and waits for it to close. A refusal stays in the
 * form: the test fails with the server's words, or with what the form shows, rather than a bare timeout.
 */
export async function submitCommand(modal: Locator, what: string): Promise<void> {
  const submit = modal.getByTestId('command-submit');
  await submit.click();
  const error = modal.getByTestId('command-error');
  const outcome = await Promise.race([
    modal.waitFor({ state: 'detached', timeout: 30_000 }).then(() => 'closed'),
    error.waitFor({ timeout: 30_000 }).then(() => 'refused'),
  ]).catch(() => 'stuck');
  if (outcome === 'refused') throw new Error(`${what} refused: ${await error.textContent()}`);
  if (outcome === 'stuck') throw new Error(`${what}: the form did not close; submit ${(await submit.getAttribute('class')) ?? ''}; form text: ${await modal.textContent()}`);
}

/**
 * Collects every Content-Security-Policy violation a page reports: the `securitypolicyviolation` events of each
 * document (recorded by an init script before any of the page's own scripts run) and the console messages Chromium
 * prints for them. Call before the first navigation.
 */
export async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  // A string, not a function: this file is compiled without the DOM's types.
  await page.addInitScript(`
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
  `);
  return async () => {
    const inPage = await page.evaluate<string[]>('window.__csp || []').catch(() => [] as string[]);
    return [...seen, ...inPage.map((v) => `event: ${v}`)];
  };
}

/**
 * Picks 市 → 县区 in the portal's open region Cascader. A click on the city that lands while the popup is still
 * opening (or before the regions have arrived) expands nothing, and the county never shows: the city is clicked
 * again until it does, a few times at most.
 */
export async function pickPortalRegion(page: Page, city: string, county: string): Promise<void> {
  const countyItem = page.locator('.ant-cascader-menu-item', { hasText: county }).first();
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.locator('.ant-cascader-menu-item', { hasText: city }).first().click();
    try {
      await countyItem.waitFor({ timeout: 5_000 });
      return;
    } catch {
      // not expanded yet: click the city again
    }
  }
  await countyItem.waitFor();
}

/** Picks an option of an open antd Select popup by its label. */
export async function pickOption(page: Page, label: string): Promise<void> {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: label }).first();
  await option.waitFor();
  await option.click();
}

/**
 * Picks a path in an open antd Cascader popup by clicking each label, as a mouse user does: a parent expands on click
 * (the category cascaders accept a parent too, so the popup stays open). A path ending on a parent closes the popup
 * with Escape, which keeps the value chosen.
 */
export async function pickPath(page: Page, labels: string[]): Promise<void> {
  const popup = page.locator('.ant-cascader-dropdown').filter({ visible: true }).first();
  for (const label of labels) {
    const item = popup.locator(`.ant-cascader-menu-item[title="${label}"]`).first();
    await item.waitFor();
    await item.click();
  }
  if (await popup.isVisible()) {
    await page.keyboard.press('Escape');
    await popup.waitFor({ state: 'hidden' });
  }
}
