/**
 * Debian's Chromium driven by playwright-core (no browser download: infra/dev/ensure-services.sh
 * installs the `chromium` package), with the flags this closed network needs, and the steps the
 * portal tests share: sign in as a user, choose in a select, pick a date, check a screen with axe.
 * Everything is found by role and accessible name (docs/portal.md), never by CSS class.
 */
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: bash infra/dev/ensure-services.sh installs Debian's chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A user's browser: Vietnamese, in Asia/Ho_Chi_Minh, asking for reduced motion (the portal then does not animate, so axe never sees a half-closed list). */
export const contextOptions = (base: string) =>
  ({ baseURL: base, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true, reducedMotion: 'reduce' }) as const;

/** A browser context of its own (its own cookies), signed in as `username`. */
export async function signedIn(browser: Browser, base: string, username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(contextOptions(base));
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  return { context, page };
}

/** Chooses `option` in the select named `label` (typing it, as a keyboard user would). */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label, exact: true });
  await box.click();
  await box.fill(option);
  await page.keyboard.press('Enter');
  // the list closes, as a user leaves it: it may close by itself a moment after Enter, and an Escape too many
  // closes the drawer around it
  const open = async () => (await box.getAttribute('aria-expanded')) === 'true';
  for (let i = 0; i < 5 && (await open()); i++) await page.waitForTimeout(100);
  if (await open()) await page.keyboard.press('Escape');
  await page.waitForTimeout(300); // and leaves with an animation: axe would see it half gone
}

/** Types a date (dd/mm/yyyy) into the date picker named `label`. */
export async function pickDate(page: Page, label: string, ddmmyyyy: string): Promise<void> {
  const input = page.getByRole('textbox', { name: label, exact: true });
  await input.click();
  await input.fill(ddmmyyyy);
  // Tab, not Enter: in a form Enter would also submit it. The picker's panel closes as the focus leaves.
  await page.keyboard.press('Tab');
  await page
    .getByRole('textbox', { name: label, exact: true })
    .and(page.locator(`[value="${ddmmyyyy}"]`))
    .waitFor();
}

/** The serious and critical accessibility violations axe finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** The accessible name of the focused element, as far as a form's fields go: its aria-label, or its label's text. */
// Runs in the page (a string: this project's Node types have no DOM).
const FOCUSED_NAME = `(() => {
  const element = document.activeElement;
  if (!element) return '';
  const label = element.id ? document.querySelector('label[for="' + CSS.escape(element.id) + '"]') : null;
  return (element.getAttribute('aria-label') ?? label?.textContent ?? element.textContent ?? '').trim();
})()`;
const focusedName = (page: Page) => page.evaluate<string>(FOCUSED_NAME);

/** Presses Tab (only the keyboard) until the focus is on the control named `name`. */
export async function tabTo(page: Page, name: string, most = 60): Promise<void> {
  for (let i = 0; i < most; i++) {
    if ((await focusedName(page)) === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached "${name}" (focus is on "${await focusedName(page)}")`);
}
