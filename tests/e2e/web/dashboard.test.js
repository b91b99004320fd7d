// End-to-end tests of the dashboard (web/) in a real browser: Debian's
// chromium driven by playwright-core, against `vox serve` on loopback with the
// demo town's month (vox demo). Each screen is checked with axe-core (no
// serious or critical violation) and photographed at desktop (1366x768) and
// phone (390x844) size into build/test-output/web/ (kept as test output).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const VOX = process.env.VOX_BIN;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUT = process.env.VOX_TEST_OUTPUT || join(here, '..', '..', '..', 'build', 'test-output', 'web');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
let dir, db, server, browser, base, password, hook;
const HOOK_SECRET = 'web-test-hook-secret-never-shown';

before(async () => {
  assert.ok(VOX, 'set VOX_BIN to the vox binary');
  mkdirSync(OUT, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'vox-web-'));
  db = join(dir, 'web.db');
  const out = execFileSync(VOX, ['--db', db, 'demo', '--no-serve', '--items', '3000'], { encoding: 'utf8' });
  password = /user admin, password (\S+)/.exec(out)?.[1];
  assert.ok(password, 'the demo prints the admin sign-in');
  // A hostile item: markup in text must be shown as text, never run.
  writeFileSync(join(dir, 'x.jsonl'),
    JSON.stringify({ id: 'xss', source: 'web-test', text: 'xsstest <img src=x onerror="window.pwned=1"> <b>đậm</b>',
                     published_at: '2026-10-02T08:00:00+07:00' }) + '\n');
  execFileSync(VOX, ['--db', db, 'ingest', join(dir, 'x.jsonl')], { stdio: 'ignore' });
  // The viewer's password, to see what a read-only role is offered.
  execFileSync(VOX, ['--db', db, 'user', 'passwd', 'demo-viewer'], { input: 'viewer-pass-123\nviewer-pass-123\n', stdio: ['pipe', 'ignore', 'ignore'] });
  // An outgoing webhook that refuses every delivery: the publishing screen
  // shows the failed sends with its message.
  hook = createServer((req, res) => { req.resume(); res.writeHead(400, { 'Content-Type': 'text/plain' }); res.end('hook refuses this test'); });
  await new Promise((resolve) => hook.listen(0, '127.0.0.1', resolve));
  writeFileSync(join(dir, 'hook-secret'), HOOK_SECRET + '\n');
  execFileSync(VOX, ['--db', db, 'settings', 'set', 'webhook.url', `http://127.0.0.1:${hook.address().port}/hook`], { stdio: 'ignore' });
  execFileSync(VOX, ['--db', db, 'settings', 'set', 'webhook.secret', '--from-file', join(dir, 'hook-secret')], { stdio: 'ignore' });
  server = spawn(VOX, ['--db', db, 'serve', '--listen', '127.0.0.1:0']);
  base = await new Promise((resolve, reject) => {
    let s = '';
    server.stdout.on('data', (d) => {
      s += d;
      const m = s.match(/http:\/\/[0-9.]+:\d+/);
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
  if (hook) hook.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// A page whose console errors, page errors and CSP violations are collected.
// The one expected error: the unsigned-in GET /api/v1/session (401) before
// signing in, which chromium logs as a failed resource.
async function open(viewport, opts = {}) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', ...opts });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/Failed to load resource.*401/.test(m.text()) && /\/api\/v1\/session$/.test(m.location().url)) return;
    page.errors.push(m.text() + ' @ ' + m.location().url);
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

async function signIn(page, user = 'admin', pass = password) {
  await page.goto(base + '/');
  await page.fill('#login input[name=user]', user);
  await page.fill('#login input[name=password]', pass);
  await page.press('#login input[name=password]', 'Enter');
  await page.waitForSelector('#signout');
}

async function settled(page) {
  await page.waitForFunction(() => {
    const m = document.querySelector('main');
    return m && !m.hasAttribute('aria-busy');
  });
}

async function shot(page, name) {
  await page.waitForTimeout(150);  // the charts draw on the next frame
  await page.screenshot({ path: join(OUT, name + '.png'), fullPage: false });
}

async function axe(page, name) {
  await page.addScriptTag({ path: AXE });
  const r = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
}

async function visit(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await settled(page);
}

// The key flows: sign in, read the overview, open a rising story, open a case
// from it, assign it, draft the answers, approve, publish; search without
// diacritics. At both sizes, with the policy (CSP) enforced.
async function keyFlows(viewport, tag) {
  const page = await open(viewport);
  await signIn(page);
  await settled(page);
  // The overview: volume, rising stories explained by items and sources, cases by unit.
  const volume = await page.textContent('#ov-volume');
  assert.match(volume, /\d+ bài hôm nay; bình thường [\d,]+ bài\/ngày/);
  const rising = page.locator('#ov-rising ol.rising li').first();
  const why = await rising.locator('.why').textContent();
  assert.match(why, /^\d+ bài từ \d+ nguồn trong [\d,]+ giờ; bình thường [\d,]+$/);
  assert.doesNotMatch(await page.textContent('main'), /undefined|NaN|người viết/);
  assert.match(await page.textContent('#ov-cases'), /\d+ đang mở · \d+ sắp đến hạn · \d+ quá hạn/);
  // Open the first rising story.
  const label = (await rising.locator('a').textContent()).trim();
  await rising.locator('a').click();
  await settled(page);
  assert.equal((await page.textContent('main h1')).trim(), label);
  assert.ok(await page.locator('.chart canvas').count() >= 1, 'the story has its timeline chart');
  assert.ok(await page.locator('ul.items li').count() >= 1, 'sample items');
  // Open a case from the story.
  await page.selectOption('#open-case select[name=kind]', 'rumour');
  await page.fill('#open-case input[name=title]', `Kiểm tra (${tag}): ${label.slice(0, 60)}`);
  await page.click('#open-case button[type=submit]');
  await page.waitForURL(/#\/cases\/\d+$/);
  await settled(page);
  const caseUrl = page.url();
  assert.match(await page.textContent('#case-state'), /mới/);
  // Assign it to a unit.
  const unit = await page.locator('#assign select option').nth(1).textContent();
  await page.selectOption('#assign select', { label: unit });
  await page.click('#assign button[type=submit]');
  await page.waitForFunction(() => /đã giao/.test(document.querySelector('#case-state')?.textContent ?? ''));
  assert.equal((await page.textContent('#case-unit')).trim(), unit.trim());
  // Draft the answers, then mark it answered.
  await page.fill('#answer textarea[name=internal_answer]', 'Đơn vị đã xác minh: thông tin chưa chính xác.');
  await page.fill('#answer textarea[name=public_answer]', 'Thông tin lan truyền là không đúng; UBND đã làm việc với đơn vị liên quan.');
  await page.click('#answer button[value=draft]');
  await page.waitForFunction(() => /Đã lưu/.test(document.querySelector('main .msg')?.textContent ?? ''));
  assert.equal(await page.inputValue('#answer textarea[name=public_answer]'),
               'Thông tin lan truyền là không đúng; UBND đã làm việc với đơn vị liên quan.');
  await page.click('#mark-answered');
  await page.waitForFunction(() => /đã trả lời/.test(document.querySelector('#case-state')?.textContent ?? ''));
  // Approve, then publish.
  await page.click('#approve');
  await page.waitForFunction(() => /đã được duyệt/.test(document.querySelector('#approval')?.textContent ?? ''));
  await page.check('#publish-to input[value=feed]');
  await page.check('#publish-to input[value=webhook]');
  await page.locator('#publish-to').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(OUT, `${page.viewportSize().width < 500 ? 'phone' : 'desktop'}-publish.png`) });
  await page.click('#publish');
  await page.waitForFunction(() => /đã công bố/.test(document.querySelector('#case-state')?.textContent ?? ''));
  // Published to the public feed: the answer's public page and the Atom feed have it.
  assert.match(await page.textContent('#case-sends'), /Trang trả lời công khai/);
  const caseId = caseUrl.split('/').pop();
  const pubPage = await page.request.get(`${base}/tra-loi/${caseId}`);
  assert.equal(pubPage.status(), 200);
  assert.ok((await pubPage.text()).includes('UBND đã làm việc với đơn vị liên quan'));
  const atom = await (await page.request.get(`${base}/feeds/answers.atom`)).text();
  assert.ok(atom.includes(`/tra-loi/${caseId}`), 'the Atom feed lists the answer');
  // The published case shows how its story spread around the answer.
  await page.waitForSelector('#case-reach');
  assert.match(await page.textContent('#case-reach'), /Câu chuyện: \d+ bài từ \d+ người/);
  await page.locator('#case-reach').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(OUT, `${page.viewportSize().width < 500 ? 'phone' : 'desktop'}-published-case.png`) });
  // The history recorded each step.
  const history = await page.textContent('ol.history');
  for (const s of ['đã giao', 'đã trả lời', 'đã công bố']) assert.ok(history.includes(s), `history has ${s}: ${history}`);
  // The story's page lists its new case.
  const storyHref = await page.getAttribute('#case-state ~ dd a[href^="#/stories/"]', 'href').catch(() => null)
    ?? await page.locator('dd a[href^="#/stories/"]').getAttribute('href');
  await visit(page, storyHref.slice(1));
  assert.match(await page.textContent('#story-cases'), new RegExp(`Kiểm tra \\(${tag}\\)`));
  // Search typed without diacritics finds accented text and highlights it.
  await visit(page, '/search');
  await page.fill('#search input[name=q]', 'mat dien');
  await page.press('#search input[name=q]', 'Enter');
  await page.waitForSelector('ol.results li mark');
  const marked = await page.locator('ol.results mark').allTextContents();
  assert.ok(marked.some((m) => /^(mất|Mất|MẤT|điện|Điện)$/.test(m)), `highlights: ${marked.slice(0, 6)}`);
  // Keyboard: on a fresh load the skip link is the first stop, then the
  // brand, then the menu; Enter on a menu entry opens its screen.
  await page.goto(base + '/#/');
  await page.reload();
  await settled(page);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), '#/stories');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/stories$/);
  // The list is read from the server: wait for its rows (a loaded machine
  // may take longer than the page's first paint).
  await page.waitForSelector('table.stories tbody tr', { timeout: 30000 });
  assert.ok(await page.locator('table.stories tbody tr').count() > 0);
  assert.deepEqual(page.errors, [], 'no console errors, no CSP violations');
  await page.context().close();
  return caseUrl;
}

test('key flows at desktop size (1366x768)', async () => { await keyFlows(DESKTOP, 'desktop'); });
test('key flows at phone size (390x844)', async () => { await keyFlows(PHONE, 'phone'); });

// Confirm a fact-check match from the dashboard: the row shows the new state,
// the API lists it as accepted, the audit log has it, and `vox match
// calibrate` counts it among the decisions it learns from. Then reject one.
test('confirm a fact-check match', async () => {
  const calibrate = () => JSON.parse(execFileSync(VOX, ['--db', db, 'match', 'calibrate', '--json', '--dry-run'], { encoding: 'utf8' }));
  const before = calibrate();
  const page = await open(DESKTOP);
  await signIn(page);
  await visit(page, '/factchecks');
  const rows = page.locator('main table tbody tr').filter({ has: page.locator('button') });
  assert.ok(await rows.count() >= 2, 'the demo has matches waiting');
  const row = rows.first();
  const [source, item] = (await row.locator('td').first().textContent()).split(' · ');
  const factcheck = await row.locator('td').nth(1).textContent();
  await row.locator('button', { hasText: 'Xác nhận' }).click();
  await page.waitForFunction(([s, i]) => [...document.querySelectorAll('main table tbody tr')].some((tr) =>
    tr.cells[0].textContent === `${s} · ${i}` && /đã xác nhận/.test(tr.cells[3].textContent)), [source, item]);
  const accepted = await page.evaluate(async () => (await (await fetch('/api/v1/matches?state=accepted')).json()));
  assert.ok(accepted.some((m) => m.source === source && m.item_id === item && m.factcheck_id === factcheck), 'accepted through the API');
  const audit = await page.evaluate(async () => {
    const all = [];
    for (let after = ''; ;) {
      const r = await fetch('/api/v1/audit?limit=1000' + after);
      all.push(...await r.json());
      const next = r.headers.get('X-Next-Cursor');
      if (!next) return all;
      after = '&after=' + next;
    }
  });
  assert.ok(JSON.stringify(audit).includes(`match:${source}/${item}/${factcheck}`), 'audited');
  // Reject the next one.
  const next = page.locator('main table tbody tr').filter({ has: page.locator('button') }).first();
  await next.locator('button', { hasText: 'Bác bỏ' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('main table tbody tr .state')].some((e) => /đã bác/.test(e.textContent)));
  const after = calibrate();
  assert.equal(after.accepted, before.accepted + 1);
  assert.equal(after.rejected, before.rejected + 1);
  assert.deepEqual(page.errors, [], 'no console errors, no CSP violations');
  await page.context().close();
});

test('markup inside items is shown as text, never executed', async () => {
  const page = await open(DESKTOP);
  await signIn(page);
  await visit(page, '/search?q=xsstest');
  await page.waitForSelector('ol.results li');
  assert.match(await page.textContent('ol.results li'), /<img src=x/);
  assert.equal(await page.locator('ol.results img').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a read-only role is offered no action on a case', async () => {
  const page = await open(DESKTOP);
  await signIn(page, 'demo-viewer', 'viewer-pass-123');
  await visit(page, '/cases');
  await page.locator('.board a').first().click();
  await settled(page);
  assert.equal(await page.locator('#assign, #answer, #approve, #publish, #comment').count(), 0);
  assert.match(await page.textContent('#case-actions'), /chỉ được xem/);
  await page.context().close();
});

test('English is one click away and every screen says it in English', async () => {
  const page = await open(DESKTOP);
  await signIn(page);
  await page.click('header button[lang=en]');
  await settled(page);
  assert.match(await page.textContent('main h1'), /^Today, /);
  assert.match(await page.textContent('header nav'), /Stories.*Search.*Cases/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.click('header button[lang=vi]');
  await settled(page);
  assert.match(await page.textContent('main h1'), /^Hôm nay, /);
  await page.context().close();
});

test('sign-out ends the session', async () => {
  const page = await open(DESKTOP);
  await signIn(page);
  await page.click('#signout');
  await page.waitForSelector('#login');
  await page.reload();
  await page.waitForSelector('#login');
  const r = await page.evaluate(async () => (await fetch('/api/v1/overview')).status);
  assert.equal(r, 401);
  await page.context().close();
});

// Every screen at both sizes: axe-core (no serious or critical violation)
// and a screenshot. axe is injected as a script tag, so this context lets
// the page's policy pass it (bypassCSP); the flows above run with the policy.
for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`every screen passes axe and is photographed (${size})`, async () => {
    const page = await open(viewport, { bypassCSP: true });
    await page.goto(base + '/');
    await page.waitForSelector('#login');
    await axe(page, 'login');
    await shot(page, `${size}-login`);
    await signIn(page);
    await settled(page);
    const story = (await page.getAttribute('#ov-rising ol.rising a', 'href')).slice(1);
    const screens = [['overview', '/'], ['stories', '/stories'], ['story', story], ['search', '/search?q=mat%20dien'],
                     ['cases', '/cases'], ['factchecks', '/factchecks'], ['concerns', '/concerns'], ['report', '/report'],
                     ['stories-filtered', '/stories?days=30&min=3&rising=1&sort=rising'], ['publishing', '/publish'], ['admin', '/admin']];
    for (const [name, hash] of screens) {
      await visit(page, hash);
      assert.equal(await page.locator('main .error').count(), 0, `${name}: ${await page.textContent('main')}`);
      await axe(page, name);
      // Nothing wider than the screen (a phone scrolls down, not sideways).
      const [wide, what] = await page.evaluate(() => {
        const w = document.documentElement.clientWidth;
        const out = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1)
          .filter((e) => !e.closest('.table-wrap, .board')).map((e) => `${e.tagName}#${e.id}.${e.className}`);
        return [document.documentElement.scrollWidth - w, out.slice(0, 6)];
      });
      assert.ok(wide <= 1, `${name}: the page is ${wide} px wider than the screen: ${what}`);
      await shot(page, `${size}-${name}`);
    }
    await visit(page, '/cases');
    await page.locator('.board a').first().click();
    await settled(page);
    await axe(page, 'case');
    await shot(page, `${size}-case`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

// Story filters: the form's choices go to the URL (a filtered list can be
// linked), the server filters (the table is what /api/v1/stories answers
// for the same parameters), the link opens the same list with the same form.
test('stories filtered by concern, place, size and period, linked by URL', async () => {
  const page = await open(DESKTOP);
  await signIn(page);
  await visit(page, '/stories');
  const concern = await page.locator('#story-filters select[name=concern] option').nth(1).getAttribute('value');
  await page.selectOption('#story-filters select[name=concern]', concern);
  await page.selectOption('#story-filters select[name=days]', '30');
  await page.fill('#story-filters input[name=min]', '2');
  await page.click('#story-filters button[type=submit]');
  await page.waitForURL(new RegExp(`concern=${concern}`));
  await settled(page);
  const hash = new URL(page.url()).hash;
  assert.match(hash, /days=30/);
  const shown = await page.locator('table.stories tbody tr a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const api = await page.evaluate(async (c) => (await (await fetch(`/api/v1/stories?limit=50&sort=recent&days=30&concern=${c}&min_size=2`)).json()), concern);
  assert.ok(api.length > 0, 'the demo has stories of that concern');
  assert.deepEqual(shown, api.map((x) => '#/stories/' + x.id), 'the table is the API\'s filtered list');
  // The same list from the link alone, with the form as it was.
  const again = await open(DESKTOP);
  await signIn(again);
  await visit(again, hash.slice(1));
  assert.equal(await again.inputValue('#story-filters select[name=concern]'), concern);
  assert.equal(await again.inputValue('#story-filters select[name=days]'), '30');
  assert.deepEqual(await again.locator('table.stories tbody tr a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), shown);
  // A place narrows it further; rising only keeps the rising stories.
  const place = await page.locator('#story-filters select[name=place] option').nth(1).getAttribute('value');
  await page.selectOption('#story-filters select[name=place]', place);
  await page.check('#story-filters input[name=rising]');
  await page.click('#story-filters button[type=submit]');
  await page.waitForURL(/rising=1/);
  await settled(page);
  const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
  assert.equal(params.get('place'), place);
  assert.equal(params.get('concern'), concern);
  assert.ok(await page.locator('#stories-count').count() === 1);
  // A concern on the concerns screen opens its stories.
  await visit(page, '/concerns');
  await page.locator('table.bars tbody a').first().click();
  await page.waitForURL(/#\/stories\?.*concern=/);
  await settled(page);
  const picked = new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('concern');
  assert.equal(await page.inputValue('#story-filters select[name=concern]'), picked);
  assert.ok(await page.locator('table.stories tbody tr').count() > 0, 'a concern with items has stories');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(again.errors, []);
  await again.context().close();
  await page.context().close();
});

// Publishing: the answers published by the key flows went to the public feed
// (sent) and to a webhook that refuses them (failed, with its message); an
// editor's retry queues the send again and is audited.
test('the publishing screen lists sent and failed sends and retries one', async () => {
  const page = await open(DESKTOP);
  await signIn(page);
  await visit(page, '/publish');
  for (let i = 0; i < 40 && await page.locator('#pub-failed-list tbody tr').count() === 0; ++i) {
    await page.waitForTimeout(500);
    await visit(page, '/publish');
  }
  const failed = page.locator('#pub-failed-list tbody tr').first();
  assert.match(await failed.textContent(), /Webhook ra ngoài.*the webhook answered HTTP 400: hook refuses this test/);
  assert.match(await page.textContent('#pub-sent-list'), /Trang trả lời công khai/);
  assert.doesNotMatch(await page.textContent('main'), /UBND đã làm việc|undefined|NaN/, 'no answer text on the screen');
  const caseId = (await failed.locator('a').getAttribute('href')).split('/').pop();
  await failed.locator('button').click();
  await page.waitForFunction(async (c) => {
    const r = await fetch('/api/v1/audit?limit=1000&case=' + c);
    return (await r.json()).some((e) => e.action === 'outbox.retry');
  }, caseId);
  await settled(page);
  assert.equal(await page.locator('main .msg').textContent(), '');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// Admin: accounts, units, tokens, sources, settings (the webhook's secret
// only as "set"), the audit log with its chain's check. Not for a viewer.
test('the admin screen, for the admin role only', async () => {
  const page = await open(DESKTOP);
  await signIn(page);
  await visit(page, '/admin');
  assert.ok(await page.locator('#admin-users tbody tr').count() >= 2);
  assert.ok(await page.locator('#admin-units tbody tr').count() >= 1);
  assert.ok(await page.locator('#admin-sources tbody tr').count() >= 2);
  const secret = page.locator('#admin-settings tbody tr', { hasText: 'webhook.secret' });
  assert.match(await secret.textContent(), /đã đặt, không hiển thị/);
  assert.ok(!(await page.content()).includes(HOOK_SECRET), 'the secret is nowhere in the page');
  assert.match(await page.textContent('#audit-check'), /nguyên vẹn/);
  assert.ok(await page.locator('#admin-audit tbody tr').count() >= 1);
  // A unit added appears in the list.
  await page.fill('#add-unit input[name=name]', 'Phường Thử Nghiệm');
  await page.selectOption('#add-unit select[name=kind]', 'ward');
  await page.click('#add-unit button[type=submit]');
  await page.waitForFunction(() => /Phường Thử Nghiệm/.test(document.querySelector('#admin-units')?.textContent ?? ''));
  // A token is shown once and works; revoked, it no longer does.
  await page.fill('#add-token input[name=name]', 'bang-tin');
  await page.selectOption('#add-token select[name=role]', 'viewer');
  await page.click('#add-token button[type=submit]');
  const token = (await (await page.waitForSelector('#new-token code')).textContent()).trim();
  assert.equal(token.length, 43);
  const asToken = async () => (await page.request.get(`${base}/api/v1/session`, { headers: { Authorization: 'Bearer ' + token } })).status();
  assert.equal(await asToken(), 200);
  await visit(page, '/publish');
  await visit(page, '/admin');
  assert.ok(!(await page.content()).includes(token), 'the token is shown only once');
  await page.locator('#admin-tokens tbody tr', { hasText: 'bang-tin' }).locator('button').click();
  await page.waitForFunction(() => [...document.querySelectorAll('#admin-tokens tbody tr')].some((tr) =>
    /bang-tin/.test(tr.textContent) && /có/.test(tr.cells[4].textContent)));
  assert.equal(await asToken(), 401);
  // An account locked and unlocked again.
  const row = () => page.locator('#admin-users tbody tr', { hasText: 'demo-analyst' });
  await row().locator('button').click();
  await page.waitForFunction(() => [...document.querySelectorAll('#admin-users tbody tr')].some((tr) =>
    /demo-analyst/.test(tr.textContent) && /có/.test(tr.cells[3].textContent)));
  await row().locator('button').click();
  await page.waitForFunction(() => [...document.querySelectorAll('#admin-users tbody tr')].some((tr) =>
    /demo-analyst/.test(tr.textContent) && tr.cells[3].textContent === ''));
  assert.equal(await page.locator('#admin-msg').textContent(), '');
  assert.deepEqual(page.errors, []);
  await page.context().close();
  const viewer = await open(DESKTOP);
  await signIn(viewer, 'demo-viewer', 'viewer-pass-123');
  assert.doesNotMatch(await viewer.textContent('header nav'), /Quản trị/);
  await visit(viewer, '/admin');
  assert.match(await viewer.textContent('main'), /không được xem/);
  assert.equal(await viewer.locator('#admin-settings').count(), 0);
  await viewer.context().close();
});

// Live: a case opened elsewhere brings a quiet notice, not a new screen;
// the notice reloads the screen and goes away.
test('a new case brings the notice "Có N mục mới — tải lại"', async () => {
  const page = await open(DESKTOP);
  await signIn(page);
  await visit(page, '/cases');
  const before = await page.locator('.board li.case').count();
  await page.waitForTimeout(3000);  // the server's first look at the store
  const other = await open(DESKTOP);
  await signIn(other);
  const made = await other.evaluate(async () => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf },
      body: JSON.stringify({ kind: 'question', title: 'Sự kiện trực tiếp: khi nào có nước lại?' }) });
    return r.status;
  });
  assert.equal(made, 201);
  await page.waitForSelector('#live-reload', { timeout: 20000 });
  assert.match(await page.textContent('#live-reload'), /^Có \d+ mục mới — tải lại$/);
  assert.equal(await page.locator('.board li.case').count(), before, 'the screen did not change by itself');
  await page.click('#live-reload');
  await settled(page);
  assert.equal(await page.locator('#live-reload').count(), 0);
  assert.match(await page.textContent('.board'), /Sự kiện trực tiếp/);
  // The reader's own change is not announced to them as new.
  await page.locator('.board a', { hasText: 'Sự kiện trực tiếp' }).click();
  await settled(page);
  await page.fill('#comment textarea[name=text]', 'Đã chuyển đơn vị cấp nước.');
  await page.click('#comment button[type=submit]');
  await page.waitForFunction(() => /Đã chuyển đơn vị cấp nước/.test(document.querySelector('ol.history')?.textContent ?? ''));
  await page.waitForTimeout(5000);  // two of the server's looks at the store
  assert.equal(await page.locator('#live-reload').count(), 0, 'no notice for the reader\'s own comment');
  assert.deepEqual(page.errors, []);
  await other.context().close();
  await page.context().close();
});
