// A console page hosting kterm with KTerm.mount: the page's IAM session is
// handed over through getToken(), and the terminal's events are listed.
import { consoleSession, ktermLoaded } from './demo-login.js';

const KTerm = await ktermLoaded();
const params = new URLSearchParams(location.search);
let session = null;
const list = document.getElementById('events');
window.ktermEvents = [];

const handle = KTerm.mount(document.getElementById('console-terminal'), {
  banner: 'Welcome to the IBM Cloud Shell (kterm). You are logged in as the console user.',
  theme: params.get('theme') ?? undefined,
  fontSize: 13,
  screenReaderMode: params.get('screenReader') === 'true',
  storage: params.get('storage') ?? 'session',
  readOnly: params.get('readOnly') === 'true',
  // Asked before every command: the console keeps its session fresh.
  getToken: async () => {
    session ??= await consoleSession();
    return session;
  },
});
window.kterm = handle;

for (const name of ['ready', 'command-start', 'command-end', 'login', 'logout', 'title']) {
  handle.on(name, (detail) => {
    window.ktermEvents.push({ name, ...detail });
    const li = document.createElement('li');
    li.textContent = `${name} ${JSON.stringify(detail)}`;
    list.appendChild(li);
  });
}

document.getElementById('run-version').addEventListener('click', () => handle.run('ibmcloud target'));
document.getElementById('dispose').addEventListener('click', () => handle.dispose());
