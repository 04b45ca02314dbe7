/** Who is logged in at the site, as far as this page can tell. */
export type SessionCheck = { readonly kind: 'user'; readonly user: string } | { readonly kind: 'guest' } | { readonly kind: 'offline' }

export type LoginResult = { readonly kind: 'ok'; readonly user: string } | { readonly kind: 'refused'; readonly message: string } | { readonly kind: 'offline' }

const REMEMBERED = 'outpost-desk:user'

/** The last user who logged in on this device: the app opens their local data with the server down. */
export function rememberedUser(): string | undefined {
  return localStorage.getItem(REMEMBERED) ?? undefined
}

export function rememberUser(user: string | undefined): void {
  if (user === undefined) localStorage.removeItem(REMEMBERED)
  else localStorage.setItem(REMEMBERED, user)
}

async function call(path: string, init?: RequestInit): Promise<Response | undefined> {
  try {
    return await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) }, ...init })
  } catch {
    return undefined
  }
}

/** Frappe's `frappe.auth.get_logged_user` with the page's cookie. */
export async function checkSession(): Promise<SessionCheck> {
  const res = await call('/api/method/frappe.auth.get_logged_user')
  if (!res || res.status >= 500) return { kind: 'offline' }
  if (!res.ok) return { kind: 'guest' }
  const body = (await res.json().catch(() => ({}))) as { message?: unknown }
  return typeof body.message === 'string' && body.message !== 'Guest' ? { kind: 'user', user: body.message } : { kind: 'guest' }
}

/** POST /api/method/login; the site sets the `sid` cookie the replica then syncs with. */
export async function login(usr: string, pwd: string): Promise<LoginResult> {
  const res = await call('/api/method/login', { method: 'POST', body: JSON.stringify({ usr, pwd }) })
  if (!res || res.status >= 500) return { kind: 'offline' }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: unknown }
    return { kind: 'refused', message: typeof body.message === 'string' ? body.message : `Login failed (${res.status})` }
  }
  const who = await checkSession()
  return { kind: 'ok', user: who.kind === 'user' ? who.user : usr }
}

export async function logout(): Promise<void> {
  await call('/api/method/logout', { method: 'POST' })
}
