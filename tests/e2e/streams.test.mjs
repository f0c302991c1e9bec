// kubectl's streaming commands in a real browser, typed with the keyboard:
// `get -w` and `logs -f` run until Ctrl-C, `exec -it` is a raw TTY into
// the sandbox's container shell that `exit` ends. The session survives each.
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

/// The IBM docs steps: log in and target mycluster.
async function loggedIn() {
  const t = await openTerminal(browser);
  await typeLine(t.page, 'ibmcloud login --apikey demo-apikey -r us-south -g Default');
  await waitForScreen(t.page, (s) => s.trimEnd().endsWith('~ (us-south) $'), 20000);
  await typeLine(t.page, 'ibmcloud ks cluster config --cluster mycluster');
  await waitForScreen(t.page, (s) => s.trimEnd().endsWith('~ (us-south | mycluster) $'), 20000);
  return t;
}

const PROMPT_AT_END = (s) => s.trimEnd().endsWith('~ (us-south | mycluster) $');

test('kubectl get -w streams rows until Ctrl-C', async () => {
  const { page, context, errors } = await loggedIn();
  // kubectl exits 1 on Ctrl-C once its watch is open, and dies of the
  // signal (130) before: the watch's -v=6 log line says it is open, so
  // Ctrl-C comes after it, whatever the machine's load.
  await typeLine(page, 'kubectl get configmaps -w -v=6');
  await waitForScreen(page, (s) => /^NAME +DATA +AGE$/m.test(s) && /^kube-root-ca\.crt +1 +/m.test(s), 20000);
  // (The screen text breaks long lines where the terminal wraps them.)
  await waitForScreen(page, (s) => /"Response" verb="GET" url="\S+watch=true" status="200 OK"/.test(s.replace(/\n/g, '')), 20000);
  await page.keyboard.press('Control+C');
  const text = await waitForScreen(page, (s) => s.includes('^C') && PROMPT_AT_END(s));
  assert.doesNotMatch(text, /panicked|RuntimeError/);
  await typeLine(page, 'echo status $?');
  await waitForScreen(page, (s) => /^status 1$/m.test(s));
  assert.deepEqual(errors, []);
  await context.close();
});

test('kubectl logs -f follows until Ctrl-C', async () => {
  const { page, context, errors } = await loggedIn();
  await typeLine(page, 'kubectl logs -f deploy/web --tail 3');
  await waitForScreen(page, (s) => /^Found 3 pods, using pod\/web-/m.test(s) && /"GET \S+ HTTP\/1\.1" \d{3} /.test(s));
  await page.keyboard.press('Control+C');
  await waitForScreen(page, (s) => s.includes('^C') && PROMPT_AT_END(s));
  // The session is intact: the login and the context are still there.
  await typeLine(page, 'kubectl config current-context');
  await waitForScreen(page, (s) => /^mycluster\/cnvgf7md0b9ab3c5mcl0$/m.test(s));
  assert.deepEqual(errors, []);
  await context.close();
});

test('kubectl exec -it is a raw TTY into the container; exit ends it', async () => {
  const { page, context, errors } = await loggedIn();
  await typeLine(page, 'kubectl exec -it deploy/web -- sh');
  await waitForScreen(page, (s) => /root@web-\S+:\/# $/.test(s.trimEnd() + ' '));
  await typeLine(page, 'hostname');
  await waitForScreen(page, (s) => /^root@(web-\S+):\/# hostname\n\1$/m.test(s));
  await typeLine(page, 'exit 3');
  await waitForScreen(page, (s) => s.includes('command terminated with exit code 3') && PROMPT_AT_END(s));
  await typeLine(page, 'echo status $?');
  await waitForScreen(page, (s) => /^status 3$/m.test(s));
  assert.deepEqual(errors, []);
  await context.close();
});
