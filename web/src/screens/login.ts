import { h, field } from '../dom';
import { t } from '../i18n';
import { signIn } from '../api';

export async function renderLogin(main: HTMLElement, done: () => void): Promise<void> {
  const userIn = h('input', { name: 'user', autocomplete: 'username', required: true, autofocus: true });
  const pwIn = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('p.error', { role: 'alert', 'aria-live': 'assertive' });
  const form = h('form.card.login', { id: 'login' },
    h('h1', null, t('login.title')),
    h('p', null, t('login.intro')),
    field(t('login.user'), userIn),
    field(t('login.password'), pwIn),
    h('button', { type: 'submit' }, t('login.submit')),
    msg);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    msg.textContent = '';
    try {
      await signIn(userIn.value.trim(), pwIn.value);
      done();
    } catch (err) {
      msg.textContent = t('login.failed', { msg: err instanceof Error ? err.message : String(err) });
      pwIn.value = '';
      pwIn.focus();
    }
  });
  main.append(form);
}
