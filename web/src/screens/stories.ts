// Stories: the list (sort, period, source, concern, place, size, rising) and one story's page (timeline,
// sources, sample items' text, matched fact-checks, its cases, open a case).
import { h, field, select } from '../dom';
import { t, num, dateTime, type Key } from '../i18n';
import { get, getPage, api, can } from '../api';
import { barChart } from '../chart';
import { go } from '../nav';
import { decision } from '../decide';

interface Story { id: number; size: number; sources: number; label: string; key_phrases: string[]; first_seen: string; last_seen: string }

interface Choices { sources: { name: string }[]; categories: { id: string; name: string }[]; places: { name: string }[] }

// The list's filters live in the hash (#/stories?sort=size&days=7&concern=…),
// so a filtered list can be linked; the server filters (GET /api/v1/stories)
// and pages by cursor ("next page" keeps the filters and adds the cursor).
const FILTERS = ['sort', 'days', 'source', 'concern', 'place', 'min', 'rising'] as const;

export async function renderStories(main: HTMLElement, _arg: string, q: URLSearchParams): Promise<void> {
  const sort = q.get('sort') ?? 'recent';
  const days = q.get('days') ?? q.get('period') ?? 'all';
  const min = Number(q.get('min') ?? '2') || 1;
  const rising = q.get('rising') === '1';
  const params = new URLSearchParams({ limit: '50', sort });
  if (days !== 'all') params.set('days', days);
  for (const [k, name] of [['source', 'source'], ['concern', 'concern'], ['place', 'place']] as const) {
    const v = q.get(k);
    if (v) params.set(name, v);
  }
  if (min > 1) params.set('min_size', String(min));
  if (rising) params.set('rising', '1');
  const cursor = q.get('cursor');
  if (cursor) params.set('cursor', cursor);
  const [page, stats, concerns] = await Promise.all([
    getPage<Story[]>('/api/v1/stories?' + params.toString()),
    get<{ sources: { name: string }[] }>('/api/v1/stats'),
    get<{ categories: { id: string; name: string }[]; places: { name: string }[] }>('/api/v1/concerns?places=200'),
  ]);
  const shown = page.data;
  const choices: Choices = { sources: stats.sources, categories: concerns.categories, places: concerns.places };

  const any: [string, string] = ['', t('stories.any')];
  const sortSel = select('sort', (['recent', 'size', 'rising'] as const).map((k) => [k, t(('stories.sort.' + k) as Key)]), sort);
  const periodSel = select('days', (['1', '7', '30', 'all'] as const).map((k) => [k, t(('stories.period.' + k) as Key)]), days);
  const sourceSel = select('source', [any, ...choices.sources.map((x): [string, string] => [x.name, x.name])], q.get('source') ?? '');
  const concernSel = select('concern', [any, ...choices.categories.map((x): [string, string] => [x.id, x.name])], q.get('concern') ?? '');
  const placeSel = select('place', [any, ...choices.places.map((x): [string, string] => [x.name, x.name])], q.get('place') ?? '');
  const minIn = h('input', { name: 'min', type: 'number', min: 1, max: 10000, value: min, inputmode: 'numeric' });
  const risingIn = h('input', { name: 'rising', type: 'checkbox', value: '1', checked: rising });
  const risingField = h('div.field.check', null, h('label', null, risingIn, ' ', t('stories.risingOnly')));
  const form = h('form.filters#story-filters', { role: 'search' }, field(t('stories.sort'), sortSel), field(t('stories.period'), periodSel),
    field(t('stories.source'), sourceSel), field(t('stories.concern'), concernSel), field(t('stories.place'), placeSel),
    field(t('stories.minSize'), minIn), risingField, h('button', { type: 'submit' }, t('stories.filter')));
  const state = (): URLSearchParams => {
    const u = new URLSearchParams();
    const v: Record<(typeof FILTERS)[number], string> = { sort: sortSel.value, days: periodSel.value, source: sourceSel.value,
      concern: concernSel.value, place: placeSel.value, min: minIn.value, rising: risingIn.checked ? '1' : '' };
    for (const k of FILTERS) if (v[k]) u.set(k, v[k]);
    return u;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go('#/stories?' + state().toString());
  });
  const next = page.res.headers.get('X-Next-Cursor');
  const nextQ = new URLSearchParams(q);
  nextQ.delete('period');
  if (next) nextQ.set('cursor', next);
  main.append(h('h1', null, t('stories.title')), form,
    h('p#stories-count', { role: 'status' }, t(cursor ? 'stories.countMore' : 'stories.count', { n: shown.length })),
    shown.length ? h('div.table-wrap', null, h('table.stories', null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('stories.label')), h('th.num', { scope: 'col' }, t('stories.size')),
        h('th.num', { scope: 'col' }, t('stories.sources')), h('th', { scope: 'col' }, t('stories.lastSeen')))),
      h('tbody', null, shown.map((s) => h('tr', null,
        h('td', null, h('a', { href: '#/stories/' + s.id }, s.label || '#' + s.id)),
        h('td.num', null, num(s.size)), h('td.num', null, num(s.sources)), h('td', null, dateTime(s.last_seen)))))))
      : h('p', null, t('stories.none')),
    h('p.pager', null, cursor ? h('a', { href: '#/stories?' + state().toString() }, t('stories.first')) : null, cursor && next ? ' · ' : null,
      next ? h('a#stories-next', { href: '#/stories?' + nextQ.toString() }, t('stories.next')) : null));
}

interface StoryPage {
  story: Story;
  timeline: { bucket: 'hour' | 'day'; points: { t: string; items: number }[] };
  sources: { name: string; items: number }[];
  items: { id: string; source: string; title: string; text: string; published_at: string; url: string }[];
  matches: { item_id: string; source: string; factcheck_id: string; score: number; state: string; claim: string | null; verdict: string | null; url: string | null }[];
}
interface Case { id: number; title: string; state: string; kind: string; origin_ref: string; overdue: boolean; due_soon: boolean }

export async function renderStory(main: HTMLElement, id: string): Promise<void> {
  const [p, cases] = await Promise.all([
    get<StoryPage>('/api/v1/stories/' + id),
    can('read_cases') ? get<Case[]>('/api/v1/cases?limit=500') : Promise.resolve([] as Case[]),
  ]);
  const s = p.story;
  const mine = cases.filter((c) => c.origin_ref === 'story:' + s.id);
  const pts = p.timeline.points;
  const bucket = t(('story.bucket.' + p.timeline.bucket) as Key);
  const parts: (HTMLElement | null)[] = [
    h('p.back', null, h('a', { href: '#/stories' }, '← ' + t('nav.stories'))),
    h('h1', null, s.label || t('story.title', { id: s.id })),
    h('p.big', null, t('story.summary', { size: s.size, sources: s.sources, first: dateTime(s.first_seen), last: dateTime(s.last_seen) })),
    s.key_phrases.length ? h('p', null, t('story.keyPhrases', { p: s.key_phrases.join(' · ') })) : null,
    h('section.card', { 'aria-labelledby': 'st-tl' }, h('h2#st-tl', null, t('story.timeline', { bucket })),
      barChart(t('story.timeline', { bucket }), pts.map((x) => Date.parse(x.t) / 1000), pts.map((x) => x.items), { hours: p.timeline.bucket === 'hour' })),
  ];
  const casesBox = h('section.card#story-cases', { 'aria-labelledby': 'st-cases' }, h('h2#st-cases', null, t('story.cases')),
    mine.length ? h('ul.plain', null, mine.map((c) => h('li', null, h('a', { href: '#/cases/' + c.id }, `#${c.id} ${c.title}`),
      ' · ', t(('state.' + c.state) as Key)))) : h('p', null, t('story.noCases')));
  if (can('open_case')) {
    const kind = select('kind', (['rumour', 'concern', 'request', 'question', 'incident'] as const).map((k) => [k, t(('kind.' + k) as Key)]), 'concern');
    const title = h('input', { name: 'title', required: true, value: (s.label || '').slice(0, 200) });
    const form = h('form.inline#open-case', null, field(t('story.caseKind'), kind), field(t('story.caseTitle'), title),
      h('button', { type: 'submit' }, t('story.openCase')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const { data } = await api<{ id: number }>('POST', '/api/v1/cases', { kind: kind.value, title: title.value, origin: 'story', origin_ref: 'story:' + s.id });
      go('#/cases/' + data.id);
    });
    casesBox.append(form);
  }
  parts.push(casesBox,
    h('div.grid2', null,
      h('section.card', { 'aria-labelledby': 'st-src' }, h('h2#st-src', null, t('story.sources')),
        h('table', null, h('tbody', null, p.sources.map((x) => h('tr', null, h('th', { scope: 'row' }, x.name), h('td.num', null, num(x.items))))))),
      h('section.card', { 'aria-labelledby': 'st-fc' }, h('h2#st-fc', null, t('story.matches')),
        p.matches.length ? h('ul.plain', null, p.matches.map((m) => h('li', null, h('span.verdict', null, m.verdict ?? ''), ' ',
          m.claim ?? m.factcheck_id, ' · ', decision(m)))) : h('p', null, t('story.noMatches')))),
    h('section.card', { 'aria-labelledby': 'st-items' }, h('h2#st-items', null, t('story.items')),
      h('ul.items', null, p.items.map((it) => h('li', null,
        it.title ? h('strong', null, it.title) : null, h('p', null, it.text),
        h('p.meta', null, `${it.source} · ${dateTime(it.published_at)}`))))));
  main.append(...parts.filter((x): x is HTMLElement => !!x));
}
