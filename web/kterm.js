// kterm's loader: the one script a page includes
// (<script type="module" src=".../kterm.js">). It loads the wasm bundle from
// next to itself; the bundle then defines window.KTerm and <kterm-terminal>,
// and mounts the terminal into #terminal if the page has one.
import init from './kterm-web.js';

await init({ module_or_path: new URL('./kterm-web_bg.wasm', import.meta.url) });
window.dispatchEvent(new Event('kterm-loaded'));
