// The terminal in a real browser: typed with the keyboard, read from the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openTerminal, screen, waitForScreen, typeLine } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a prompt appears and typed commands run', async () => {
  const { page, context, errors } = await openTerminal(browser);
  assert.match(await screen(page), /^~ \$ $/m);
  await typeLine(page, 'echo hello');
  const text = await waitForScreen(page, (s) => /^hello$/m.test(s));
  assert.match(text, /~ \$ echo hello\nhello\n~ \$ /);
  assert.deepEqual(errors, []);
  await context.close();
});

test('unknown commands and syntax errors are reported like bash', async () => {
  const { page, context } = await openTerminal(browser);
  await typeLine(page, 'nosuchcmd');
  await waitForScreen(page, (s) => s.includes('kterm: nosuchcmd: command not found'));
  await typeLine(page, 'echo $?');
  await waitForScreen(page, (s) => /^127$/m.test(s));
  await typeLine(page, 'echo a ;; b');
  await waitForScreen(page, (s) => s.includes("kterm: syntax error near unexpected token `;;'"));
  await context.close();
});

test('history with the up arrow, line editing keys', async () => {
  const { page, context } = await openTerminal(browser);
  await typeLine(page, 'echo first');
  await waitForScreen(page, (s) => /^first$/m.test(s));
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('ond');
  await page.keyboard.press('Home');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await waitForScreen(page, (s) => /^fiond$/m.test(s));
  await context.close();
});

test('Ctrl-C drops the line and cancels a running command', async () => {
  const { page, context } = await openTerminal(browser);
  await page.keyboard.type('echo never');
  await page.keyboard.press('Control+C');
  await waitForScreen(page, (s) => s.includes('echo never^C'));
  await typeLine(page, 'sleep 30; echo after');
  await page.waitForTimeout(200);
  await page.keyboard.press('Control+C');
  await typeLine(page, 'echo $?');
  const text = await waitForScreen(page, (s) => /^130$/m.test(s));
  assert.doesNotMatch(text, /^after$/m);
  await context.close();
});

test('an unclosed quote continues on a > prompt', async () => {
  const { page, context } = await openTerminal(browser);
  await typeLine(page, "echo 'one");
  await waitForScreen(page, (s) => /^> $/m.test(s));
  await typeLine(page, "two'");
  await waitForScreen(page, (s) => /^one\ntwo$/m.test(s));
  await context.close();
});

test('files and history survive a reload of the tab, in sessionStorage only', async () => {
  const { page, context } = await openTerminal(browser);
  await typeLine(page, 'echo kept > notes.txt');
  await waitForScreen(page, (s) => (s.match(/\$ /g) || []).length >= 2);
  await page.reload();
  await page.waitForFunction(() => window.kterm && window.kterm.ready);
  await page.evaluate(() => window.kterm.ready);
  await typeLine(page, 'cat notes.txt');
  await waitForScreen(page, (s) => /^kept$/m.test(s));
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await waitForScreen(page, (s) => s.trimEnd().endsWith('$ echo kept > notes.txt'));
  const storage = await page.evaluate(() => ({
    local: localStorage.length,
    session: Object.keys(sessionStorage).sort(),
    cookies: document.cookie,
  }));
  // The variables and history in one entry, each file in its own.
  assert.deepEqual(storage, {
    local: 0,
    session: ['kterm.session.v2', 'kterm.session.v2.file:/home/user/notes.txt'],
    cookies: '',
  });
  await context.close();
});

test('window.kterm.run goes through the same engine and shows on screen', async () => {
  const { page, context } = await openTerminal(browser);
  const r = await page.evaluate(() => window.kterm.run('echo out; echo err >&2; false'));
  assert.deepEqual(r, { stdout: 'out\n', stderr: 'err\n', code: 1 });
  await waitForScreen(page, (s) => /\$ echo out; echo err >&2; false\nout\nerr\n/.test(s));
  await context.close();
});

test('Tab completes command names and file paths', async () => {
  const { page, context } = await openTerminal(browser);
  await page.evaluate(() => window.kterm.run('mkdir -p projects'));
  await page.keyboard.type('ech');
  await page.keyboard.press('Tab');
  await page.keyboard.type('done; ls proj');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitForScreen(page, (s) => s.includes('$ echo done; ls projects/\ndone\n'));
  await context.close();
});

test('KTerm.mount gives a host page its own terminal and the same handle', async () => {
  const { page, context } = await openTerminal(browser);
  const r = await page.evaluate(async () => {
    const el = document.createElement('div');
    el.style.height = '200px';
    document.body.appendChild(el);
    const handle = window.KTerm.mount(el, { theme: 'light', fontSize: 12 });
    await handle.ready;
    const result = await handle.run('echo mounted');
    return { result, hasLight: !!el.querySelector('.kterm-light'), screen: handle.screenText() };
  });
  assert.deepEqual(r.result, { stdout: 'mounted\n', stderr: '', code: 0 });
  assert.equal(r.hasLight, true);
  assert.match(r.screen, /\$ echo mounted\nmounted\n/);
  await context.close();
});

test('the IBM docs workflow typed into the terminal', async () => {
  const { page, context } = await openTerminal(browser);
  await typeLine(page, 'ibmcloud login --apikey demo-apikey -r us-south -g Default');
  await waitForScreen(page, (s) => s.includes('Resource group:   Default'));
  await waitForScreen(page, (s) => s.trimEnd().endsWith('~ (us-south) $'));
  await typeLine(page, 'ibmcloud target');
  await waitForScreen(page, (s) => (s.match(/Resource group:   Default/g) || []).length === 2);
  await typeLine(page, 'ibmcloud ks clusters');
  await waitForScreen(page, (s) => /^mycluster +cnvgf7md0b9ab3c5mcl0 +normal/m.test(s));
  await typeLine(page, 'ibmcloud ks cluster config --cluster mycluster');
  await waitForScreen(page, (s) => s.includes('Added context for mycluster to the current kubeconfig file.'));
  await typeLine(page, 'eval $(ibmcloud ks cluster config --export --cluster mycluster)');
  await typeLine(page, 'echo $KUBECONFIG');
  await waitForScreen(page, (s) => s.includes('/home/user/.bluemix/plugins/kubernetes-service/clusters/mycluster-cnvgf7md0b9ab3c5mcl0/kube-config-mycluster.yml'));
  await typeLine(page, 'kubectl version --short');
  await waitForScreen(page, (s) => s.includes('Client Version: v1.37.1\nServer Version: v1.36.3+IKS'));
  await waitForScreen(page, (s) => s.trimEnd().endsWith('~ (us-south | mycluster) $'));
  await typeLine(page, 'kubectl get pods');
  await waitForScreen(page, (s) => /^batch-worker-\S+ +0\/1 +CrashLoopBackOff +\d+ \([0-9hms]+ ago\)/m.test(s));
  await typeLine(page, 'history');
  const text = await waitForScreen(page, (s) => s.includes('--apikey ****'));
  assert.doesNotMatch(text.split('history')[1], /demo-apikey/);
  await context.close();
});
