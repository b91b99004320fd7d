// Concerns and places over the last 30 days (aggregates only): tables with
// a bar for each row.
import { h } from '../dom';
import { t, num } from '../i18n';
import { get } from '../api';

interface C { items: number; categories: { id: string; name: string; items: number }[]; places: { name: string; items: number }[] }

// Each name links to its stories over the same 30 days (the Stories screen's filter).
function bars(caption: string, head: string, rows: { name: string; items: number; href: string }[]): HTMLElement {
  const max = Math.max(1, ...rows.map((r) => r.items));
  return h('table.bars', null, h('caption', null, caption),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, head), h('th.num', { scope: 'col' }, t('concerns.items')), h('th', { scope: 'col', 'aria-hidden': 'true' }, ''))),
    h('tbody', null, rows.map((r) => h('tr', null, h('th', { scope: 'row' }, h('a', { href: r.href }, r.name)), h('td.num', null, num(r.items)),
      h('td.barcell', { 'aria-hidden': 'true' }, h('span.bar', { 'data-w': Math.round((r.items / max) * 100) }))))));
}

export async function renderConcerns(main: HTMLElement): Promise<void> {
  const stats = await get<{ last_published: string | null }>('/api/v1/stats');
  const end = stats.last_published ? Date.parse(stats.last_published) : Date.now();
  const since = new Date(end - 30 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const c = await get<C>('/api/v1/concerns?places=15&since=' + encodeURIComponent(since));
  main.append(h('h1', null, t('concerns.title')), h('div.grid2', null,
    h('section.card', null, bars(t('concerns.concern'), t('concerns.concern'), c.categories.slice(0, 15).map((x) =>
      ({ ...x, href: `#/stories?days=30&min=1&concern=${encodeURIComponent(x.id)}` })))),
    h('section.card', null, bars(t('concerns.places'), t('concerns.place'), c.places.map((x) =>
      ({ ...x, href: `#/stories?days=30&min=1&place=${encodeURIComponent(x.name)}` }))))));
  // Widths through the CSSOM (the policy allows no inline style attribute).
  main.querySelectorAll<HTMLElement>('.bar').forEach((b) => { b.style.width = (b.dataset.w ?? '0') + '%'; });
}
