// "Hôm nay": volume against the usual, rising stories, concerns against last
// week, claims waiting, cases by unit. One request (GET /api/v1/overview);
// every block links to its screen.
import { h } from '../dom';
import { t, num, date } from '../i18n';
import { get } from '../api';
import { barChart } from '../chart';

interface Overview {
  day: string; now: string;
  volumes: { today: number; usual: number; sources: { name: string; today: number; usual: number }[]; days: { date: string; items: number }[] };
  rising: { story_id: number; label: string; count: number; sources: number; hours: number; expected: number }[];
  concerns: { id: string; name: string; this_week: number; last_week: number }[];
  matches: { waiting: number; top: { item_id: string; source: string; factcheck_id: string; score: number; claim: string | null; verdict: string | null }[] } | null;
  cases: { open: number; due_soon: number; overdue: number; units: { unit_id: number | null; name: string | null; open: number; due_soon: number; overdue: number }[] } | null;
}

function section(id: string, title: string, link: string | null, ...body: (Node | null)[]): HTMLElement {
  const hid = id + '-h';
  return h('section.card', { id, 'aria-labelledby': hid },
    h('div.card-head', null, h('h2', { id: hid }, title), link ? h('a.more', { href: link }, t('overview.seeAll')) : null),
    ...body);
}

function trend(now: number, before: number): HTMLElement {
  const up = now > before, down = now < before;
  return h('span', { class: up ? 'up' : down ? 'down' : 'flat' }, (up ? '▲ ' : down ? '▼ ' : '= ') + num(now));
}

export async function renderOverview(main: HTMLElement): Promise<void> {
  const o = await get<Overview>('/api/v1/overview');
  const v = o.volumes;
  const xs = v.days.map((d) => Date.parse(d.date + 'T00:00:00Z') / 1000);
  const volume = section('ov-volume', t('overview.volume'), '#/search',
    h('p.big', null, t('overview.volumeSummary', { today: v.today, usual: v.usual })),
    barChart(t('overview.days'), xs, v.days.map((d) => d.items)),
    h('table', null,
      h('caption.sr', null, t('overview.volume')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('overview.source')), h('th.num', { scope: 'col' }, t('overview.today')), h('th.num', { scope: 'col' }, t('overview.usual')))),
      h('tbody', null, v.sources.slice(0, 8).map((s) => h('tr', null,
        h('th', { scope: 'row' }, h('a', { href: '#/search?source=' + encodeURIComponent(s.name) }, s.name)),
        h('td.num', null, trend(s.today, s.usual)), h('td.num', null, num(s.usual)))))));

  const rising = section('ov-rising', t('overview.rising'), '#/stories?sort=rising&rising=1',
    o.rising.length ? h('ol.rising', null, o.rising.map((r) => h('li', null,
      h('a', { href: '#/stories/' + r.story_id }, r.label || '#' + r.story_id),
      h('p.why', null, t('overview.risingLine', { count: r.count, sources: r.sources, hours: r.hours, expected: r.expected })))))
      : h('p', null, t('overview.noRising')));

  const concerns = section('ov-concerns', t('overview.concerns'), '#/concerns',
    h('table', null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('overview.concern')), h('th.num', { scope: 'col' }, t('overview.thisWeek')), h('th.num', { scope: 'col' }, t('overview.lastWeek')))),
      h('tbody', null, o.concerns.map((c) => h('tr', null,
        // The concern's stories this week (the Stories screen's filter).
        h('th', { scope: 'row' }, h('a', { href: `#/stories?days=7&concern=${encodeURIComponent(c.id)}&min=1` }, c.name)),
        h('td.num', null, trend(c.this_week, c.last_week)), h('td.num', null, num(c.last_week)))))));

  const matches = o.matches ? section('ov-matches', t('overview.matches'), '#/factchecks',
    h('p.big', null, t('overview.matchesWaiting', { n: o.matches.waiting })),
    h('ul.plain', null, o.matches.top.map((m) => h('li', null,
      h('span.verdict', null, m.verdict ?? ''), ' ', m.claim ?? m.factcheck_id)))) : null;

  const cases = o.cases ? section('ov-cases', t('overview.cases'), '#/cases',
    h('p.big', null, t('overview.casesSummary', { open: o.cases.open, soon: o.cases.due_soon, overdue: o.cases.overdue })),
    h('table', null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('overview.unit')), h('th.num', { scope: 'col' }, t('overview.open')),
        h('th.num', { scope: 'col' }, t('overview.dueSoon')), h('th.num', { scope: 'col' }, t('overview.overdue')))),
      h('tbody', null, o.cases.units.map((u) => h('tr', null,
        h('th', { scope: 'row' }, h('a', { href: '#/cases' + (u.unit_id ? '?unit=' + u.unit_id : '') }, u.name ?? t('overview.unassigned'))),
        h('td.num', null, num(u.open)),
        h('td.num', null, u.due_soon ? h('a', { href: '#/cases?due=soon' + (u.unit_id ? '&unit=' + u.unit_id : '') }, num(u.due_soon)) : '0'),
        h('td.num', { class: u.overdue ? 'num warn' : 'num' }, u.overdue ? h('a', { href: '#/cases?overdue=1' + (u.unit_id ? '&unit=' + u.unit_id : '') }, num(u.overdue)) : '0')))))) : null;

  main.append(h('h1', null, t('overview.title', { day: date(o.day) })),
    h('div.grid', null, rising, volume, cases, concerns, matches));
}
