// Embedding end to end: the example host pages under /examples/ (served
// from dist by kterm-server), under the strict Content-Security-Policy their
// meta tags set, without COOP/COEP headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, BASE, waitForScreen, typeLine, screen } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The same server under another origin (localhost vs 127.0.0.1). */
const OTHER = BASE.replace('127.0.0.1', 'localhost');

// `run()` gives what the terminal got, colours included (the ibmcloud CLI
// colours a terminal); the assertions read the text.
const plain = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Opens `url`, recording CSP violations and page errors; waits for window.kterm's prompt. */
async function open(url, { waitPrompt = true } = {}) {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror ${e}`));
  page.on('console', (m) => {
    // A failed load is reported with its address below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      problems.push(`console ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    // The browser asks for /favicon.ico on its own, at times: not kterm's.
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  await page.goto(url);
  if (waitPrompt) {
    await page.waitForFunction(() => window.kterm && window.kterm.ready);
    await page.evaluate(() => window.kterm.ready);
    await waitForScreen(page, (s) => s.includes('$ '));
  }
  return { page, context, problems };
}

async function cspViolations(page) {
  return page.evaluate(() => window.__csp);
}

function events(page, name) {
  return page.evaluate((n) => window.ktermEvents.filter((e) => e.name === n), name);
}

async function leftBehind(page) {
  return page.evaluate(async () => ({
    local: localStorage.length,
    cookies: document.cookie,
    idb: (await indexedDB.databases()).length,
    session: Object.keys(sessionStorage),
  }));
}

/**
 * The session's sessionStorage entries, sorted and named without their
 * prefix ('session' for the variables and history, 'file:PATH' per file);
 * the credentials' entry ('cred') is left out, as it depends on the login.
 */
function stored(keys) {
  return keys
    .map((k) => (k === 'kterm.session.v2' ? 'session' : k.replace(/^kterm\.session\.v2\./, '')))
    .filter((k) => k !== 'cred')
    .sort();
}

test('the page at / runs under its strict CSP, with no inline script, import map or COOP/COEP', async () => {
  const { page, context, problems } = await open(`${BASE}/`);
  const r = await page.evaluate(() => ({
    inline: [...document.scripts].filter((s) => !s.src).length,
    isolated: window.crossOriginIsolated,
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
  }));
  assert.equal(r.inline, 0);
  assert.equal(r.isolated, false);
  assert.match(r.csp, /script-src 'self' 'wasm-unsafe-eval';/);
  await typeLine(page, 'echo strict');
  await waitForScreen(page, (s) => /^strict$/m.test(s));
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('host page: KTerm.mount with getToken, no second login, events to the host', async () => {
  const { page, context, problems } = await open(`${BASE}/examples/host.html`);
  let text = await screen(page);
  assert.match(text, /^Welcome to the IBM Cloud Shell \(kterm\)\. You are logged in as the console user\.$/m);
  // The page's session was taken over: no `ibmcloud login` typed.
  await typeLine(page, 'ibmcloud target');
  text = await waitForScreen(page, (s) => /^User: +demo@example\.com$/m.test(s));
  // The account's name, looked up although the session came from the page.
  assert.match(text, /^Account: +Demo Account \(b3c8a1d2e4f5061728394a5b6c7d8e9f\) <-> 2468013$/m);
  await typeLine(page, 'ibmcloud ks clusters');
  await waitForScreen(page, (s) => /^mycluster +\S+ +normal/m.test(s));
  await typeLine(page, 'nosuchcmd');
  await waitForScreen(page, (s) => s.includes('kterm: nosuchcmd: command not found'));
  await page.waitForFunction(() => window.ktermEvents.filter((e) => e.name === 'command-end').length === 3);
  assert.deepEqual(await events(page, 'ready'), [{ name: 'ready' }]);
  assert.deepEqual(await events(page, 'login'), [{ name: 'login', user: 'demo@example.com' }]);
  assert.deepEqual(
    (await events(page, 'command-end')).map((e) => [e.line, e.code]),
    [['ibmcloud target', 0], ['ibmcloud ks clusters', 0], ['nosuchcmd', 127]],
  );
  assert.deepEqual(
    (await events(page, 'command-start')).map((e) => e.line),
    ['ibmcloud target', 'ibmcloud ks clusters', 'nosuchcmd'],
  );
  // Secrets are masked in the lines the host hears.
  await page.evaluate(() => window.kterm.run('FOO_TOKEN=abc true'));
  const last = (await events(page, 'command-end')).at(-1);
  assert.deepEqual([last.line, last.code], ['FOO_TOKEN=**** true', 0]);
  // The title an application sets reaches the host.
  await page.evaluate(() => window.kterm.run("printf '\\033]0;deploying\\007'"));
  await page.waitForFunction(() => window.ktermEvents.some((e) => e.name === 'title'));
  assert.deepEqual(await events(page, 'title'), [{ name: 'title', title: 'deploying' }]);
  // write() and resize().
  await page.evaluate(() => {
    window.kterm.write('\nfrom the host\n');
    window.kterm.resize(60, 10);
  });
  await waitForScreen(page, (s) => /^from the host$/m.test(s));
  // Logging out leaves no token behind, and getToken is not asked again.
  await typeLine(page, 'ibmcloud logout');
  await page.waitForFunction(() => window.ktermEvents.some((e) => e.name === 'logout'));
  await typeLine(page, 'ibmcloud target');
  await waitForScreen(page, (s) => s.includes("Not logged in. Use 'ibmcloud login' to log in."));
  const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
  assert.doesNotMatch(stored, /eyJ[\w-]+\.[\w-]+\./, 'no JWT in sessionStorage after logout');
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('dispose frees the terminal and wipes the session', async () => {
  const { page, context } = await open(`${BASE}/examples/host.html`);
  await typeLine(page, 'echo keep > file.txt');
  await waitForScreen(page, (s) => (s.match(/\$ /g) || []).length >= 2);
  assert.deepEqual(stored((await leftBehind(page)).session), ['file:/home/user/file.txt', 'session']);
  await page.click('#dispose');
  const after = await page.evaluate(() => ({
    children: document.getElementById('console-terminal').children.length,
    screen: window.kterm.screenText(),
  }));
  assert.deepEqual(after, { children: 0, screen: '' });
  await assert.rejects(page.evaluate(() => window.kterm.run('echo x')), /kterm is not ready/);
  assert.deepEqual(await leftBehind(page), { local: 0, cookies: '', idb: 0, session: [] });
  await context.close();
});

test('storage: "memory" keeps nothing in sessionStorage', async () => {
  const { page, context } = await open(`${BASE}/examples/host.html?storage=memory`);
  await typeLine(page, 'echo x > f; ibmcloud target');
  await waitForScreen(page, (s) => /^User: +demo@example\.com$/m.test(s));
  assert.deepEqual(await leftBehind(page), { local: 0, cookies: '', idb: 0, session: [] });
  await context.close();
});

test('cluster page: <kterm-terminal> with a preset context, read-only', async () => {
  const { page, context, problems } = await open(`${BASE}/examples/cluster.html`);
  let text = await waitForScreen(page, (s) => s.trimEnd().endsWith('~ (us-south | mycluster) $'));
  assert.match(text, /^Kubernetes terminal for mycluster \(read-only\)\nThis terminal is read-only: commands that change resources are refused\.\n~ \(us-south \| mycluster\) \$ $/m);
  const light = await page.evaluate(() => !!document.querySelector('kterm-terminal .kterm-light'));
  assert.equal(light, true);
  const r = await page.evaluate(() => window.kterm.run('kubectl config get-contexts'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\* +mycluster\/\S+ +mycluster\/\S+ +\S+ +kube-system$/m);
  const del = await page.evaluate(() => window.kterm.run('kubectl delete pod x'));
  assert.deepEqual(del, {
    stdout: '',
    stderr: 'kterm: kubectl delete: refused, this terminal is read-only\n',
    code: 126,
  });
  const target = await page.evaluate(() => window.kterm.run('ibmcloud target'));
  assert.equal(target.code, 0, target.stderr);
  assert.match(plain(target.stdout), /^Account: +Demo Account \(b3c8a1d2e4f5061728394a5b6c7d8e9f\) <-> 2468013$/m);
  assert.match(plain(target.stdout), /^Resource group: +Default$/m);
  const add = await page.evaluate(() => window.kterm.run('ibmcloud cr namespace-add ns1'));
  assert.equal(add.code, 126);
  const get = await page.evaluate(() => window.kterm.run('kubectl get pods'));
  assert.equal(get.code, 0, get.stderr);
  assert.match(get.stdout, /^NAME +READY +STATUS/m);
  assert.deepEqual(await leftBehind(page), { local: 0, cookies: '', idb: 0, session: [] });
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems, []);
  // Removing the element disposes the terminal.
  // (Yew takes its nodes away on its next turn.)
  await page.evaluate(() => {
    window.removed = document.querySelector('kterm-terminal');
    window.removed.remove();
  });
  await page.waitForFunction(() => window.removed.children.length === 0);
  assert.equal(await page.evaluate(() => window.removed.kterm), null);
  assert.deepEqual(await leftBehind(page), { local: 0, cookies: '', idb: 0, session: [] });
  await context.close();
});

test('iframe mode: a cross-origin host drives the terminal by postMessage', async () => {
  // The host page on localhost, the terminal on 127.0.0.1.
  const { page, context, problems } = await open(
    `${OTHER}/examples/iframe.html?terminal=${encodeURIComponent(`${BASE}/`)}`,
    { waitPrompt: false },
  );
  await page.waitForFunction(() => window.ktermEvents.some((e) => e.name === 'ready'));
  const r = await page.evaluate(() => window.ktermRun('echo hello from the host'));
  assert.deepEqual(
    { stdout: r.stdout, stderr: r.stderr, code: r.code },
    { stdout: 'hello from the host\n', stderr: '', code: 0 },
  );
  const t = await page.evaluate(() => window.ktermRun('ibmcloud target'));
  assert.match(plain(t.stdout), /^User: +demo@example\.com$/m);
  const ends = await events(page, 'command-end');
  assert.deepEqual(ends.map((e) => [e.line, e.code]), [['echo hello from the host', 0], ['ibmcloud target', 0]]);
  const frame = page.frames().find((f) => f.url().startsWith(`${BASE}/?embed=iframe`));
  const text = await frame.evaluate(() => window.kterm.screenText());
  assert.match(text, /^kterm in an iframe\n/);
  assert.match(text, /\$ echo hello from the host\nhello from the host\n/);
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('iframe mode: read-only refusal, and dispose by message leaves nothing in the frame', async () => {
  const { page, context, problems } = await open(
    // Same origin: the host page may look into the frame's storage (a
    // cross-site frame's storage is the browser's to partition or refuse).
    `${BASE}/examples/iframe.html?readOnly=true`,
    { waitPrompt: false },
  );
  await page.waitForFunction(() => window.ktermEvents.some((e) => e.name === 'ready'));
  const del = await page.evaluate(() => window.ktermRun('kubectl delete pod x'));
  assert.deepEqual(
    { stdout: del.stdout, stderr: del.stderr, code: del.code },
    { stdout: '', stderr: 'kterm: kubectl delete: refused, this terminal is read-only\n', code: 126 },
  );
  const w = await page.evaluate(() => window.ktermRun('echo kept > f.txt; cat f.txt'));
  assert.equal(w.stdout, 'kept\n');
  const frame = page.frames().find((f) => f.url().startsWith(`${BASE}/?embed=iframe`));
  assert.deepEqual(stored((await leftBehind(frame)).session), ['file:/home/user/f.txt', 'session']);
  await page.evaluate(() => window.ktermDispose());
  await frame.waitForFunction(() => document.getElementById('terminal').children.length === 0);
  assert.deepEqual(await leftBehind(frame), { local: 0, cookies: '', idb: 0, session: [] });
  assert.equal(await frame.evaluate(() => window.kterm.screenText()), '');
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a Content-Security-Policy sent as a header (not a meta tag) is obeyed as well', async () => {
  const policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'";
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  // The host page's meta tag is removed, so only the header applies.
  await context.route('**/examples/host.html*', async (route) => {
    const resp = await route.fetch();
    const body = (await resp.text()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    await route.fulfill({
      response: resp,
      body,
      headers: { ...resp.headers(), 'content-security-policy': policy },
    });
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror ${e}`));
  await page.goto(`${BASE}/examples/host.html`);
  assert.equal(await page.evaluate(() => !!document.querySelector('meta[http-equiv]')), false);
  await page.waitForFunction(() => window.kterm && window.kterm.ready);
  await page.evaluate(() => window.kterm.ready);
  await waitForScreen(page, (s) => s.includes('$ '));
  const r = await page.evaluate(() => window.kterm.run('ibmcloud ks clusters'));
  assert.equal(r.code, 0);
  assert.match(plain(r.stdout), /^mycluster +\S+ +normal/m);
  assert.deepEqual(await cspViolations(page), []);
  // The policy is really in force: an inline script the page adds is refused.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true;';
    document.head.appendChild(s);
  });
  await page.waitForFunction(() => window.__csp.length > 0);
  assert.equal(await page.evaluate(() => window.inlineRan), undefined);
  assert.deepEqual(await cspViolations(page), ['script-src-elem inline']);
  assert.deepEqual(problems, []);
  await context.close();
});

/** A page on a foreign origin (served by the browser's router) that frames the terminal. */
async function foreignHost(context, frameUrl) {
  await context.route('http://evil.test/**', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><iframe id="kterm-frame" src="${frameUrl}"></iframe>`,
  }));
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  await page.goto('http://evil.test/host.html');
  return { page, consoleLines };
}

test('a page the server does not list cannot frame the terminal, whatever its URL says', async () => {
  const context = await browser.newContext();
  const { page } = await foreignHost(context, `${BASE}/?embed=iframe&allowedOrigins=http://evil.test`);
  // The server's frame-ancestors names only itself and localhost.
  const resp = await context.request.get(`${BASE}/?embed=iframe`);
  assert.equal(resp.headers()['content-security-policy'], `frame-ancestors 'self' ${OTHER}`);
  await page.waitForTimeout(1500);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  const ran = await frame.evaluate(() => !!window.KTerm).catch(() => false);
  assert.equal(ran, false, 'the terminal did not load in the foreign frame');
  await context.close();
});

test('iframe mode ignores ?allowedOrigins= and messages from origins the server does not list', async () => {
  const context = await browser.newContext();
  // As if a proxy had dropped the framing policy: the bridge still refuses.
  const terminalPage = (url) => url.origin === new URL(BASE).origin && url.searchParams.get('embed') === 'iframe';
  await context.route(terminalPage, async (route) => {
    const resp = await route.fetch();
    const headers = { ...resp.headers() };
    delete headers['content-security-policy'];
    delete headers['x-frame-options'];
    await route.fulfill({ response: resp, headers });
  });
  const { page, consoleLines } = await foreignHost(context, `${BASE}/?embed=iframe&allowedOrigins=http://evil.test`);
  const f = await (async () => {
    for (let i = 0; i < 100; i++) {
      const x = page.frames().find((fr) => fr.url().includes('embed=iframe'));
      if (x) return x;
      await page.waitForTimeout(50);
    }
    throw new Error('no frame');
  })();
  await f.waitForFunction(() => window.KTerm);
  await page.waitForFunction(() => true);
  const ignored = page.waitForEvent('console', (m) => m.text().includes('ignored a message from'));
  await page.evaluate(() => {
    document.getElementById('kterm-frame').contentWindow.postMessage({ kterm: 'mount', options: {} }, '*');
  });
  const msg = await ignored;
  assert.equal(msg.text(), 'kterm: ignored a message from http://evil.test, which is not an allowed origin');
  assert.ok(consoleLines.some((l) => l.startsWith('kterm: ?allowedOrigins= is ignored')), consoleLines.join('\n'));
  assert.equal(await f.evaluate(() => window.kterm === undefined), true);
  await context.close();
});

test('files: upload with the picker, drop onto the terminal, download', async () => {
  const { page, context } = await open(`${BASE}/examples/host.html`);
  await typeLine(page, 'mkdir up; cd up');
  await waitForScreen(page, (s) => s.includes('~/up'));
  const chooser = page.waitForEvent('filechooser');
  await typeLine(page, 'upload');
  await (await chooser).setFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('first line\n') },
  ]);
  await waitForScreen(page, (s) => /^Uploaded notes\.txt \(11 bytes\)$/m.test(s));
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['kind: Pod\n'], 'pod.yaml'));
    document.querySelector('#console-terminal .kterm').dispatchEvent(
      new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
    );
  });
  await waitForScreen(page, (s) => /^Uploaded pod\.yaml \(10 bytes\)$/m.test(s));
  const cat = await page.evaluate(() => window.kterm.run('cat notes.txt pod.yaml'));
  assert.deepEqual(cat, { stdout: 'first line\nkind: Pod\n', stderr: '', code: 0 });

  const download = page.waitForEvent('download');
  await typeLine(page, 'download pod.yaml');
  const d = await download;
  assert.equal(d.suggestedFilename(), 'pod.yaml');
  const chunks = [];
  for await (const c of await d.createReadStream()) chunks.push(c);
  assert.equal(Buffer.concat(chunks).toString(), 'kind: Pod\n');
  await waitForScreen(page, (s) => /^Downloading pod\.yaml \(10 bytes\)$/m.test(s));

  // Past the session's 5 MiB the file is refused and the session survives.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(6 * 1024 * 1024)], 'big.bin'));
    document.querySelector('#console-terminal .kterm').dispatchEvent(
      new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
    );
  });
  await waitForScreen(page, (s) => /^upload: big\.bin: No space left on device$/m.test(s));
  const ls = await page.evaluate(() => window.kterm.run('ls -1'));
  assert.equal(ls.stdout, 'notes.txt\npod.yaml\n');
  await context.close();
});

test('keyboard only: Tab reaches the terminal with a visible focus ring, Shift+Tab leaves it', async () => {
  const { page, context } = await open(`${BASE}/examples/host.html?screenReader=true`);
  await page.focus('#dispose');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({
    inTerminal: document.getElementById('console-terminal').contains(document.activeElement),
    ring: getComputedStyle(document.querySelector('#console-terminal .kterm')).outlineColor,
  }));
  assert.equal(focused.inTerminal, true);
  assert.notEqual(focused.ring, 'rgba(0, 0, 0, 0)');
  await typeLine(page, 'echo typed');
  await waitForScreen(page, (s) => /^typed$/m.test(s));
  // Screen reader mode: xterm keeps an accessible copy of the rows.
  // (xterm fills it on its next render.)
  await page.waitForFunction(() => /typed/.test(document.querySelector('#console-terminal .xterm-accessibility-tree')?.textContent ?? ''));
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'dispose');
  await context.close();
});
