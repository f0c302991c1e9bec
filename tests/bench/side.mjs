// kterm and a server-PTY terminal side by side, for `cargo xtask bench`
// (crates/xtask/src/side.rs starts both behind its latency proxy and
// reports). Each run opens each terminal cold (a fresh browser context)
// and measures, in the page:
//
// - navigation → a usable prompt on screen (`$ `);
// - after login, the first `kubectl get pods -n bench` (1,000 pods):
//   `window.kterm.run` until the output and the next prompt are on screen.
//   kterm logs in with `ibmcloud login` + `ibmcloud ks cluster config`; the
//   PTY user's kubeconfig is already on the server (server.py), and its
//   kubectl's discovery cache is removed first, so both are cold;
// - the same command again (warm), WARM times;
// - keystroke → echo (keydown to xterm.js having parsed the echo), KEYS keys.
//
// Also the bytes fetched over HTTP up to the prompt (Resource Timing;
// the PTY terminal's WebSocket frames are not in it).
//
// KTERM_URL and PTY_URL are the two terminals (through the proxy),
// SANDBOX_URL the sandbox directly (to create the pods). Prints one JSON
// object: per terminal, the samples of each measure.
import { launch } from '../e2e/browser.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const WARM = Number(process.env.WARM ?? 3);
const KEYS = Number(process.env.KEYS ?? 20);
const PODS = Number(process.env.PODS ?? 1000);
const NS = 'bench';
const SIDES = { kterm: process.env.KTERM_URL, pty: process.env.PTY_URL };
const SANDBOX = process.env.SANDBOX_URL;
const LINE = `kubectl get pods -n ${NS}`;

async function call(method, path, token, body) {
  const r = await fetch(SANDBOX + path, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok && r.status !== 409) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? null : r.json();
}

/** PODS pods in namespace `bench` of the sandbox's mycluster. */
async function seed() {
  const form = new URLSearchParams({
    grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
    apikey: 'demo-apikey',
  });
  const t = await fetch(SANDBOX + '/api/iam/identity/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: form,
  });
  const { access_token: token } = await t.json();
  const cluster = await call('GET', '/api/containers/global/v2/getCluster?cluster=mycluster', token);
  const k8s = `/api/k8s/${cluster.id}`;
  await call('POST', `${k8s}/api/v1/namespaces`, token, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NS },
  });
  for (let from = 0; from < PODS; from += 50) {
    const posts = [];
    for (let i = from; i < Math.min(PODS, from + 50); i++) {
      posts.push(
        call('POST', `${k8s}/api/v1/namespaces/${NS}/pods`, token, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `bench-${String(i).padStart(5, '0')}`, labels: { app: 'bench' } },
          spec: { containers: [{ name: 'app', image: 'icr.io/bench/app:1' }] },
        }),
      );
    }
    await Promise.all(posts);
  }
}

const LOGIN = {
  kterm: ['ibmcloud login --apikey demo-apikey -r us-south -g Default', 'ibmcloud ks cluster config --cluster mycluster'],
  pty: ['rm -rf ~/.kube/cache'],
};

async function run(page, line) {
  const r = await page.evaluate(async (l) => {
    const t0 = performance.now();
    const r = await window.kterm.run(l);
    return { ms: performance.now() - t0, code: r.code, out: r.stdout };
  }, line);
  if (r.code !== 0) throw new Error(`${line}: exit ${r.code}\n${r.out}`);
  return r;
}

async function listing(page) {
  await run(page, 'clear');
  const r = await run(page, LINE);
  const rows = (r.out.replace(/\r/g, '').match(/^bench-\d{5}\s/gm) ?? []).length;
  if (rows !== PODS) throw new Error(`${LINE}: expected ${PODS} rows, saw ${rows}:\n${r.out.slice(0, 400)}`);
  return r.ms;
}

async function echo(page) {
  await page.evaluate(async () => {
    // As in browser.mjs: from the keydown event's timestamp until xterm.js
    // has parsed the write that followed it (both pages load /xterm.mjs).
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
    window.kterm.focus?.();
  });
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press('a');
    await page.waitForFunction((n) => window.__latencies.length >= n, i + 1, { polling: 1 });
  }
  const samples = await page.evaluate(() => window.__latencies);
  await page.keyboard.press('Control+U');
  return samples;
}

async function session(browser, side, out) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(SIDES[side] + '/', { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => ((window.kterm?.screenText?.() ?? '').includes('$ ') ? performance.now() : false),
    null,
    { polling: 'raf', timeout: 30000 },
  );
  const at = await handle.jsonValue();
  out.load.push(at);
  out.bytes.push(
    await page.evaluate((t) => {
      const mark = performance.getEntriesByName('kterm-prompt')[0]?.startTime ?? t;
      const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      return entries.filter((e) => e.startTime <= mark).reduce((n, e) => n + e.transferSize, 0);
    }, at),
  );
  await page.waitForFunction(() => window.kterm && window.kterm.ready);
  await page.evaluate(() => window.kterm.ready);
  for (const line of LOGIN[side]) await run(page, line);
  out.cold.push(await listing(page));
  for (let i = 0; i < WARM; i++) out.warm.push(await listing(page));
  out.echo.push(...(await echo(page)));
  await context.close();
}

await seed();
const browser = await launch();
const report = {};
for (const side of Object.keys(SIDES)) report[side] = { load: [], bytes: [], cold: [], warm: [], echo: [] };
for (let i = 0; i < RUNS; i++) {
  // Alternate which goes first, so neither always meets a warmer machine.
  const order = i % 2 ? ['pty', 'kterm'] : ['kterm', 'pty'];
  for (const side of order) await session(browser, side, report[side]);
}
await browser.close();
console.log(JSON.stringify(report));
