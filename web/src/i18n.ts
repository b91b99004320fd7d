// Translations: Vietnamese by default, English when chosen (kept in
// localStorage). Numbers and dates follow the language (1.234,5 in Vietnamese).
import { vi, type Key } from './locales/vi';
import { en } from './locales/en';

export type Lang = 'vi' | 'en';
let lang: Lang = (localStorage.getItem('vox.lang') as Lang) === 'en' ? 'en' : 'vi';

export function getLang(): Lang { return lang; }
export function setLang(l: Lang): void {
  lang = l;
  localStorage.setItem('vox.lang', l);
  document.documentElement.lang = l;
}

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const s: string = (lang === 'en' ? en : vi)[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? fmtValue(vars[k]) : `{${k}}`));
}

function fmtValue(v: string | number): string { return typeof v === 'number' ? num(v) : v; }

export function num(n: number): string {
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return t('common.none');
  return new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}

export function date(iso: string): string {
  const d = iso.length === 10 ? new Date(iso + 'T12:00:00+07:00') : new Date(iso);
  return d.toLocaleDateString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' });
}

export type { Key };
