// A cluster's page: <kterm-terminal> with the context preset to the cluster
// (target region and resource group, `ks cluster config`, the namespace),
// read-only, and the page's IAM session handed over as `options.session`.
import { consoleSession } from './demo-login.js';

const session = await consoleSession();
const tpl = document.getElementById('terminal-template');
const el = tpl.content.firstElementChild.cloneNode(true);
// Options that are not attributes go on the `options` property before the
// element is connected.
el.options = { session };
el.addEventListener('kterm-ready', () => {
  window.kterm = el.kterm;
});
document.getElementById('slot').appendChild(el);
