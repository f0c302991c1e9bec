// `kubectl get pods -A` with many pods, for `cargo xtask bench`: the pods
// are created in the sandbox's mycluster through its Kubernetes API, then
// the command is typed into the terminal and timed from Enter to the last
// row on screen (window.kterm.run resolves once xterm.js has drawn the
// output). Also reports the wasm heap afterwards. Prints one JSON object.
import { launch, openTerminal } from '../e2e/browser.mjs';
import { BASE } from '../e2e/browser.mjs';

const COUNTS = (process.env.POD_COUNTS ?? '1000,5000').split(',').map(Number);
const RUNS = Number(process.env.RUNS ?? 3);
const NS = 'bench';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function call(method, path, token, body) {
  const r = await fetch(BASE + path, {
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

const form = new URLSearchParams({
  grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
  apikey: 'demo-apikey',
});
const tokenResponse = await fetch(BASE + '/api/iam/identity/token', {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
  body: form,
});
const { access_token: token } = await tokenResponse.json();
const cluster = await call('GET', '/api/containers/global/v2/getCluster?cluster=mycluster', token);
const k8s = `/api/k8s/${cluster.id}`;
await call('POST', `${k8s}/api/v1/namespaces`, token, {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: NS },
});

let created = 0;
async function growTo(n) {
  const batch = 50;
  while (created < n) {
    const upto = Math.min(n, created + batch);
    const posts = [];
    for (let i = created; i < upto; i++) {
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
    created = upto;
  }
}

const browser = await launch();
const { page } = await openTerminal(browser);
for (const line of [
  'ibmcloud login --apikey demo-apikey -r us-south -g Default',
  'ibmcloud ks cluster config --cluster mycluster',
]) {
  const r = await page.evaluate((l) => window.kterm.run(l), line);
  if (r.code !== 0) throw new Error(`${line}: ${r.stderr}`);
}

const report = {};
for (const n of COUNTS) {
  await growTo(n);
  const samples = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    await page.evaluate(() => window.kterm.run('clear'));
    const { ms, out, code } = await page.evaluate(async () => {
      const t0 = performance.now();
      const r = await window.kterm.run('kubectl get pods -A');
      return { ms: performance.now() - t0, out: r.stdout, code: r.code };
    });
    if (code !== 0) throw new Error(`kubectl get pods -A failed with ${code}`);
    rows = out.split('\n').filter((l) => l.startsWith(NS + ' ')).length;
    samples.push(ms);
  }
  if (rows !== n) throw new Error(`expected ${n} bench pods on screen, saw ${rows}`);
  report[`pods_${n}_ms`] = median(samples);
  report[`pods_${n}_samples`] = samples;
  report[`heap_${n}_bytes`] = await page.evaluate(() => window.kterm.heapBytes?.() ?? null);
}
await browser.close();
console.log(JSON.stringify(report));
