// Live notices: GET /api/v1/events (server-sent events) tells the signed-in
// dashboard that new rising stories, matches waiting or new and changed cases
// are there. The screen never changes under the reader's eyes: a quiet notice
// ("Có N mục mới — tải lại") offers to load the screen again.
import { h } from './dom';
import { t } from './i18n';
import { wroteRecently } from './api';

let source: EventSource | null = null;
let count = 0;
let onReload: () => void = () => {};
const box = h('div#live', { role: 'status', 'aria-live': 'polite' });

function show(): void {
  box.replaceChildren();
  if (count === 0) return;
  box.append(h('button.link#live-reload', { type: 'button', onclick: () => { reset(); onReload(); } },
    t('live.notice', { n: count })));
}

// The notice's place in the page (kept across screens), and what "reload" does.
export function liveNotice(reload: () => void): HTMLElement {
  onReload = reload;
  show();
  return box;
}

// A screen was loaded: what it shows is current.
export function reset(): void {
  count = 0;
  show();
}

export function startLive(): void {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/events');
  for (const name of ['stories', 'matches', 'cases']) {
    source.addEventListener(name, (e) => {
      let n = 1;
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as { new?: number; opened?: number[]; changed?: number[] };
        // The reader's own changes to cases are not news to them.
        n = name === 'cases' ? [...(data.opened ?? []), ...(data.changed ?? [])].filter((id) => !wroteRecently(id)).length
          : Math.max(1, Number(data.new) || 0);
      } catch { /* a malformed event still says something changed */ }
      if (n === 0) return;
      count += n;
      show();
    });
  }
}

export function stopLive(): void {
  source?.close();
  source = null;
  reset();
}
