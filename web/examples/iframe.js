// The host side of kterm's iframe protocol. The iframe loads
// /?embed=iframe, says {kterm:'loaded'}, and then obeys messages from this
// origin only, provided the terminal's server allows it to embed
// (kterm-server --embed-origins <this page's origin>; its own origin always
// may). ?terminal=URL points the iframe at another kterm origin;
// ?readOnly=true mounts it read-only.
import { consoleSession } from './demo-login.js';

const params = new URLSearchParams(location.search);
const terminal = new URL(params.get('terminal') ?? '/', location.href);
terminal.searchParams.set('embed', 'iframe');
const frame = document.getElementById('kterm-frame');
const list = document.getElementById('events');
window.ktermEvents = [];
const pending = new Map();
let nextId = 1;

function send(msg) {
  frame.contentWindow.postMessage(msg, terminal.origin);
}

/** Runs a line in the iframe's terminal: {stdout, stderr, code}. */
window.ktermRun = (line) => new Promise((resolve) => {
  const id = nextId++;
  pending.set(id, resolve);
  send({ kterm: 'run', id, line });
});

window.addEventListener('message', async (e) => {
  if (e.origin !== terminal.origin || e.source !== frame.contentWindow) return;
  const m = e.data;
  switch (m?.kterm) {
    case 'loaded':
      send({
        kterm: 'mount',
        options: {
          banner: 'kterm in an iframe',
          theme: 'dark',
          // Functions cannot cross postMessage: `getToken: true` makes the
          // iframe ask with {kterm:'getToken', id}.
          getToken: true,
          readOnly: params.get('readOnly') === 'true',
        },
      });
      break;
    case 'getToken':
      send({ kterm: 'token', id: m.id, token: await consoleSession() });
      break;
    case 'result':
      pending.get(m.id)?.(m);
      pending.delete(m.id);
      break;
    case 'event': {
      window.ktermEvents.push({ name: m.name, ...m.detail });
      const li = document.createElement('li');
      li.textContent = `${m.name} ${JSON.stringify(m.detail)}`;
      list.appendChild(li);
      break;
    }
    default:
      break;
  }
});

/** Closes the terminal: the iframe frees it and wipes its session. */
window.ktermDispose = () => send({ kterm: 'dispose' });

frame.src = terminal.href;
document.getElementById('run').addEventListener('click', () => window.ktermRun('echo hello from the host'));
