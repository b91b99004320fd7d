// Publishing ("Xuất bản"): the outbox's sends of published answers — waiting
// (queued, sending, retrying), published (sent) and failed with the
// platform's own message — and, for the roles that approve and publish, a
// retry of a failed send (GET /api/v1/outbox, POST /api/v1/outbox/{id}/retry).
// A send never shows its recipient or its text; the case links to both.
import { h } from '../dom';
import { t, num, dateTime, type Key } from '../i18n';
import { get, api, can } from '../api';
import { go } from '../nav';

interface Send {
  id: number; case_id: number; channel: string; state: string; attempts: number; next_at: string | null;
  platform_id: string | null; error: string | null; created_at: string; updated_at: string; sent_at: string | null;
}

const LIMIT = 100;

export async function renderPublish(main: HTMLElement): Promise<void> {
  const states = ['queued', 'sending', 'retrying', 'sent', 'failed'] as const;
  const lists = await Promise.all(states.map((s) => get<Send[]>(`/api/v1/outbox?state=${s}&limit=${LIMIT}`)));
  const by = Object.fromEntries(states.map((s, i) => [s, lists[i]])) as Record<(typeof states)[number], Send[]>;
  const waiting = [...by.queued, ...by.sending, ...by.retrying].sort((a, b) => b.id - a.id);
  const msg = h('p.msg', { role: 'status' });
  const retry = (s: Send) => {
    if (!can('approve_answer') || (s.state !== 'failed' && s.state !== 'retrying')) return null;
    const again = async () => {
      try {
        await api('POST', `/api/v1/outbox/${s.id}/retry`);
        go('#/publish');
      } catch (err) {
        msg.textContent = t('app.error', { msg: err instanceof Error ? err.message : String(err) });
      }
    };
    return h('button.small', { type: 'button', id: 'retry-' + s.id, onclick: () => void again() }, t('case.sendRetry'));
  };
  const table = (id: string, rows: Send[], cols: 'waiting' | 'sent' | 'failed') => rows.length === 0
    ? h('p', { id }, t('pub.none'))
    : h('div.table-wrap', null, h('table', { id },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('pub.case')), h('th', { scope: 'col' }, t('pub.channel')),
        h('th', { scope: 'col' }, cols === 'sent' ? t('pub.sentAt') : t('pub.updatedAt')),
        h('th.num', { scope: 'col' }, t('pub.attempts')),
        h('th', { scope: 'col' }, cols === 'sent' ? t('pub.platformId') : cols === 'failed' ? t('pub.error') : t('pub.state')),
        cols === 'failed' ? h('th', { scope: 'col' }, h('span.sr', null, t('pub.action'))) : null)),
      h('tbody', null, rows.map((s) => h('tr', { 'data-send': String(s.id), 'data-state': s.state },
        h('td', null, h('a', { href: '#/cases/' + s.case_id }, '#' + s.case_id)),
        h('td', null, t(('send.' + s.channel) as Key)),
        h('td', null, dateTime(cols === 'sent' ? s.sent_at : s.updated_at)),
        h('td.num', null, num(s.attempts)),
        h('td.wrap', null, cols === 'sent' ? (s.platform_id ?? t('common.none'))
          : cols === 'failed' ? (s.error ?? t('common.none'))
            : s.state === 'retrying' ? t('send.retrying', { at: dateTime(s.next_at), error: s.error ?? '' }) : t(('send.' + s.state) as Key)),
        cols === 'failed' ? h('td', null, retry(s)) : null)))));
  const section = (id: string, title: string, n: number, body: HTMLElement) =>
    h('section.card', { 'aria-labelledby': id }, h('h2', { id }, t('pub.heading', { title, n: n >= LIMIT ? `${num(LIMIT)}+` : num(n) })), body);
  main.append(h('h1', null, t('pub.title')), h('p', null, t('pub.intro')), msg,
    section('pub-failed', t('pub.failed'), by.failed.length, table('pub-failed-list', by.failed, 'failed')),
    section('pub-waiting', t('pub.waiting'), waiting.length, table('pub-waiting-list', waiting, 'waiting')),
    section('pub-sent', t('pub.sent'), by.sent.length, table('pub-sent-list', by.sent, 'sent')));
}
