// Every glyph drawn whole at common device pixel ratios: the terminal's
// rows clip what falls outside their cell, and with a line height of 1 an
// underscore of the fallback monospace font fell just below the cell at
// 1× (`foo_bar` read `foo bar`). Screenshots of the `_` cell are compared
// with the same cell holding a space, and the underscore's ink must lie
// inside the cell with a pixel row to spare below it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { launch, BASE, waitForScreen } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes). */
function decodePng(buf) {
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.equal(data[8], 8, 'bit depth');
      assert.equal(data[12], 0, 'interlace');
      channels = { 2: 3, 6: 4 }[data[9]];
      assert.ok(channels, `colour type ${data[9]}`);
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + x] = v & 0xff;
    }
  }
  return { width, height, channels, px };
}

/** Pixel rows holding ink: colours away from the cell's corner (background). */
function inkRows({ width, height, channels, px }) {
  const bg = [px[0], px[1], px[2]];
  const rows = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      const d = Math.abs(px[i] - bg[0]) + Math.abs(px[i + 1] - bg[1]) + Math.abs(px[i + 2] - bg[2]);
      if (d > 96) {
        rows.push(y);
        break;
      }
    }
  }
  return rows;
}

/** The screen box of character `index` of the row whose text is `text`, the row's full height. */
async function cellBox(page, text, index) {
  return page.evaluate(
    ([text, index]) => {
      const rows = [...document.querySelectorAll('#terminal .xterm-rows > div')];
      const row = rows.find((r) => r.textContent.trimEnd() === text);
      if (!row) return null;
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (index < seen + n.length) {
          const range = document.createRange();
          range.setStart(n, index - seen);
          range.setEnd(n, index - seen + 1);
          const c = range.getBoundingClientRect();
          const r = row.getBoundingClientRect();
          return { x: c.x, y: r.y, width: c.width, height: r.height };
        }
        seen += n.length;
      }
      return null;
    },
    [text, index],
  );
}

for (const scale of [1, 1.25, 1.5, 2]) {
  test(`an underscore is drawn whole at ${scale}×`, async () => {
    const context = await browser.newContext({ deviceScaleFactor: scale, viewport: { width: 900, height: 600 } });
    const page = await context.newPage();
    await page.goto(`${BASE}/`);
    await page.waitForFunction(() => window.kterm && window.kterm.ready);
    await page.evaluate(() => window.kterm.ready);
    await waitForScreen(page, (s) => s.includes('$ '));
    await page.evaluate(() => window.kterm.run('printf "foo_bar\\nfoo bar\\n"'));
    await waitForScreen(page, (s) => /^foo bar$/m.test(s));
    // Let xterm.js paint the frame.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const under = await cellBox(page, 'foo_bar', 3);
    const space = await cellBox(page, 'foo bar', 3);
    assert.ok(under && space, 'both rows are on screen');
    const shot = (box) => page.screenshot({ clip: box, animations: 'disabled', caret: 'hide' });
    const [a, b] = [await shot(under), await shot(space)];
    assert.notDeepEqual(a, b, `at ${scale}× the underscore's cell looks like a space's`);
    const png = decodePng(a);
    const ink = inkRows(png);
    assert.ok(ink.length > 0, `no ink in the underscore's cell at ${scale}×`);
    const last = ink[ink.length - 1];
    assert.ok(
      last < png.height - 1,
      `at ${scale}× the underscore reaches the cell's last pixel row (${last} of ${png.height}): it is cut off`,
    );
    // The other glyphs of the line are not cut at the top either.
    const f = decodePng(await shot(await cellBox(page, 'foo_bar', 0)));
    assert.ok(inkRows(f)[0] > 0, `at ${scale}× the 'f' touches the cell's top edge`);
    await context.close();
  });
}
