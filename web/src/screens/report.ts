// The leadership report's download (GET /api/v1/report) and the
// collaborators' report form (POST /api/v1/reports: content only).
import { h, field, select } from '../dom';
import { t, dateTime } from '../i18n';
import { get, api, can } from '../api';

export async function renderReport(main: HTMLElement): Promise<void> {
  main.append(h('h1', null, t('report.title')));
  if (can('read_cases')) {
    const form = h('form.filters', { action: '/api/v1/report', method: 'get', id: 'report' },
      field(t('report.from'), h('input', { type: 'date', name: 'from', required: true })),
      field(t('report.to'), h('input', { type: 'date', name: 'to', required: true })),
      field(t('report.format'), select('format', [['pdf', 'PDF'], ['html', 'HTML']], 'pdf')),
      field(t('report.lang'), select('lang', [['vi', 'Tiếng Việt'], ['en', 'English']], 'vi')),
      h('button', { type: 'submit' }, t('report.submit')));
    main.append(form);
  }
  if (can('submit_report')) {
    const text = h('textarea', { name: 'text', rows: 4, required: true });
    const link = h('input', { name: 'link', type: 'url' });
    const place = h('input', { name: 'place' });
    const concern = h('input', { name: 'concern' });
    const msg = h('p.msg', { role: 'status', 'aria-live': 'polite' });
    const form = h('form#collab', null, h('h2', null, t('report.collab')), field(t('report.text'), text), field(t('report.link'), link),
      field(t('report.place'), place), field(t('report.concern'), concern), h('button', { type: 'submit' }, t('report.send')), msg);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', '/api/v1/reports', { text: text.value, link: link.value, place: place.value, concern: concern.value });
        msg.textContent = t('report.sent');
        form.reset();
      } catch (err) { msg.textContent = t('app.error', { msg: err instanceof Error ? err.message : String(err) }); }
    });
    main.append(form);
    const mine = await get<{ id: number; created_at: string; text: string }[]>('/api/v1/reports').catch(() => []);
    if (mine.length) main.append(h('h2', null, t('report.mine')), h('ul.plain', null, mine.slice(0, 20).map((r) => h('li', null, dateTime(r.created_at), ' — ', r.text))));
  }
}
