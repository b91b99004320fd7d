// The API: JSON in and out, the session cookie sent by the browser, the CSRF
// token (POST /api/v1/session answers it; GET answers it again after a
// reload) on every request that changes something.
export interface User { name: string; role: string; id?: number; can: string[] }
let csrf: string | null = null;
export let user: User | null = null;

export class ApiError extends Error {
  constructor(public status: number, message: string, public body: any) { super(message); }
}

export async function api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ data: T; res: Response }> {
  const h: Record<string, string> = { Accept: 'application/json', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) h['X-CSRF-Token'] = csrf;
  const res = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await res.text();
  let data: any = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
  if (!res.ok) throw new ApiError(res.status, (data && data.error) || 'HTTP ' + res.status, data);
  if (method !== 'GET') noteOwnWrite(path, data);
  return { data, res };
}

export async function get<T = any>(path: string): Promise<T> { return (await api<T>('GET', path)).data; }

// A read with its headers (X-Next-Cursor).
export async function getPage<T = any>(path: string): Promise<{ data: T; res: Response }> { return api<T>('GET', path); }

export async function restore(): Promise<User | null> {
  try {
    const s = await get<{ csrf: string | null; user: User }>('/api/v1/session');
    csrf = s.csrf;
    user = { ...s.user, can: s.user.can ?? [] };
  } catch { user = null; }
  return user;
}

export async function signIn(name: string, password: string): Promise<User> {
  const { data } = await api<{ csrf: string; user: User }>('POST', '/api/v1/session', { user: name, password });
  csrf = data.csrf;
  user = { ...data.user, can: data.user.can ?? [] };
  return user;
}

export async function signOut(): Promise<void> {
  try { await api('DELETE', '/api/v1/session'); } finally { csrf = null; user = null; }
}

export function can(action: string): boolean { return !!user && user.can.includes(action); }

// Cases this tab has just written (id -> when): the live notice does not
// announce the reader's own changes as new.
const ownWrites = new Map<number, number>();
function noteOwnWrite(path: string, data: any): void {
  const m = /^\/api\/v1\/cases\/(\d+)/.exec(path);
  const id = m ? Number(m[1]) : data && typeof data.case_id === 'number' ? data.case_id
    : path === '/api/v1/cases' && data && typeof data.id === 'number' ? data.id : 0;
  if (id) ownWrites.set(id, Date.now());
}
export function wroteRecently(caseId: number, withinMs = 30000): boolean {
  const at = ownWrites.get(caseId);
  return at !== undefined && Date.now() - at < withinMs;
}
