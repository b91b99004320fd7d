// End-to-end test of the web page in a real browser: Debian's chromium driven
// by playwright-core, against `vox serve` on loopback with a demo store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const VOX = process.env.VOX_BIN;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
let dir, server, browser, base;

before(async () => {
  assert.ok(VOX, 'set VOX_BIN to the vox binary');
  dir = mkdtempSync(join(tmpdir(), 'vox-web-'));
  const db = join(dir, 'web.db');
  execFileSync(VOX, ['--db', db, 'demo', '--no-serve', '--items', '3000'], { stdio: 'ignore' });
  // A hostile item: markup in text must be shown as text, never run.
  writeFileSync(join(dir, 'x.jsonl'),
    JSON.stringify({ id: 'xss', source: 'web-test', text: 'xsstest <img src=x onerror="window.pwned=1"> <b>đậm</b>',
                     published_at: '2026-10-02T08:00:00+07:00' }) + '\n');
  execFileSync(VOX, ['--db', db, 'ingest', join(dir, 'x.jsonl')], { stdio: 'ignore' });
  server = spawn(VOX, ['--db', db, 'serve', '--listen', '127.0.0.1:0']);
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/[0-9.]+:\d+/);
      if (m) resolve(m[0]);
    });
    server.on('exit', (code) => reject(new Error(`vox serve exited ${code}`)));
    setTimeout(() => reject(new Error('vox serve did not start')), 10000);
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the page shows what the store holds', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.waitForFunction(() => /\d+ mục/.test(document.querySelector('#stats').textContent));
  const stats = await page.textContent('#stats');
  assert.match(stats, /nguồn/);
  assert.doesNotMatch(stats, /undefined|NaN/);
  await page.close();
});

test('an accentless query finds accented text and highlights it', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.fill('#q', 'mat dien');
  await page.press('#q', 'Enter');
  await page.waitForSelector('#results li');
  const n = await page.locator('#results li').count();
  assert.ok(n >= 1, 'results listed');
  const marked = await page.locator('#results li mark').allTextContents();
  assert.ok(marked.some((t) => /^(mất|mat|Mất|Mat|MẤT)$/.test(t)), `highlights: ${marked.slice(0, 5)}`);
  await page.screenshot({ path: join(dir, 'search.png') });
  await page.close();
});

test('markup inside items is shown as text, never executed', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.fill('#q', 'xsstest');
  await page.press('#q', 'Enter');
  await page.waitForSelector('#results li');
  const text = await page.textContent('#results li');
  assert.match(text, /<img src=x/);
  assert.equal(await page.locator('#results img').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.close();
});

test('a query with only exclusions explains itself', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.fill('#q', '-mua');
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => document.querySelector('#results').textContent.length > 0);
  assert.match(await page.textContent('#results'), /excluded/);
  await page.close();
});
