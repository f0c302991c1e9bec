// The command families load lazily: the first load is the shell alone, the
// families' chunks come after the prompt (prefetched), a command typed
// before its chunk arrives waits for it, and a chunk that cannot be
// fetched gives an error the session survives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, BASE, openTerminal, waitForScreen, typeLine } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const KUBE_CHUNK = /\/split_kube-[0-9a-f]{16}\.wasm$/;
const ANY_CHUNK = /\/(split|chunk)_\w+-[0-9a-f]{16}\.wasm$/;

/** Resources fetched so far, with their start relative to the first prompt. */
async function resources(page) {
  return page.evaluate(() => {
    const mark = performance.getEntriesByName('kterm-prompt')[0];
    return {
      prompt: mark ? mark.startTime : null,
      entries: performance.getEntriesByType('resource').map((e) => ({
        url: e.name,
        start: e.startTime,
        bytes: e.transferSize,
      })),
    };
  });
}

test('the first load holds no family; the families are prefetched after the prompt', async () => {
  const { page, context, errors } = await openTerminal(browser);
  let r = await resources(page);
  assert.ok(r.prompt !== null, 'the page marks its first prompt');
  const early = r.entries.filter((e) => e.start < r.prompt).map((e) => e.url);
  assert.ok(early.some((u) => /kterm-web-[0-9a-f]{16}_bg\.wasm$/.test(u)), early.join('\n'));
  assert.deepEqual(early.filter((u) => ANY_CHUNK.test(u)), [], 'no chunk before the prompt');
  // The prefetch fetches kube's chunk in the background.
  const start = Date.now();
  while (!r.entries.some((e) => KUBE_CHUNK.test(e.url)) && Date.now() - start < 15000) {
    await page.waitForTimeout(100);
    r = await resources(page);
  }
  assert.ok(r.entries.some((e) => KUBE_CHUNK.test(e.url)), 'kube chunk prefetched');
  await typeLine(page, 'kubectl version --client');
  await waitForScreen(page, (s) => /^Client Version: v\d/m.test(s));
  assert.deepEqual(errors, []);
  await context.close();
});

test('kubectl typed before its chunk arrives waits for it, keys typed ahead included', async () => {
  const context = await browser.newContext();
  // The kube chunk takes 1.5 s to come.
  await context.route(KUBE_CHUNK, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(BASE + '/');
  await page.waitForFunction(() => window.kterm);
  // Typed as soon as the terminal exists, before the prompt or the chunk.
  await typeLine(page, 'kubectl version --client');
  await page.keyboard.type('echo typed ahead');
  await page.keyboard.press('Enter');
  const text = await waitForScreen(
    page,
    (s) => /\$ kubectl version --client\nClient Version: v\d/.test(s) && /^typed ahead$/m.test(s),
    20000,
  );
  assert.doesNotMatch(text, /could not load/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a chunk that cannot be fetched: a clear error, the session goes on, a retry works', async () => {
  const context = await browser.newContext();
  let fail = true;
  await context.route(KUBE_CHUNK, (route) => (fail ? route.abort('failed') : route.continue()));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(BASE + '/');
  await page.waitForFunction(() => window.kterm && window.kterm.ready);
  await page.evaluate(() => window.kterm.ready);
  await waitForScreen(page, (s) => s.includes('$ '));
  await typeLine(page, 'kubectl version --client; echo "status $?"');
  await waitForScreen(
    page,
    (s) =>
      s.includes('kterm: kubectl: could not load the command (its code could not be downloaded); try again') &&
      /^status 1$/m.test(s),
  );
  await typeLine(page, 'echo still here');
  await waitForScreen(page, (s) => /^still here$/m.test(s));
  fail = false;
  await typeLine(page, 'kubectl version --client');
  await waitForScreen(page, (s) => /^Client Version: v\d/m.test(s));
  assert.deepEqual(errors, []);
  await context.close();
});
