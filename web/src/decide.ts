// Confirm or reject a fact-check match (POST /api/v1/matches/decision): two
// buttons that replace themselves with the new state once the server has
// recorded it (and audited it). Shown only to roles that handle cases and
// read items, as the server allows.
import { h, clear } from './dom';
import { t, type Key } from './i18n';
import { api, can, ApiError } from './api';

export interface MatchRef { source: string; item_id: string; factcheck_id: string; state: string }

export function canDecide(): boolean { return can('handle_case') && can('read_items'); }

// The state cell's content: the state's name, and the two buttons while staff have not decided.
export function decision(m: MatchRef, onDecided?: (state: string) => void): HTMLElement {
  const box = h('span.decision');
  const status = h('span.state', { role: 'status' }, t(('fc.state.' + m.state) as Key));
  box.append(status);
  if (!canDecide() || m.state === 'accepted' || m.state === 'rejected') return box;
  const what = `${m.source} · ${m.item_id}`;
  const buttons = h('span.buttons');
  const send = async (choice: 'accept' | 'reject') => {
    for (const b of buttons.querySelectorAll('button')) b.disabled = true;
    try {
      const { data } = await api<{ state: string }>('POST', '/api/v1/matches/decision',
        { source: m.source, item_id: m.item_id, factcheck_id: m.factcheck_id, decision: choice });
      m.state = data.state;
      status.textContent = t(('fc.state.' + data.state) as Key);
      clear(buttons);
      onDecided?.(data.state);
    } catch (e) {
      for (const b of buttons.querySelectorAll('button')) b.disabled = false;
      status.textContent = t('fc.failed', { msg: e instanceof ApiError || e instanceof Error ? e.message : String(e) });
    }
  };
  buttons.append(
    h('button.small', { type: 'button', 'aria-label': t('fc.acceptLabel', { item: what }), onclick: () => void send('accept') }, t('fc.accept')),
    h('button.small.secondary', { type: 'button', 'aria-label': t('fc.rejectLabel', { item: what }), onclick: () => void send('reject') }, t('fc.reject')));
  box.append(' ', buttons);
  return box;
}
