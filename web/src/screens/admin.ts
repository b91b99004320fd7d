// Administration ("Quản trị"), for the admin role: staff accounts, units,
// API tokens, sources, settings (a secret shows only whether it is set: the
// server never answers its value) and the audit log, newest page first with
// the chain's check. The changes the API offers are here too, each audited by
// the server: lock or unlock an account, add a unit, make a token (shown
// once) or revoke one. Settings are changed with `vox settings set`.
import { h, field, select } from '../dom';
import { t, num, dateTime, type Key } from '../i18n';
import { get, api, user } from '../api';
import { go } from '../nav';

const ROLES = ['admin', 'editor', 'analyst', 'collaborator', 'viewer'] as const;
const UNIT_KINDS = ['ward', 'commune', 'agency', 'other'] as const;

interface User { id: number; name: string; role: string; unit_id: number | null; disabled: boolean; locked: boolean; created_at: string }
interface Unit { id: number; name: string; kind: string; created_at: string }
interface Token { id: number; name: string; role: string; created_at: string; last_used: string | null; revoked: boolean }
interface Setting { name: string; value: string | null; default: string | null; secret: boolean; set: boolean; bytes?: number | null }
interface Audit { seq: number; at: string; actor: string; action: string; target: string; after: unknown }
interface Check { entries: number; intact: boolean; first_break: { seq: number; why: string } | null }

const PAGE = 50;

// A table in a region that scrolls sideways on a phone; the region takes the
// focus so that a keyboard can scroll it (it may hold no link or button).
function table(id: string, head: string[], rows: (string | number | HTMLElement | null)[][]): HTMLElement {
  if (rows.length === 0) return h('p', { id }, t('admin.none'));
  const label = t(('admin.' + id.replace(/^admin-/, '')) as Key);  // admin-users: admin.users
  return h('div.table-wrap', { tabindex: 0, role: 'region', 'aria-label': label }, h('table', { id },
    h('thead', null, h('tr', null, head.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c ?? t('common.none'))))))));
}

function card(id: string, title: string, ...body: HTMLElement[]): HTMLElement {
  return h('section.card', { 'aria-labelledby': id }, h('h2', { id }, title), ...body);
}

export async function renderAdmin(main: HTMLElement, _arg: string, q: URLSearchParams): Promise<void> {
  const [users, units, tokens, stats, settings, check] = await Promise.all([
    get<User[]>('/api/v1/users'), get<Unit[]>('/api/v1/units'), get<Token[]>('/api/v1/tokens'),
    get<{ sources: { name: string; items: number }[] }>('/api/v1/stats'), get<Setting[]>('/api/v1/settings'),
    get<Check>('/api/v1/audit/verify'),
  ]);
  // The audit log is oldest first by sequence number: the newest page is after N - PAGE.
  const last = check.entries;
  const asked = Number(q.get('audit'));
  const after = Number.isFinite(asked) && asked >= 0 && q.has('audit') ? Math.min(asked, last) : Math.max(0, last - PAGE);
  const audit = await get<Audit[]>(`/api/v1/audit?limit=${PAGE}&after=${after}`);
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  const yes = (b: boolean) => (b ? t('admin.yes') : '');

  const settingValue = (s: Setting): string => {
    if (s.secret) return s.set ? t('admin.secretSet') : t('admin.notSet');
    if (s.bytes !== undefined) return s.bytes === null ? t('admin.builtIn') : t('admin.bytes', { n: s.bytes });
    if (s.value !== null) return s.value;
    return s.default !== null ? t('admin.default', { v: s.default }) : t('admin.notSet');
  };
  const msg = h('p.msg#admin-msg', { role: 'status' });
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      go('#/admin' + (q.has('audit') ? '?audit=' + q.get('audit') : ''));
    } catch (err) {
      msg.textContent = t('app.error', { msg: err instanceof Error ? err.message : String(err) });
    }
  };
  const lockButton = (u: User) => user && u.name === user.name ? null
    : h('button.small', { type: 'button', 'data-user': String(u.id),
      onclick: () => void act(() => api('PATCH', `/api/v1/users/${u.id}`, { disabled: !u.disabled })) },
    u.disabled ? t('admin.enable') : t('admin.disable'));
  const revokeButton = (x: Token) => x.revoked ? null
    : h('button.small', { type: 'button', 'data-token': String(x.id),
      onclick: () => void act(() => api('DELETE', `/api/v1/tokens/${x.id}`)) }, t('admin.revoke'));
  // A new unit.
  const unitName = h('input', { name: 'name', required: true, maxlength: 200 });
  const unitKind = select('kind', UNIT_KINDS.map((k): [string, string] => [k, t(('admin.unitKind.' + k) as Key)]), 'ward');
  const unitForm = h('form.inline#add-unit', null, field(t('admin.name'), unitName), field(t('admin.kind'), unitKind),
    h('button', { type: 'submit' }, t('admin.addUnit')));
  unitForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(() => api('POST', '/api/v1/units', { name: unitName.value, kind: unitKind.value }));
  });
  // A new token: its value is answered once, shown here once.
  const tokenName = h('input', { name: 'name', required: true, maxlength: 200 });
  const tokenRole = select('role', ROLES.map((r): [string, string] => [r, t(('role.' + r) as Key)]), 'analyst');
  const tokenShown = h('p#new-token');
  const tokenForm = h('form.inline#add-token', null, field(t('admin.name'), tokenName), field(t('admin.role'), tokenRole),
    h('button', { type: 'submit' }, t('admin.addToken')));
  tokenForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      try {
        const { data } = await api<{ token: string }>('POST', '/api/v1/tokens', { name: tokenName.value, role: tokenRole.value });
        tokenShown.replaceChildren(t('admin.tokenOnce'), ' ', h('code.token', null, data.token));
        tokenName.value = '';
        msg.textContent = '';
      } catch (err) {
        msg.textContent = t('app.error', { msg: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
  const older = after > 0 ? h('a#audit-older', { href: `#/admin?audit=${Math.max(0, after - PAGE)}` }, t('admin.older')) : null;
  const newer = after + PAGE < last ? h('a#audit-newer', { href: `#/admin?audit=${after + PAGE}` }, t('admin.newer')) : null;

  main.append(h('h1', null, t('admin.title')), msg,
    h('nav.toc', { 'aria-label': t('admin.sections') }, h('ul', null,
      (['users', 'units', 'tokens', 'sources', 'settings', 'audit'] as const).map((k) =>
        h('li', null, h('a', { href: '#/admin', 'data-to': 'adm-' + k, onclick: (e: Event) => {
          e.preventDefault();
          document.getElementById('adm-' + k)?.scrollIntoView();
        } }, t(('admin.' + k) as Key)))))),
    card('adm-users', t('admin.users'), table('admin-users',
      [t('admin.name'), t('admin.role'), t('admin.unit'), t('admin.disabled'), t('admin.locked'), t('admin.created'), t('admin.change')],
      users.map((u) => [u.name, t(('role.' + u.role) as Key), u.unit_id ? unitNames.get(u.unit_id) ?? '#' + u.unit_id : null,
        yes(u.disabled), yes(u.locked), dateTime(u.created_at), lockButton(u)]))),
    card('adm-units', t('admin.units'), table('admin-units', [t('admin.name'), t('admin.kind'), t('admin.created')],
      units.map((u) => [u.name, t(('admin.unitKind.' + u.kind) as Key), dateTime(u.created_at)])), unitForm),
    card('adm-tokens', t('admin.tokens'), h('p.help', null, t('admin.tokensHelp')), table('admin-tokens',
      [t('admin.name'), t('admin.role'), t('admin.created'), t('admin.lastUsed'), t('admin.revoked'), t('admin.change')],
      tokens.map((x) => [x.name, t(('role.' + x.role) as Key), dateTime(x.created_at), dateTime(x.last_used), yes(x.revoked),
        revokeButton(x)])), tokenForm, tokenShown),
    card('adm-sources', t('admin.sources'), table('admin-sources', [t('admin.name'), t('admin.items')],
      stats.sources.map((s) => [s.name, num(s.items)]))),
    card('adm-settings', t('admin.settings'), h('p.help', null, t('admin.settingsHelp')), table('admin-settings',
      [t('admin.setting'), t('admin.value')], settings.map((s) => [h('code', null, s.name), settingValue(s)]))),
    card('adm-audit', t('admin.audit'),
      h('p#audit-check', { class: check.intact ? null : 'error' }, check.intact
        ? t('admin.auditIntact', { n: check.entries })
        : t('admin.auditBroken', { seq: check.first_break?.seq ?? 0, why: check.first_break?.why ?? '' })),
      table('admin-audit', [t('admin.seq'), t('admin.at'), t('admin.actor'), t('admin.action'), t('admin.target')],
        audit.slice().reverse().map((e) => [num(e.seq), dateTime(e.at), e.actor, h('code', null, e.action), e.target])),
      h('p.pager', null, newer, older)));
}
