// Cases: a board by state and a list with filters (unit, kind, due soon,
// overdue); one case's page with its history and the actions the reader's
// role allows (desk::Can, as GET /api/v1/session lists them).
import { h, field, select, clear } from '../dom';
import { t, dateTime, type Key } from '../i18n';
import { get, api, can, ApiError } from '../api';
import { go } from '../nav';

interface Case {
  id: number; version: number; kind: string; state: string; title: string; description: string; origin: string; origin_ref: string;
  unit_id: number | null; due_at: string | null; overdue: boolean; due_soon: boolean; internal_answer: string; public_answer: string;
  answer_approved: boolean; created_at: string; links?: { kind: string; ref: string }[]; sends?: Send[];
}
// One send of the published answer (GET /api/v1/outbox, docs/api.md).
interface Send { id: number; channel: string; state: string; attempts: number; next_at: string | null; platform_id: string | null; error: string | null }
interface Unit { id: number; name: string }
const KINDS = ['concern', 'request', 'question', 'rumour', 'incident'] as const;
const BOARD = ['new', 'triaged', 'assigned', 'in_progress', 'answered', 'published', 'reopened'] as const;
// desk::CanTransition (src/desk/desk.cc): the buttons offered; the server decides.
const NEXT: Record<string, string[]> = {
  new: ['triaged', 'closed'], triaged: ['closed'], assigned: ['in_progress'], in_progress: [],
  answered: ['in_progress', 'closed'], published: ['closed', 'reopened'], closed: ['reopened'],
  duplicate: ['reopened', 'closed'], not_responsible: ['reopened', 'closed'], referred: ['reopened', 'closed'],
  reopened: ['triaged', 'in_progress', 'closed'],
};

function stateName(s: string): string { return t(('state.' + s) as Key); }
function badges(c: Case): (HTMLElement | null)[] {
  return [c.overdue ? h('span.badge.bad', null, t('cases.overdue')) : null, c.due_soon ? h('span.badge.soon', null, t('cases.dueSoon')) : null];
}

export async function renderCases(main: HTMLElement, _arg: string, q: URLSearchParams): Promise<void> {
  const unit = q.get('unit') ?? '', kind = q.get('kind') ?? '', state = q.get('state') ?? '';
  const overdue = q.get('overdue') === '1', soon = q.get('due') === 'soon';
  const p = new URLSearchParams({ limit: '500' });
  if (unit) p.set('unit', unit);
  if (kind) p.set('kind', kind);
  if (state) p.set('state', state);
  if (overdue) p.set('overdue', '1');
  const [all, units] = await Promise.all([get<Case[]>('/api/v1/cases?' + p.toString()), get<Unit[]>('/api/v1/units')]);
  const cases = soon ? all.filter((c) => c.due_soon) : all;
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const unitSel = select('unit', [['', t('cases.any')], ...units.map((u): [string, string] => [String(u.id), u.name])], unit);
  const kindSel = select('kind', [['', t('cases.any')], ...KINDS.map((k): [string, string] => [k, t(('kind.' + k) as Key)])], kind);
  const dueSel = select('due', [['', t('cases.any')], ['overdue', t('cases.overdueOnly')], ['soon', t('cases.dueSoonOnly')]], overdue ? 'overdue' : soon ? 'soon' : '');
  const form = h('form.filters', { id: 'case-filters' }, field(t('cases.unit'), unitSel), field(t('cases.kind'), kindSel), field(t('cases.due'), dueSel),
    h('button', { type: 'submit' }, t('cases.filter')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const x = new URLSearchParams();
    if (unitSel.value) x.set('unit', unitSel.value);
    if (kindSel.value) x.set('kind', kindSel.value);
    if (dueSel.value === 'overdue') x.set('overdue', '1');
    if (dueSel.value === 'soon') x.set('due', 'soon');
    go('#/cases?' + x.toString());
  });
  const card = (c: Case) => h('li.case', null, h('a', { href: '#/cases/' + c.id }, `#${c.id} ${c.title}`),
    h('p.meta', null, t(('kind.' + c.kind) as Key), ' · ', c.unit_id ? unitName.get(c.unit_id) ?? '' : t('overview.unassigned'), ' ', ...badges(c)));
  const board = h('div.board', null, BOARD.map((s) => {
    const col = cases.filter((c) => c.state === s);
    return h('section.col', { 'aria-labelledby': 'col-' + s }, h('h3', { id: 'col-' + s }, `${stateName(s)} (${col.length})`), h('ul.plain', null, col.slice(0, 30).map(card)));
  }));
  const list = h('div.table-wrap', null, h('table', null,
    h('thead', null, h('tr', null, ...['#', t('story.caseTitle'), t('cases.kind'), t('cases.state'), t('cases.unit'), t('cases.due')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, cases.map((c) => h('tr', null, h('td', null, String(c.id)), h('td', null, h('a', { href: '#/cases/' + c.id }, c.title)),
      h('td', null, t(('kind.' + c.kind) as Key)), h('td', null, stateName(c.state)),
      h('td', null, c.unit_id ? unitName.get(c.unit_id) ?? '' : t('overview.unassigned')), h('td', null, dateTime(c.due_at), ' ', ...badges(c)))))));
  main.append(h('h1', null, t('cases.title')), form, h('p', { role: 'status' }, t('cases.count', { n: cases.length })),
    h('h2', null, t('cases.board')), board, h('h2', null, t('cases.list')), list);
}

interface Event { id: number; at: string; action: string; from_state: string; to_state: string; note: string }
// GET /api/v1/cases/{id}/reach (docs/channels.md "Reach"): counts only.
interface Reach {
  answers: { platform_id: string; reactions: number; comments: number; shares: number; error?: string }[];
  story: { id: number; items: number; voices: number; before_per_hour: number; after_per_hour: number; hours_after: number } | null;
}

// What the published answer reached beside how its story spread.
async function reachCard(id: string): Promise<HTMLElement | null> {
  let r: Reach;
  try { r = await get<Reach>(`/api/v1/cases/${id}/reach`); } catch { return null; }
  if (r.answers.length === 0 && !r.story) return null;
  const card = h('section.card#case-reach', { 'aria-labelledby': 'c-reach' }, h('h2#c-reach', null, t('reach.title')));
  for (const a of r.answers) {
    card.append(h('p', null, a.error ? t('reach.answerError', { error: a.error })
      : t('reach.answer', { reactions: Math.max(0, a.reactions), comments: Math.max(0, a.comments), shares: Math.max(0, a.shares) })));
  }
  if (r.story) {
    card.append(h('p', null, t('reach.story', { items: r.story.items, voices: r.story.voices })),
      h('p', null, r.story.hours_after > 0
        ? t('reach.rate', { before: r.story.before_per_hour, after: r.story.after_per_hour })
        : t('reach.rateNone', { before: r.story.before_per_hour })));
  }
  return card;
}

export async function renderCase(main: HTMLElement, id: string): Promise<void> {
  const [c, events, units] = await Promise.all([
    get<Case>('/api/v1/cases/' + id), get<Event[]>(`/api/v1/cases/${id}/events`), get<Unit[]>('/api/v1/units')]);
  const msg = h('p.msg', { role: 'status', 'aria-live': 'polite' });
  const patch = async (body: Record<string, unknown>) => {
    msg.textContent = '';
    try {
      await api('PATCH', '/api/v1/cases/' + id, { version: c.version, ...body });
      sessionStorage.setItem('vox.flash', t('case.saved'));
      go('#/cases/' + id);
    } catch (e) {
      msg.className = 'msg error';
      msg.textContent = t('app.error', { msg: e instanceof ApiError || e instanceof Error ? e.message : String(e) });
    }
  };
  const flash = sessionStorage.getItem('vox.flash');
  if (flash) { msg.textContent = flash; sessionStorage.removeItem('vox.flash'); }
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const story = /^story:(\d+)$/.exec(c.origin_ref);
  const details = h('section.card', { 'aria-labelledby': 'c-det' }, h('h2#c-det', null, t('case.details')),
    h('dl', null,
      h('dt', null, t('cases.state')), h('dd#case-state', null, stateName(c.state), ' ', ...badges(c)),
      h('dt', null, t('cases.kind')), h('dd', null, t(('kind.' + c.kind) as Key)),
      h('dt', null, t('cases.unit')), h('dd#case-unit', null, c.unit_id ? unitName.get(c.unit_id) ?? String(c.unit_id) : t('overview.unassigned')),
      h('dt', null, t('cases.due')), h('dd', null, dateTime(c.due_at)),
      h('dt', null, t('case.created')), h('dd', null, dateTime(c.created_at)),
      h('dt', null, t('case.origin')), h('dd', null, story ? h('a', { href: '#/stories/' + story[1] }, t('case.story', { id: story[1] })) : `${c.origin} ${c.origin_ref}`)),
    c.description ? h('p', null, c.description) : null);
  const actions = h('section.card#case-actions', { 'aria-labelledby': 'c-act' }, h('h2#c-act', null, t('case.move')));
  if (can('handle_case')) {
    const unitSel = select('unit_id', units.map((u): [string, string] => [String(u.id), u.name]), String(c.unit_id ?? ''));
    const assign = h('form.inline#assign', null, field(t('case.assign'), unitSel), h('button', { type: 'submit' }, t('case.assignSubmit')));
    assign.addEventListener('submit', (e) => { e.preventDefault(); void patch({ unit_id: Number(unitSel.value) }); });
    const moves = h('div.buttons', null, (NEXT[c.state] ?? []).map((s) =>
      h('button', { type: 'button', 'data-state': s, onclick: () => void patch({ state: s }) }, t('case.moveTo', { state: stateName(s) }))));
    actions.append(assign, moves);
  } else {
    actions.append(h('p', null, t('case.readOnly')));
  }
  const answers = h('section.card#case-answers', { 'aria-labelledby': 'c-ans' }, h('h2#c-ans', null, t('case.answers')));
  if (can('handle_case') && !['published', 'closed'].includes(c.state)) {
    const internal = h('textarea', { name: 'internal_answer', rows: 3 }, c.internal_answer);
    const pub = h('textarea', { name: 'public_answer', rows: 4 }, c.public_answer);
    const form = h('form#answer', null, field(t('case.internalAnswer'), internal), field(t('case.publicAnswer'), pub),
      h('div.buttons', null, h('button', { type: 'submit', value: 'draft' }, t('case.saveDraft')),
        ['assigned', 'in_progress'].includes(c.state) ? h('button', { type: 'submit', value: 'answered', id: 'mark-answered' }, t('case.saveAnswered')) : null));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const which = ((e as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
      const body: Record<string, unknown> = { internal_answer: internal.value, public_answer: pub.value };
      if (which === 'answered') body.state = 'answered';
      void patch(body);
    });
    answers.append(form);
  } else {
    answers.append(h('h3', null, t('case.internalAnswer')), h('p', null, c.internal_answer || t('common.none')),
      h('h3', null, t('case.publicAnswer')), h('p', null, c.public_answer || t('common.none')));
  }
  answers.append(h('p#approval', null, c.answer_approved ? t('case.approved') : t('case.notApproved')));
  if (can('approve_answer') && c.public_answer && !c.answer_approved && ['answered', 'in_progress', 'assigned'].includes(c.state))
    answers.append(h('button#approve', { type: 'button', onclick: () => void patch({ approve_answer: true }) }, t('case.approve')));
  if (can('approve_answer') && c.answer_approved && c.state === 'answered') {
    // Where the answer goes besides the person who wrote (docs/channels.md
    // "Publishing"); none ticked: the office's setting publish.targets.
    const boxes = (['feed', 'webhook', 'facebook_page', 'zalo_article'] as const).map((target) =>
      h('label', null, h('input', { type: 'checkbox', name: 'publish_to', value: target }), ' ', t(('send.' + target) as Key)));
    const targets = h('fieldset#publish-to', null, h('legend', null, t('case.publishTo')), boxes, h('p.hint', null, t('case.publishToHint')));
    const publish = () => {
      const picked = [...targets.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
      void patch(picked.length > 0 ? { state: 'published', publish_to: picked } : { state: 'published' });
    };
    answers.append(targets, h('button#publish', { type: 'button', onclick: publish }, t('case.publish')));
  }
  const sends = c.sends ?? [];
  if (sends.length > 0) {
    answers.append(h('h3', null, t('case.sends')), h('ul#case-sends', null, sends.map((s) => {
      const state = s.state === 'sent' ? t('send.sent', { id: s.platform_id ?? '' })
        : s.state === 'retrying' ? t('send.retrying', { at: dateTime(s.next_at), error: s.error ?? '' })
          : s.state === 'failed' ? t('send.failed', { error: s.error ?? '' })
            : t(('send.' + s.state) as Key);
      const again = async () => {
        try { await api('POST', `/api/v1/outbox/${s.id}/retry`); go('#/cases/' + id); }
        catch (err) { msg.textContent = t('app.error', { msg: err instanceof Error ? err.message : String(err) }); }
      };
      const retry = can('approve_answer') && (s.state === 'failed' || s.state === 'retrying')
        ? h('button', { type: 'button', 'data-send': String(s.id), onclick: () => void again() }, t('case.sendRetry'))
        : null;
      return h('li', { class: s.state === 'failed' ? 'bad' : null, 'data-state': s.state },
        t('case.sendLine', { channel: t(('send.' + s.channel) as Key), state }), ' ', retry);
    })));
  }
  const history = h('section.card', { 'aria-labelledby': 'c-hist' }, h('h2#c-hist', null, t('case.history')),
    h('ol.history', null, events.map((e) => h('li', null, h('time', { datetime: e.at }, dateTime(e.at)), ' ',
      e.to_state ? t('case.event', { action: e.action, from: e.from_state ? stateName(e.from_state) : '∅', to: stateName(e.to_state) }) : e.action,
      e.note ? h('p', null, e.note) : null))));
  if (can('handle_case')) {
    const text = h('textarea', { name: 'text', rows: 2, required: true });
    const f = h('form#comment', null, field(t('case.comment'), text), h('button', { type: 'submit' }, t('case.addComment')));
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      try { await api('POST', `/api/v1/cases/${id}/events`, { text: text.value }); go('#/cases/' + id); }
      catch (err) { msg.textContent = t('app.error', { msg: err instanceof Error ? err.message : String(err) }); }
    });
    history.append(f);
  }
  const reach = ['published', 'closed'].includes(c.state) ? await reachCard(id) : null;
  clear(main);
  main.append(h('p.back', null, h('a', { href: '#/cases' }, '← ' + t('nav.cases'))),
    h('h1', null, t('case.title', { id: c.id, title: c.title })), msg,
    h('div.grid2', null, details, actions), answers, reach ?? '', history);
}
