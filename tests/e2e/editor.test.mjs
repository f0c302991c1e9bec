// The full-screen editor in a real browser: vi, nano and kubectl edit,
// typed with the keyboard and read from the screen (the alternate screen
// while editing, the normal one after).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openTerminal, waitForScreen, typeLine } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('vi: insert text, :wq, and the file is saved', async () => {
  const { page, context, errors } = await openTerminal(browser);
  await typeLine(page, 'vi /tmp/x');
  await waitForScreen(page, (s) => s.includes('"/tmp/x" [New]'));
  await page.keyboard.press('i');
  await waitForScreen(page, (s) => s.includes('-- INSERT --'));
  await page.keyboard.type('hello from vi');
  await page.keyboard.press('Enter');
  await page.keyboard.type('second line');
  await page.keyboard.press('Escape');
  await waitForScreen(page, (s) => !s.includes('-- INSERT --'));
  await typeLine(page, ':wq');
  // Back on the main screen, the prompt follows the command line directly.
  await waitForScreen(page, (s) => /\$ vi \/tmp\/x\n~ \$ $/.test(s.trimEnd() + ' '));
  await typeLine(page, 'cat /tmp/x');
  const text = await waitForScreen(page, (s) => /^second line$/m.test(s));
  assert.match(text, /\$ cat \/tmp\/x\nhello from vi\nsecond line\n~ \$ /);
  assert.deepEqual(errors, []);
  await context.close();
});

test('vi: Ctrl-C is a key, :q! leaves the file as it was', async () => {
  const { page, context } = await openTerminal(browser);
  await typeLine(page, 'echo original > f.txt');
  await typeLine(page, 'vi f.txt');
  await waitForScreen(page, (s) => s.includes('"f.txt" 1L, 9B'));
  await page.keyboard.press('x');
  await page.keyboard.press('Control+C');
  await waitForScreen(page, (s) => s.includes('Type  :qa!  and press <Enter> to abandon all changes and exit Vim'));
  await typeLine(page, ':q');
  await waitForScreen(page, (s) => s.includes('E37: No write since last change (add ! to override)'));
  await typeLine(page, ':q!');
  await typeLine(page, 'cat f.txt; echo status $?');
  await waitForScreen(page, (s) => /^original\nstatus 0$/m.test(s));
  await context.close();
});

test('nano: Ctrl-S saves, Ctrl-X leaves', async () => {
  const { page, context } = await openTerminal(browser);
  await typeLine(page, 'nano /tmp/todo');
  await waitForScreen(page, (s) => s.includes('GNU nano') && s.includes('[ New File ]'));
  await page.keyboard.type('buy milk');
  await page.keyboard.press('Enter');
  await page.keyboard.type('call home');
  await page.keyboard.press('Control+S');
  await waitForScreen(page, (s) => s.includes('[ Wrote 2 lines ]'));
  await page.keyboard.press('Control+X');
  await waitForScreen(page, (s) => /\$ nano \/tmp\/todo\n~ \$ $/.test(s.trimEnd() + ' '));
  await typeLine(page, 'cat /tmp/todo');
  await waitForScreen(page, (s) => /^buy milk\ncall home\n~ \$ $/m.test(s.trimEnd() + ' '));
  await context.close();
});

test('nano: Ctrl-X on a changed buffer asks, Y and Enter save', async () => {
  const { page, context } = await openTerminal(browser);
  await typeLine(page, 'nano todo.txt');
  await waitForScreen(page, (s) => s.includes('GNU nano') && s.includes('[ New File ]'));
  await page.keyboard.type('buy milk');
  await page.keyboard.press('Control+X');
  await waitForScreen(page, (s) => s.includes('Save modified buffer?'));
  await page.keyboard.press('y');
  await waitForScreen(page, (s) => s.includes('File Name to Write: todo.txt'));
  await page.keyboard.press('Enter');
  await waitForScreen(page, (s) => /\$ nano todo\.txt\n~ \$ $/.test(s.trimEnd() + ' '));
  await typeLine(page, 'cat todo.txt');
  await waitForScreen(page, (s) => /^buy milk$/m.test(s));
  await context.close();
});

test('kubectl edit: an invalid change reopens with the reason, a valid one is applied', async () => {
  const { page, context } = await openTerminal(browser);
  // The IBM docs flow: log in, target the cluster.
  await typeLine(page, 'ibmcloud login --apikey demo-apikey -r us-south -g Default');
  await waitForScreen(page, (s) => s.trimEnd().endsWith('~ (us-south) $'));
  await typeLine(page, 'ibmcloud ks cluster config --cluster mycluster');
  await waitForScreen(page, (s) => s.includes('Added context for mycluster'));
  await waitForScreen(page, (s) => s.trimEnd().endsWith('$'));
  await typeLine(page, 'kubectl edit deployment/web');
  await waitForScreen(page, (s) => s.includes("# Please edit the object below. Lines beginning with a '#' will be ignored,"));
  // spec.replicas (indented two spaces) comes before status: the search
  // finds it whatever it is now.
  await typeLine(page, '/  replicas: ');
  await page.keyboard.press('$');
  await page.keyboard.press('Shift+C');
  await page.keyboard.type('-1');
  await page.keyboard.press('Escape');
  await typeLine(page, ':wq');
  // kubectl reopens the edited file with the server's reasons on top.
  await waitForScreen(page, (s) => s.includes('# deployments.apps "web" was not valid:'));
  await waitForScreen(page, (s) => s.includes('# * spec.replicas: Invalid value: -1: must be greater than or equal to 0'));
  await typeLine(page, '/replicas: -1');
  await page.keyboard.press('$');
  await page.keyboard.press('x');
  await page.keyboard.press('r');
  await page.keyboard.press('4');
  await typeLine(page, ':wq');
  // As kubectl: the failed attempt's error, then the success.
  await waitForScreen(page, (s) => /\$ kubectl edit deployment\/web\nerror: deployments\.apps "web" is invalid\ndeployment\.apps\/web edited\n/.test(s));
  await typeLine(page, 'kubectl get deploy web -o yaml | grep "^  replicas:"');
  await waitForScreen(page, (s) => /grep "\^  replicas:"\n  replicas: 4\n/.test(s));
  // Put it back (the fixture has 3) for the tests that follow.
  await typeLine(page, 'clear');
  await typeLine(page, 'kubectl edit deploy web');
  await waitForScreen(page, (s) => s.includes("# Please edit the object below."));
  await typeLine(page, '/  replicas: 4');
  await page.keyboard.press('$');
  await page.keyboard.press('r');
  await page.keyboard.press('3');
  await typeLine(page, ':wq');
  await waitForScreen(page, (s) => /\$ kubectl edit deploy web\ndeployment\.apps\/web edited\n/.test(s));
  await typeLine(page, 'kubectl get deploy web -o yaml | grep "^  replicas:"');
  await waitForScreen(page, (s) => /grep "\^  replicas:"\n  replicas: 3\n/.test(s));
  // Leaving without a change edits nothing.
  await typeLine(page, 'kubectl edit deploy web');
  await waitForScreen(page, (s) => s.includes("# Please edit the object below."));
  await typeLine(page, ':q');
  await waitForScreen(page, (s) => /^Edit cancelled, no changes made\.$/m.test(s));
  await context.close();
});
