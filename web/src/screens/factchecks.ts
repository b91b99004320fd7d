// Fact-checks: items matched to a fact-check and waiting (state suggested),
// with the claim and verdict. Deciding a match is done on the command line
// (vox match); the API has no route for it yet.
import { h } from '../dom';
import { t } from '../i18n';
import { get } from '../api';

interface M { item_id: string; source: string; factcheck_id: string; score: number; state: string }

export async function renderFactchecks(main: HTMLElement): Promise<void> {
  const list = await get<M[]>('/api/v1/matches?state=suggested');
  list.sort((a, b) => b.score - a.score);
  main.append(h('h1', null, t('fc.title')), h('p', null, t('fc.intro')),
    list.length ? h('div.table-wrap', null, h('table', null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('fc.item')), h('th', { scope: 'col' }, t('fc.claim')), h('th.num', { scope: 'col' }, t('fc.score')))),
      h('tbody', null, list.slice(0, 200).map((m) => h('tr', null,
        h('td', null, h('a', { href: '#/search?q=' + encodeURIComponent(m.item_id) }, `${m.source} · ${m.item_id}`)),
        h('td', null, m.factcheck_id), h('td.num', null, m.score.toFixed(2)))))))
      : h('p', null, t('fc.none')));
}
