// Shared set-up for the end-to-end tests: Debian's Chromium driven by
// playwright-core (no browser download), pointed at the server in KTERM_URL.
import { createRequire } from 'node:module';

// playwright-core is installed with the front-end packages in web/.
const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const BASE = process.env.KTERM_URL ?? 'http://127.0.0.1:8080';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** Opens the terminal page and waits until the prompt is usable. */
export async function openTerminal(browser, path = '/') {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // A trail of what the page did, shown when a wait fails.
  const trail = [];
  trails.set(page, trail);
  page.on('pageerror', (e) => trail.push(`pageerror ${e}`));
  page.on('console', (m) => trail.push(`console.${m.type()} ${m.text()}`));
  page.on('request', (r) => trail.push(`request ${r.method()} ${r.url()}`));
  page.on('requestfinished', (r) => trail.push(`finished ${r.url()}`));
  page.on('requestfailed', (r) => trail.push(`failed ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(BASE + path);
  await page.waitForFunction(() => window.kterm && window.kterm.ready);
  await page.evaluate(() => window.kterm.ready);
  await waitForScreen(page, (s) => s.includes('$ '));
  return { page, context, errors };
}

const trails = new WeakMap();

export async function screen(page) {
  return page.evaluate(() => window.kterm.screenText());
}

/** Waits until `pred(screenText)` holds; fails with the screen on timeout. */
export async function waitForScreen(page, pred, timeoutMs = 10000) {
  const start = Date.now();
  let text = '';
  while (Date.now() - start < timeoutMs) {
    text = await screen(page);
    if (pred(text)) return text;
    await page.waitForTimeout(25);
  }
  const trail = (trails.get(page) ?? []).slice(-15).join('\n');
  throw new Error(`screen did not match in ${timeoutMs} ms:\n${text}\n--- page trail ---\n${trail}`);
}

/** Types a line with the keyboard, as a person would, and presses Enter. */
export async function typeLine(page, line) {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
