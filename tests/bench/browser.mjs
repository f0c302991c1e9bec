// Browser timings for `cargo xtask bench`: time from navigation to a usable
// prompt (cold loads, fresh browser contexts), and keystroke-to-echo latency
// (keydown event to the character in the terminal's buffer). Prints one JSON
// object on stdout. Also the bytes on the wire (Resource Timing's
// transferSize, headers included) fetched before the prompt was usable, and
// in all once the page is idle (the command families prefetched).
import { launch, BASE } from '../e2e/browser.mjs';

const LOADS = Number(process.env.LOADS ?? 10);
const KEYS = Number(process.env.KEYS ?? 200);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const browser = await launch();
const loads = [];
const firstBytes = [];
let totalBytes = 0;
const bytesUntil = (page, t) =>
  page.evaluate((t) => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    return entries.filter((e) => e.startTime <= t).reduce((n, e) => n + e.transferSize, 0);
  }, t);
for (let i = 0; i < LOADS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE + '/', { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => ((window.kterm?.screenText?.() ?? '').includes('$ ') ? performance.now() : false),
    null,
    { polling: 'raf', timeout: 20000 },
  );
  const at = await handle.jsonValue();
  loads.push(at);
  // Up to the first prompt: the page's own mark where it has one (the
  // prefetch of the families starts right after it), else when seen.
  const mark = await page.evaluate(() => performance.getEntriesByName('kterm-prompt')[0]?.startTime ?? null);
  firstBytes.push(await bytesUntil(page, mark ?? at));
  if (i === 0) {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1000);
    totalBytes = await bytesUntil(page, Infinity);
  }
  await context.close();
}

const context = await browser.newContext();
const page = await context.newPage();
await page.goto(BASE + '/');
await page.waitForFunction(() => window.kterm && window.kterm.ready);
await page.evaluate(() => window.kterm.ready);
await page.evaluate(async () => {
  // The echo is on screen when xterm.js has parsed the engine's write that
  // followed the keydown: wrap Terminal.prototype.write (the module instance
  // the page uses) to time that, from the keydown event's own timestamp.
  const { Terminal } = await import('/xterm.mjs');
  const write = Terminal.prototype.write;
  window.__latencies = [];
  let keyAt = null;
  document.addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'Control') keyAt = e.timeStamp;
    },
    true,
  );
  Terminal.prototype.write = function (data, done) {
    const t0 = keyAt;
    keyAt = null;
    return write.call(this, data, () => {
      if (t0 !== null) window.__latencies.push(performance.now() - t0);
      if (done) done();
    });
  };
});
for (let i = 0; i < KEYS; i++) {
  await page.keyboard.press(i % 50 === 49 ? 'Control+U' : 'a');
  await page.waitForFunction((n) => window.__latencies.length >= n, i + 1, { polling: 1 });
}
const echo = await page.evaluate(() => window.__latencies);
await browser.close();

console.log(
  JSON.stringify({
    prompt_ms: median(loads),
    prompt_samples: loads,
    echo_ms: median(echo),
    keys: echo.length,
    first_load_bytes: median(firstBytes),
    total_bytes: totalBytes,
  }),
);
