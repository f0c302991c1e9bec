// The injection corpus through every surface, asserting on what reaches
// xterm.js: Terminal.prototype.write is wrapped (the page's own xterm.mjs,
// patched on its way in) so every chunk written is recorded. The sandbox
// serves the API; for strings the sandbox cannot hold (account and
// resource-group names, log lines), the browser's router stands in as a
// hostile upstream that rewrites the sandbox's answers.
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

/** OSC 0/2/8/52, CSI clear/move/report/conceal/alt-screen/mouse/paste-off, DCS, C1, \r, \b, DEL, BEL, bidi. */
const CORPUS = [
  '\x1b]0;T0\x07',
  '\x1b]2;T2\x1b\\',
  '\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\',
  '\x1b]52;c;ZXZpbA==\x07',
  '\x1b[2J',
  '\x1b[10;10H',
  '\x1b[6n',
  '\x1b[8mHIDDEN\x1b[0m',
  '\x1b[?1049h',
  '\x1b[?1000h',
  '\x1b[?2004l',
  '\x1bPq#0;2;0;0;0#0~~\x1b\\',
  '\u009b2J',
  '\u009d0;C1\u009c',
  'a\u0085b',
  'safe\rEVIL',
  'abc\b\b\bXYZ',
  'del\x7f',
  'bell\x07',
  '\u202egnp.exe',
  '\u2066iso\u2069',
];
const ALL = CORPUS.join('');

/**
 * What may reach xterm.js: text, and the engine's own sequences (the line
 * editor's cursor moves and clears, the bracketed-paste switch, colour
 * resets, ibmcloud's fixed styles). Anything else from the writes is a leak.
 */
function leaks(writes) {
  const rest = writes
    .join('')
    .replace(/\x1b\[(\d+)?[ABCDJK]/g, '')
    .replace(/\x1b\[\?2004h/g, '')
    .replace(/\x1b\[0?m/g, '')
    // ibmcloud's own styles (crates/kterm-ibmcloud/src/colour.rs); never 8 (conceal).
    .replace(/\x1b\[(1|3|30|96|106|3[126];1)m/g, '')
    .replace(/\r\n|\r|\x08 \x08/g, '');
  const found = [];
  for (const ch of rest) {
    const c = ch.codePointAt(0);
    if ((c < 0x20 && ch !== '\n' && ch !== '\t') || c === 0x7f || (c >= 0x80 && c < 0xa0)
      || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
      found.push(JSON.stringify(ch));
    }
  }
  return found;
}

/** A page whose xterm.js records every write, and whose title changes are counted. */
async function recorded({ routes = async () => {} } = {}) {
  const context = await browser.newContext();
  await context.route('**/xterm.mjs', async (route) => {
    const resp = await route.fetch();
    const text = await resp.text();
    const m = text.match(/export\s*\{\s*(\w+) as Terminal\s*\}/);
    assert.ok(m, 'xterm.mjs exports Terminal');
    const patch = `;{const w=${m[1]}.prototype.write;${m[1]}.prototype.write=function(d,cb){`
      + `(globalThis.__writes||(globalThis.__writes=[])).push(typeof d==='string'?d:new TextDecoder().decode(d));`
      + `return w.call(this,d,cb);};}`;
    await route.fulfill({ response: resp, body: text.replace(m[0], `${patch}${m[0]}`) });
  });
  await routes(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${BASE}/`);
  await page.waitForFunction(() => window.kterm && window.kterm.ready);
  await page.evaluate(() => window.kterm.ready);
  await page.evaluate(() => {
    window.__titles = [];
    window.kterm.on('title', (d) => window.__titles.push(d.title));
  });
  await waitForScreen(page, (s) => s.includes('$ '));
  return { page, context, errors };
}

/** Forgets what was written so far; returns it. */
async function takeWrites(page) {
  return page.evaluate(() => {
    const w = globalThis.__writes || [];
    globalThis.__writes = [];
    return w;
  });
}

/** Runs each line; returns the lines whose writes leaked, with what. */
async function leaksOf(page, lines) {
  const failures = [];
  for (const line of lines) {
    await page.evaluate((l) => window.kterm.run(l), line);
    const l = leaks(await takeWrites(page));
    if (l.length) failures.push(`${line}: ${l.join(' ')}`);
  }
  return failures;
}

async function drop(page, files) {
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const [name, text] of files) dt.items.add(new File([text], name));
    document.querySelector('.kterm').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
  }, files);
  await waitForScreen(page, (s) => files.every(([name]) => s.includes(`Uploaded ${name}`)));
}

async function login(page) {
  const r = await page.evaluate(() => window.kterm.run('ibmcloud login --apikey demo-apikey -r us-south -g Default && ibmcloud ks cluster config --cluster mycluster'));
  assert.equal(r.code, 0, r.stderr);
}

test('kubectl: the corpus in a ConfigMap, an Event and a log reaches xterm.js only escaped', async () => {
  const { page, context, errors } = await recorded({
    routes: async (context) => {
      // A hostile log: the sandbox generates its own lines.
      await context.route(/\/pods\/[^/]+\/log\?/, (route) => route.fulfill({
        contentType: 'text/plain',
        body: `${CORPUS.join('\n')}\n`,
      }));
    },
  });
  await login(page);
  const cm = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'evil', namespace: 'default', annotations: { note: ALL } },
    data: Object.fromEntries(CORPUS.map((s, i) => [`k${i}`, s])),
  };
  const ev = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'evil.1', namespace: 'default' },
    involvedObject: { kind: 'ConfigMap', name: 'evil', namespace: 'default' },
    reason: 'Evil\x1b]0;R\x07',
    message: ALL,
    type: 'Warning',
    count: 1,
    firstTimestamp: '2026-01-01T00:00:00Z',
    lastTimestamp: '2026-01-01T00:00:00Z',
  };
  await drop(page, [['cm.json', JSON.stringify(cm)], ['ev.json', JSON.stringify(ev)]]);
  // (Idempotent on a server an earlier run used.)
  await page.evaluate(() => window.kterm.run('kubectl delete cm evil big0 big1 big2 big3 big4 big5 big6 big7 --ignore-not-found; kubectl delete ev evil.1 --ignore-not-found'));
  const made = await page.evaluate(() => window.kterm.run('kubectl apply -f cm.json && kubectl create -f ev.json'));
  assert.equal(made.code, 0, made.stderr);
  await takeWrites(page);
  const lines = [
    'kubectl get cm evil -o yaml',
    'kubectl get cm evil -o json',
    "kubectl get cm evil -o jsonpath='{.data}'",
    "kubectl get cm evil -o jsonpath='{.metadata.annotations.note}'",
    'kubectl get cm evil -o custom-columns=NOTE:.metadata.annotations.note',
    'kubectl get cm evil -o wide --show-labels',
    'kubectl describe cm evil',
    'kubectl get events',
    'kubectl get events -o wide',
    'kubectl events',
    'kubectl describe ev evil.1',
    'kubectl logs deploy/web',
    'kubectl get cm evil -o yaml | grep note',
  ];
  assert.deepEqual(await leaksOf(page, lines), []);
  const text = await screen(page);
  assert.match(text, /safe\\rEVIL/);
  assert.match(text, /\^\[\]0;T0\\x07/);
  assert.deepEqual(await page.evaluate(() => window.__titles), []);
  // A 10 MB string (8 ConfigMaps of 1.3 MB) reaches the screen escaped, without a hang.
  const chunk = `${ALL}${'x'.repeat(1_300_000 - ALL.length)}`;
  const big = Array.from({ length: 8 }, (_, i) => ({
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big${i}`, namespace: 'default' }, data: { d: chunk },
  }));
  for (let i = 0; i < 8; i++) {
    await drop(page, [[`big${i}.json`, JSON.stringify(big[i])]]);
    const r = await page.evaluate((i) => window.kterm.run(`kubectl create -f big${i}.json && rm big${i}.json`), i);
    assert.equal(r.code, 0, r.stderr);
  }
  await takeWrites(page);
  const started = Date.now();
  const r = await page.evaluate(() => window.kterm.run('kubectl get cm -l "!x" -o yaml').then((r) => r.stdout.length));
  assert.ok(r > 10_000_000, `${r} bytes`);
  assert.ok(Date.now() - started < 60_000);
  assert.deepEqual(leaks(await takeWrites(page)), []);
  // The other tests share this sandbox.
  await page.evaluate(() => window.kterm.run('kubectl delete cm evil big0 big1 big2 big3 big4 big5 big6 big7; kubectl delete ev evil.1'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('kubectl exec -it: sequences cut between WebSocket frames never pass; modes come back', async () => {
  const { page, context, errors } = await recorded();
  await login(page);
  await takeWrites(page);
  // The remote ends each frame with ESC and sends the rest of an OSC in
  // the next; then it changes terminal modes and ends.
  await page.evaluate(() => window.kterm.run("e=$(printf '\\033'); b=$(printf '\\007')"));
  const script = [
    "echo -n '$e'; echo -n ']0;SPLIT-TITLE$b'",
    "echo -n '$e'; echo -n ']52;c;ZXZpbA==$b'",
    "echo -n '$e'; echo -n ']8;;http://evil.example/$b'",
    "echo -n '$e[?2004l$e[?1000h$e[?1h$e[?25l$e[?1049h'",
  ].join('; ');
  await takeWrites(page);
  const run = await page.evaluate((l) => window.kterm.run(l), `kubectl exec -it deploy/web -- sh -c "${script}"`);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.includes('\x1b[?1049h'), JSON.stringify(run));
  const all = (await takeWrites(page)).join('');
  assert.doesNotMatch(all, /\x1b\]|\x1bP/);
  assert.deepEqual(await page.evaluate(() => window.__titles), []);
  // Every mode the remote set is put back after it.
  assert.ok(all.includes('\x1b[?1049h'), JSON.stringify(all.slice(-2000)));
  const after = all.slice(all.lastIndexOf('\x1b[?1049h'));
  for (const restore of ['\x1b[?1049l', '\x1b[?2004h', '\x1b[?1000l', '\x1b[?1l', '\x1b[?25h']) {
    assert.ok(after.includes(restore), `${JSON.stringify(restore)} after the session`);
  }
  // Bracketed paste is on again: a pasted line waits for Enter.
  await paste(page, 'echo pasted-after-exec\n');
  await page.waitForTimeout(300);
  assert.doesNotMatch(await screen(page), /^pasted-after-exec$/m);
  await page.keyboard.press('Enter');
  await waitForScreen(page, (s) => /^pasted-after-exec$/m.test(s));
  assert.deepEqual(errors, []);
  await context.close();
});

/** A paste as the browser delivers one (xterm.js handles the event). */
async function paste(page, text) {
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    const ta = document.querySelector('.xterm-helper-textarea');
    ta.focus();
    ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

test('paste: nothing runs before Enter, and control characters show as ^[', async () => {
  const { page, context, errors } = await recorded();
  await page.evaluate(() => {
    window.__starts = [];
    window.kterm.on('command-start', (d) => window.__starts.push(d.line));
  });
  await takeWrites(page);
  await paste(page, 'echo A\x1b]0;T\x07\x1b[8mHIDDEN\necho B\n');
  await waitForScreen(page, (s) => s.includes('> echo B'));
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__starts), []);
  let text = await screen(page);
  assert.match(text, /\$ echo A\^\[\]0;T\^G\^\[\[8mHIDDEN\n> echo B\s*$/);
  assert.deepEqual(leaks(await takeWrites(page)), []);
  assert.deepEqual(await page.evaluate(() => window.__titles), []);
  await page.keyboard.press('Enter');
  await waitForScreen(page, (s) => /^B$/m.test(s));
  assert.equal((await page.evaluate(() => window.__starts)).length, 1);
  // With bracketed paste turned off (printf's format is the user's own),
  // a paste still waits for Enter.
  await typeLine(page, "printf '\\033[?2004l'");
  await waitForScreen(page, (s) => (s.match(/\$ /g) || []).length >= 3);
  await paste(page, 'echo C\necho D\n');
  await page.waitForTimeout(300);
  text = await screen(page);
  assert.match(text, /\$ echo C\n> echo D\s*$/);
  assert.equal((await page.evaluate(() => window.__starts)).length, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('ibmcloud: hostile account, resource-group, key and token names from the API reach xterm.js escaped', async () => {
  const evil = (s) => `${s}\x1b]0;ACCT-TITLE\x07\x1b[8mX\u009b2J\u202e`;
  const { page, context, errors } = await recorded({
    routes: async (context) => {
      // The accounts and resource-controller upstreams answer hostile names.
      const rewrite = async (route) => {
        const resp = await route.fetch();
        let body = await resp.text();
        body = body.replaceAll('"Demo Account"', JSON.stringify(evil('Demo Account')));
        body = body.replaceAll('"Team Account"', JSON.stringify(evil('Team Account')));
        body = body.replace(/"name":"(Default|dev)"/g, (_, n) => `"name":${JSON.stringify(evil(n))}`);
        await route.fulfill({ response: resp, body });
      };
      await context.route('**/api/accounts/**', rewrite);
      await context.route('**/api/resource-controller/**', rewrite);
    },
  });
  const r = await page.evaluate(() => window.kterm.run('ibmcloud login --apikey demo-apikey -r us-south'));
  assert.equal(r.code, 0, r.stderr);
  for (const i of [0, 1]) {
    const made = await page.evaluate((i) => window.kterm.run(`ibmcloud iam api-key-create 'key${i}\x1b]0;KEY\x07\u202e' -d '\x1b[2Jd'; ibmcloud cr token-add --description 'tok\x1b]52;c;QQ==\x07'`), i);
    assert.equal(made.code, 0, made.stderr);
  }
  const lines = [
    'ibmcloud target',
    'ibmcloud account show',
    'ibmcloud account list',
    'ibmcloud resource groups',
    'ibmcloud target -g dev',
    'ibmcloud iam api-keys',
    'ibmcloud iam api-keys --output json',
    'ibmcloud cr info',
    'ibmcloud cr namespace-list',
    'ibmcloud cr token-list',
    'ibmcloud ks clusters',
  ];
  await takeWrites(page);
  assert.deepEqual(await leaksOf(page, lines), []);
  assert.match(await screen(page), /Demo Account\^\[\]0;ACCT-TITLE\\x07/);
  assert.deepEqual(await page.evaluate(() => window.__titles), []);
  assert.deepEqual(errors, []);
  await context.close();
});
