// Renders phone screenshots of real Vietnamese text for the OCR benchmark
// (bench/ocr_bench.sh): a Facebook-like post, a Zalo-like chat bubble and a
// plain note, light and dark, in three typefaces and four sizes, at device
// pixel ratios 2 and 3, as PNG (clean) and as JPEG at quality 35-55 after a
// 1.5x device scale (noisy: what a screenshot forwarded through chats looks
// like). Each image's truth is the text of the post alone; the card's name,
// time and counters are on the image but not in the truth.
//
//   node bench/ocr_screens.mjs CORPUS.jsonl OUT_DIR N [OFFSET]
// Writes OUT_DIR/*.png|jpg and OUT_DIR/manifest.jsonl:
//   {file, doc_id, truth, claim, layout, theme, font, size, dpr, noisy}
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require(new URL('../tests/e2e/web/node_modules/playwright-core', import.meta.url).pathname);

const [corpus, out, nArg, offArg] = process.argv.slice(2);
const N = Number(nArg || 60);
// OFFSET moves every pick: runs with different offsets share no article.
const OFFSET = Number(offArg || 0);
mkdirSync(out, { recursive: true });
const docs = readFileSync(corpus, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

// A deterministic choice of articles spread over the corpus, and variants.
let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const FONTS = ["'DejaVu Sans'", "'DejaVu Serif'", "'DejaVu Sans Condensed'"];
const SIZES = [14, 15, 17, 20];
const LAYOUTS = ['post', 'chat', 'note'];
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function page(layout, theme, font, size, text) {
  const dark = theme === 'dark';
  const bg = dark ? '#18191a' : '#ffffff', fg = dark ? '#e4e6eb' : '#050505', muted = dark ? '#b0b3b8' : '#65676b';
  const body = esc(text).replace(/\n/g, '<br>');
  let inner;
  if (layout === 'post') {
    inner = `<div style="display:flex;gap:8px;align-items:center"><div style="width:40px;height:40px;border-radius:50%;background:#8ab"></div>
      <div><div style="font-weight:bold">Tin Nóng 24h</div><div style="color:${muted};font-size:${size - 3}px">3 giờ · Công khai</div></div></div>
      <p style="margin:10px 0">${body}</p>
      <div style="color:${muted};font-size:${size - 2}px;border-top:1px solid ${muted};padding-top:6px">1,2K lượt thích · 348 bình luận · 96 lượt chia sẻ</div>`;
  } else if (layout === 'chat') {
    const bubble = dark ? '#3a3b3c' : '#e4e6eb';
    inner = `<div style="color:${muted};font-size:${size - 3}px;text-align:center;margin-bottom:8px">09:41 Hôm nay</div>
      <div style="background:${bubble};border-radius:16px;padding:8px 12px;max-width:85%">${body}</div>
      <div style="color:${muted};font-size:${size - 4}px;margin-top:4px">Đã xem</div>`;
  } else {
    inner = `<div>${body}</div>`;
  }
  return `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:${bg};color:${fg};
    font:${size}px ${font};line-height:1.35"><div style="padding:14px">${inner}</div></body></html>`;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
});
const manifest = [];
const step = Math.max(1, Math.floor(docs.length / N));
for (let i = OFFSET, made = 0; made < N && i < docs.length; i += step, ++made) {
  const d = docs[i];
  const sents = d.sentences || [];
  if (sents.length === 0) continue;
  // The rumour as shared: the lead sentence, sometimes with the next one.
  const claim = sents[0];
  const text = rnd() < 0.5 || sents.length < 2 ? claim : claim + ' ' + sents[1];
  const layout = LAYOUTS[made % 3], theme = made % 2 ? 'dark' : 'light', font = pick(FONTS), size = pick(SIZES);
  for (const noisy of [false, true]) {
    const dpr = noisy ? 1.5 : (rnd() < 0.5 ? 2 : 3);
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: dpr });
    const p = await ctx.newPage();
    await p.setContent(page(layout, theme, font, size, text));
    const file = `${String(made).padStart(4, '0')}-${noisy ? 'noisy.jpg' : 'clean.png'}`;
    const shot = { path: join(out, file), fullPage: true };
    if (noisy) Object.assign(shot, { type: 'jpeg', quality: 35 + Math.floor(rnd() * 21) });
    await p.screenshot(shot);
    await ctx.close();
    manifest.push({ file, doc_id: d.doc_id, truth: text, claim, layout, theme, font, size, dpr, noisy });
  }
}
await browser.close();
writeFileSync(join(out, 'manifest.jsonl'), manifest.map((m) => JSON.stringify(m)).join('\n') + '\n');
console.log(`${manifest.length} screenshots in ${out}`);
