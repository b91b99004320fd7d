// The dashboard: a shell (header, navigation, language), hash routes
// (#/stories/12), one screen at a time in <main>.
import './style.css';
import { h, clear } from './dom';
import { t, getLang, setLang, type Key } from './i18n';
import { restore, signOut, user, can, ApiError } from './api';
import { go } from './nav';
import { renderLogin } from './screens/login';
import { renderOverview } from './screens/overview';
import { renderStories, renderStory } from './screens/stories';
import { renderSearch } from './screens/search';
import { renderCases, renderCase } from './screens/cases';
import { renderFactchecks } from './screens/factchecks';
import { renderConcerns } from './screens/concerns';
import { renderReport } from './screens/report';
import { renderPublish } from './screens/publish';
import { renderAdmin } from './screens/admin';
import { liveNotice, reset as resetLive, startLive, stopLive } from './live';

export type Screen = (main: HTMLElement, arg: string, query: URLSearchParams) => Promise<void>;

interface Route { re: RegExp; screen: Screen; nav?: Key; needs?: string }
const routes: Route[] = [
  { re: /^\/$/, screen: renderOverview, nav: 'nav.overview' },
  { re: /^\/stories$/, screen: renderStories, nav: 'nav.stories', needs: 'read_items' },
  { re: /^\/stories\/(\d+)$/, screen: renderStory, needs: 'read_items' },
  { re: /^\/search$/, screen: renderSearch, nav: 'nav.search', needs: 'read_items' },
  { re: /^\/cases$/, screen: renderCases, nav: 'nav.cases', needs: 'read_cases' },
  { re: /^\/cases\/(\d+)$/, screen: renderCase, needs: 'read_cases' },
  { re: /^\/factchecks$/, screen: renderFactchecks, nav: 'nav.factchecks', needs: 'read_items' },
  { re: /^\/concerns$/, screen: renderConcerns, nav: 'nav.concerns' },
  { re: /^\/report$/, screen: renderReport, nav: 'nav.report' },
  { re: /^\/publish$/, screen: renderPublish, nav: 'nav.publish', needs: 'read_cases' },
  { re: /^\/admin$/, screen: renderAdmin, nav: 'nav.admin', needs: 'manage_users' },
];
const navPaths: Record<string, string> = {
  'nav.overview': '#/', 'nav.stories': '#/stories', 'nav.search': '#/search', 'nav.cases': '#/cases',
  'nav.factchecks': '#/factchecks', 'nav.concerns': '#/concerns', 'nav.report': '#/report',
  'nav.publish': '#/publish', 'nav.admin': '#/admin',
};

const app = document.getElementById('app') as HTMLElement;
let renderSeq = 0;

function current(): { path: string; query: URLSearchParams } {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?');
  return { path: path || '/', query: new URLSearchParams(qs ?? '') };
}


function shell(active: string): HTMLElement {
  const main = h('main#main', { tabindex: '-1' });
  const links = routes.filter((r) => user && r.nav && (!r.needs || can(r.needs))).map((r) => {
    const href = navPaths[r.nav as string];
    return h('li', null, h('a', { href, 'aria-current': href === active ? 'page' : null }, t(r.nav as Key)));
  });
  const header = h('header.top', null,
    h('a.brand', { href: '#/' }, 'Vox'),
    user ? h('nav', { 'aria-label': t('app.menu') }, h('ul', null, links)) : null,
    h('div.who', null,
      user ? h('span.user', null, t('app.signedInAs', { name: user.name, role: t(('role.' + user.role) as Key) })) : null,
      h('button.link', { type: 'button', lang: getLang() === 'vi' ? 'en' : 'vi', 'aria-label': t('app.langLabel'),
        onclick: () => { setLang(getLang() === 'vi' ? 'en' : 'vi'); void render(); } }, t('app.lang')),
      user ? h('button.link#signout', { type: 'button', onclick: async () => { stopLive(); await signOut(); go('#/'); } }, t('app.signOut')) : null));
  clear(app);
  app.append(header, ...(user ? [liveNotice(() => void render())] : []), main);
  return main;
}

async function render(): Promise<void> {
  const seq = ++renderSeq;
  document.documentElement.lang = getLang();
  document.title = t('app.title');
  const skip = document.querySelector('.skip');
  if (skip) skip.textContent = t('app.skip');
  if (!user) await restore();
  if (seq !== renderSeq) return;
  if (!user) {
    const main = shell('');
    await renderLogin(main, () => go(location.hash || '#/'));
    return;
  }
  startLive();
  resetLive();
  const { path, query } = current();
  const route = routes.find((r) => r.re.test(path)) ?? routes[0];
  const arg = (route.re.exec(path) ?? [])[1] ?? '';
  const main = shell('#' + path.replace(/^(\/\w+).*$/, '$1'));
  main.setAttribute('aria-busy', 'true');
  main.append(h('p.loading', { role: 'status' }, t('app.loading')));
  try {
    if (route.needs && !can(route.needs)) throw new ApiError(403, t('error.forbidden'), null);
    await route.screen(main, arg, query);
  } catch (e) {
    if (seq !== renderSeq) return;
    if (e instanceof ApiError && e.status === 401) { stopLive(); await signOut().catch(() => {}); return void render(); }
    clear(main);
    main.append(h('p.error', { role: 'alert' }, t('app.error', { msg: e instanceof Error ? e.message : String(e) })));
  } finally {
    main.removeAttribute('aria-busy');
    main.querySelector('.loading')?.remove();
  }
}

window.addEventListener('hashchange', () => {
  void render().then(() => (document.getElementById('main') as HTMLElement | null)?.focus({ preventScroll: true }));
});
void render();
