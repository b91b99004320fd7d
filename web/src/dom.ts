// A tiny DOM helper: h('tag.class', {attrs}, ...children). Text is always set
// as text (never parsed as HTML), so nothing an item says can run.
type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(spec: K | `${K}.${string}` | `${K}#${string}`,
  attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const tag = /^[a-z0-9]+/.exec(spec)![0];
  const el = document.createElement(tag) as HTMLElementTagNameMap[K];
  const classes: string[] = [];
  for (const [, kind, name] of spec.slice(tag.length).matchAll(/([.#])([\w-]+)/g)) {
    if (kind === '#') el.id = name; else classes.push(name);
  }
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

// A snippet the server escaped, with <mark> around the words found: rebuilt
// as text nodes and <mark> elements only (an inert template parses it).
export function snippet(html: string): DocumentFragment {
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  const out = document.createDocumentFragment();
  const walk = (from: Node, to: Node) => {
    for (const n of Array.from(from.childNodes)) {
      if (n.nodeType === Node.TEXT_NODE) to.appendChild(document.createTextNode(n.textContent ?? ''));
      else if (n.nodeName === 'MARK') { const m = document.createElement('mark'); walk(n, m); to.appendChild(m); }
      else walk(n, to);
    }
  };
  walk(tpl.content, out);
  return out;
}

export function clear(el: Element): void { while (el.firstChild) el.removeChild(el.firstChild); }

// A labelled form control.
export function field(label: string, control: HTMLElement): HTMLElement {
  const id = control.id || 'f-' + Math.random().toString(36).slice(2, 9);
  control.id = id;
  return h('div.field', null, h('label', { for: id }, label), control);
}

export function select(name: string, options: [string, string][], value = ''): HTMLSelectElement {
  const s = h('select', { name });
  for (const [v, label] of options) s.appendChild(h('option', { value: v, selected: v === value }, label));
  return s;
}
