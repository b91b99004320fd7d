// The dashboard in headless chromium: the JS shipped (gzipped) and the
// overview's time to interactive on loopback with a cold cache.
//
//   node bench/web_bench.mjs BASE_URL USER PASSWORD [RUNS=15]
//
// BASE_URL is a running `vox serve`. Each run is a new browser context (empty
// cache, the session cookie only): the time from navigation start until the
// overview has rendered its figures and <main> is no longer busy.
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const require = createRequire(new URL('../tests/e2e/web/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const [base, user, password, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 15);

for (const f of ['/app.js', '/app.css', '/']) {
  const body = Buffer.from(await (await fetch(base + f)).arrayBuffer());
  console.log(`${f}: ${body.length} bytes, ${gzipSync(body, { level: 9 }).length} gzipped`);
}
const r = await fetch(base + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ user, password }) });
if (!r.ok) throw new Error('sign-in: ' + r.status);
const token = /vox_session=([^;]+)/.exec(r.headers.get('set-cookie'))[1];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
// The peer, same run: the sign-in form (the same script and styles, no API
// answer to wait for but the session check), interleaved with the overview.
const times = { overview: [], signin: [] };
for (let i = 0; i < runs; i++) {
  for (const which of ['overview', 'signin']) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    if (which === 'overview') await context.addCookies([{ name: 'vox_session', value: token, url: base }]);
    const page = await context.newPage();
    await page.goto(base + '/#/');
    if (which === 'overview') {
      await page.waitForFunction(() => document.querySelector('#ov-volume') && !document.querySelector('main[aria-busy]'));
    } else {
      await page.waitForSelector('#login');
    }
    times[which].push(await page.evaluate(() => performance.now()));
    await context.close();
  }
}
await browser.close();
for (const [name, ts] of Object.entries(times)) {
  ts.sort((a, b) => a - b);
  const q = (f) => ts[Math.min(ts.length - 1, Math.floor(f * ts.length))].toFixed(0);
  console.log(`${name} interactive (cold cache, ${runs} runs): median ${q(0.5)} ms, p90 ${q(0.9)} ms, min ${ts[0].toFixed(0)} ms, max ${ts[ts.length - 1].toFixed(0)} ms`);
}
