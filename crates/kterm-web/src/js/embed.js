// DOM glue for embedding that is shorter in JavaScript than through
// web-sys: the <kterm-terminal> element, file pickers and downloads,
// events, and the iframe's postMessage bridge. wasm-bindgen ships this file
// as a module next to the bundle (no inline script, no eval).

/** The directory the bundle was loaded from (ends with `/`). */
export function bundleBase() {
  // wasm-bindgen serves this file as
  // <base>/snippets/<crate>-<hash>/src/js/embed.js: cut at /snippets/ so
  // moving the file within the crate cannot break the base.
  const url = import.meta.url;
  const at = url.lastIndexOf('/snippets/');
  return at >= 0 ? url.slice(0, at + 1) : new URL('./', url).href;
}

/** Adds the terminal's style sheets to the document once. */
export function ensureStyles() {
  for (const name of ['xterm.css', 'kterm.css']) {
    const href = new URL(name, bundleBase()).href;
    if ([...document.styleSheets].some((s) => s.href === href)) continue;
    if (document.querySelector(`link[data-kterm="${name}"]`)) continue;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.dataset.kterm = name;
    document.head.appendChild(link);
  }
}

/** Dispatches `kterm-<name>` on the element (bubbling, composed). */
export function dispatch(el, name, detail) {
  el.dispatchEvent(new CustomEvent(`kterm-${name}`, { detail, bubbles: true, composed: true }));
}

async function readAll(files) {
  const out = [];
  for (const f of files) out.push([f.name, new Uint8Array(await f.arrayBuffer())]);
  return out;
}

/** Opens the file picker: [[name, bytes]…], empty when closed without a choice. */
export function pickFiles() {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.addEventListener('change', () => resolve(readAll(input.files)), { once: true });
    input.addEventListener('cancel', () => resolve([]), { once: true });
    input.click();
  });
}

/** The files of a drop event: [[name, bytes]…]. */
export function droppedFiles(event) {
  return readAll(event.dataTransfer ? event.dataTransfer.files : []);
}

/** Saves bytes as a download; the object URL is revoked once the download has started. */
export function saveFile(name, bytes) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Options from <kterm-terminal>'s attributes, over its `options` property. */
function elementOptions(el) {
  const o = { ...(el.options || {}) };
  const attr = (name) => el.getAttribute(name);
  const flag = (name) => el.hasAttribute(name) && attr(name) !== 'false';
  if (attr('theme')) o.theme = attr('theme');
  if (attr('font-size')) o.fontSize = Number(attr('font-size'));
  if (attr('font-family')) o.fontFamily = attr('font-family');
  if (attr('banner')) o.banner = attr('banner');
  if (attr('endpoint')) o.endpoints = attr('endpoint');
  if (attr('storage')) o.storage = attr('storage');
  if (attr('command')) o.commands = [attr('command')];
  if (el.hasAttribute('read-only')) o.readOnly = flag('read-only');
  if (el.hasAttribute('screen-reader')) o.screenReaderMode = flag('screen-reader');
  const ctx = { ...(o.context || {}) };
  for (const [a, k] of [['account', 'account'], ['region', 'region'],
    ['resource-group', 'resourceGroup'], ['cluster', 'cluster'], ['namespace', 'namespace']]) {
    if (attr(a)) ctx[k] = attr(a);
  }
  o.context = ctx;
  return o;
}

/** Defines <kterm-terminal>; `mount(el, options)` returns the handle. */
export function defineElement(mount) {
  if (customElements.get('kterm-terminal')) return;
  customElements.define('kterm-terminal', class extends HTMLElement {
    connectedCallback() {
      if (this.kterm) return;
      if (!this.style.display) this.style.display = 'block';
      this.kterm = mount(this, elementOptions(this));
    }
    disconnectedCallback() {
      const k = this.kterm;
      this.kterm = null;
      if (k) k.dispose();
    }
  });
}

/**
 * Iframe mode: the origins that may drive the terminal are the page's own
 * and those the server was configured with (`kterm-server
 * --embed-origins`, served as kterm-config.json next to the bundle; the
 * server also sends the matching `frame-ancestors`). The page's URL has
 * no say: a `?allowedOrigins=` there is ignored with a warning.
 */
export function iframeFromServer(el, mount) {
  if (new URLSearchParams(location.search).has('allowedOrigins')) {
    console.warn('kterm: ?allowedOrigins= is ignored; the origins that may embed the terminal are the server\'s to configure (kterm-server --embed-origins)');
  }
  fetch(new URL('kterm-config.json', bundleBase()), { cache: 'no-cache', credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}))
    .then((config) => {
      const listed = Array.isArray(config?.embedOrigins) ? config.embedOrigins : [];
      const origins = listed.filter((o) => typeof o === 'string' && o !== '*' && o !== 'null');
      iframeBridge([location.origin, ...origins], el, mount);
    });
}

/**
 * The iframe side of the postMessage protocol. Only windows whose origin is
 * in `allowed` are heard; replies and events go to the origin that mounted.
 * Messages: {kterm:'mount', options} first, then {kterm:'run', id, line},
 * {kterm:'write', data}, {kterm:'focus'}, {kterm:'resize', cols, rows},
 * {kterm:'token', id, token} (answer to a 'getToken' request), {kterm:'dispose'}.
 * Sent: {kterm:'event', name, detail}, {kterm:'result', id, …},
 * {kterm:'getToken', id}, {kterm:'error', id, message}.
 */
export function iframeBridge(allowed, el, mount) {
  let handle = null;
  let parentOrigin = null;
  let source = null;
  let nextId = 1;
  const waiting = new Map();
  const post = (msg) => source && source.postMessage(msg, parentOrigin);
  const onMessage = async (e) => {
    if (!allowed.includes(e.origin)) {
      console.warn(`kterm: ignored a message from ${e.origin}, which is not an allowed origin`);
      return;
    }
    const m = e.data;
    if (!m || typeof m !== 'object' || typeof m.kterm !== 'string') return;
    if (m.kterm === 'mount') {
      if (handle) return;
      parentOrigin = e.origin;
      source = e.source;
      const options = { ...(m.options || {}) };
      if (options.getToken) {
        options.getToken = () => new Promise((resolve) => {
          const id = nextId++;
          waiting.set(id, resolve);
          post({ kterm: 'getToken', id });
        });
      }
      handle = mount(el, options);
      window.kterm = handle;
      for (const name of ['ready', 'command-start', 'command-end', 'login', 'logout', 'title']) {
        handle.on(name, (detail) => post({ kterm: 'event', name, detail }));
      }
      return;
    }
    if (!handle || e.origin !== parentOrigin) return;
    try {
      switch (m.kterm) {
        case 'run': {
          const r = await handle.run(String(m.line));
          post({ kterm: 'result', id: m.id, ...r });
          break;
        }
        case 'token': {
          const resolve = waiting.get(m.id);
          waiting.delete(m.id);
          if (resolve) resolve(m.token);
          break;
        }
        case 'write': handle.write(String(m.data)); break;
        case 'focus': handle.focus(); break;
        case 'resize': handle.resize(m.cols, m.rows); break;
        case 'dispose':
          handle.dispose();
          window.removeEventListener('message', onMessage);
          break;
        default: break;
      }
    } catch (err) {
      post({ kterm: 'error', id: m.id, message: String(err) });
    }
  };
  window.addEventListener('message', onMessage);
  // Tell the embedding page we listen; only an allowed origin receives it.
  if (window.parent !== window) {
    for (const origin of allowed) {
      try {
        window.parent.postMessage({ kterm: 'loaded' }, origin);
      } catch {
        // Not a valid origin: nobody to tell.
      }
    }
  }
}
