// Fact-checks: items matched to a fact-check that staff have not decided,
// with the claim and verdict; staff who handle cases confirm or reject each
// (POST /api/v1/matches/decision, which `vox match calibrate` learns from).
import { h } from '../dom';
import { t } from '../i18n';
import { get } from '../api';
import { decision } from '../decide';

interface M { item_id: string; source: string; factcheck_id: string; score: number; state: string }

export async function renderFactchecks(main: HTMLElement): Promise<void> {
  // The best match of each item that staff have not decided (as the overview counts).
  const list = (await get<M[]>('/api/v1/matches')).filter((m) => m.state === 'suggested' || m.state === 'auto');
  list.sort((a, b) => b.score - a.score);
  main.append(h('h1', null, t('fc.title')), h('p', null, t('fc.intro')),
    list.length ? h('div.table-wrap', null, h('table', null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('fc.item')), h('th', { scope: 'col' }, t('fc.claim')), h('th.num', { scope: 'col' }, t('fc.score')), h('th', { scope: 'col' }, t('cases.state')))),
      h('tbody', null, list.slice(0, 200).map((m) => h('tr', null,
        h('td', null, h('a', { href: '#/search?q=' + encodeURIComponent(m.item_id) }, `${m.source} · ${m.item_id}`)),
        h('td', null, m.factcheck_id), h('td.num', null, m.score.toFixed(2)), h('td', null, decision(m)))))))
      : h('p', null, t('fc.none')));
}
