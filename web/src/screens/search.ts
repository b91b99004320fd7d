// Search: the query language of `vox search` (accent-insensitive, "phrases",
// -exclusion, prefix*), source and kind filters, highlighted snippets, pages
// of 20.
import { h, field, select, snippet } from '../dom';
import { t, num } from '../i18n';
import { get } from '../api';
import { go } from '../nav';

const PAGE = 20;

export async function renderSearch(main: HTMLElement, _arg: string, q: URLSearchParams): Promise<void> {
  const query = q.get('q') ?? '';
  const source = q.get('source') ?? '';
  const kind = q.get('kind') ?? '';
  const page = Math.max(0, Number(q.get('page') ?? '0') || 0);
  const stats = await get<{ sources: { name: string }[]; kinds: Record<string, number> }>('/api/v1/stats');
  const qIn = h('input', { name: 'q', type: 'search', value: query, placeholder: t('search.placeholder'), 'aria-describedby': 'search-help', autocomplete: 'off' });
  const srcSel = select('source', [['', t('search.any')], ...stats.sources.map((s): [string, string] => [s.name, s.name])], source);
  const kindSel = select('kind', [['', t('search.any')], ...Object.keys(stats.kinds).map((k): [string, string] => [k, k])], kind);
  const form = h('form.filters', { role: 'search', id: 'search' },
    field(t('search.q'), qIn), field(t('search.source'), srcSel), field(t('search.kind'), kindSel),
    h('button', { type: 'submit' }, t('search.submit')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = new URLSearchParams({ q: qIn.value });
    if (srcSel.value) p.set('source', srcSel.value);
    if (kindSel.value) p.set('kind', kindSel.value);
    go('#/search?' + p.toString());
  });
  main.append(h('h1', null, t('search.title')), form, h('p#search-help.help', null, t('search.help')));
  if (!query.trim()) { qIn.focus(); return; }
  const limit = Math.min(200, (page + 1) * PAGE + 1);
  const p = new URLSearchParams({ q: query, limit: String(limit), window: '240' });
  if (source) p.set('source', source);
  if (kind) p.set('kind', kind);
  const hits = await get<{ id: string; source: string; score: number; snippet: string }[]>('/api/v1/search?' + p.toString());
  const shown = hits.slice(page * PAGE, (page + 1) * PAGE);
  const more = hits.length > (page + 1) * PAGE;
  const link = (n: number) => { const x = new URLSearchParams(q); x.set('page', String(n)); return '#/search?' + x.toString(); };
  main.append(
    h('p', { role: 'status' }, shown.length ? t('search.count', { n: hits.length > (page + 1) * PAGE ? `${num(hits.length - 1)}+` : hits.length }) : t('search.none')),
    h('ol.results', { start: page * PAGE + 1 }, shown.map((x) => h('li', null,
      h('p.snippet', null, snippet(x.snippet)),
      h('p.meta', null, `${x.source} · ${x.id} · ${t('search.score', { s: x.score.toFixed(2) })}`)))),
    h('nav.pager', { 'aria-label': t('search.more') },
      page > 0 ? h('a', { href: link(page - 1) }, '← ' + t('common.prev')) : null,
      more && limit < 200 ? h('a', { href: link(page + 1) }, t('common.next') + ' →') : null));
}
