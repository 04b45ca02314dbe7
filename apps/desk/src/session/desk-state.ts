import { isStoreLocked, openBrowserReplica, type BrowserReplica } from '@outpost/browser'
import { OutpostError, type Replica } from '@outpost/core'
import { reactive, shallowRef } from 'vue'
import { DESK_DOCTYPES, DESK_HOOKS } from './desk-doctypes.ts'
import { checkSession, login, logout, rememberedUser, rememberUser, type LoginResult } from './session.ts'

/** `locked`: this device's data is encrypted and waits for its passphrase. */
export type DeskPhase = 'starting' | 'login' | 'opening' | 'locked' | 'booting' | 'ready' | 'failed'

/** The app's one piece of global state: who is logged in, and their replica once it is open. */
export const desk = reactive({
  phase: 'starting' as DeskPhase,
  user: undefined as string | undefined,
  /** Boot progress: documents loaded and (when the server says) how many there are. */
  progress: { done: 0, total: undefined as number | undefined },
  /** Why opening or booting failed, or a note for the login page. */
  message: undefined as string | undefined,
  /** How the local data is kept: encrypted at rest, and promised not to be evicted by the browser. */
  storage: { encrypted: false, persisted: false },
})

const opened = shallowRef<BrowserReplica | undefined>(undefined)

/** The open replica; only called below the shell, which renders once the phase is `ready`. */
export function deskReplica(): Replica {
  if (!opened.value) throw new Error('The replica is not open yet')
  return opened.value.replica
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/**
 * Open the user's local database; the first time, load the site's data with a progress bar.
 * With a passphrase a new database is encrypted at rest; an encrypted one asks for it (`locked`),
 * at every page load, since the passphrase is kept nowhere.
 */
async function open(user: string, passphrase?: string): Promise<void> {
  desk.user = user
  desk.phase = 'opening'
  desk.message = undefined
  try {
    const browser = await openBrowserReplica({ user, doctypes: DESK_DOCTYPES, hooks: DESK_HOOKS, autoStart: false, ...(passphrase ? { passphrase } : {}) })
    opened.value = browser
    desk.storage = { encrypted: browser.encrypted, persisted: browser.persisted }
    if (browser.replica.status.lastSync === undefined) {
      desk.phase = 'booting'
      desk.progress = { done: 0, total: undefined }
      const summary = await browser.replica.boot({ onProgress: (p) => (desk.progress = { done: p.done, total: p.total }) })
      if (summary.offline || summary.authRequired) throw new Error(summary.authRequired ? 'The site asks for a login.' : 'The site went offline while loading its data.')
    }
    await browser.replica.start()
    desk.phase = 'ready'
  } catch (e) {
    await opened.value?.close().catch(() => undefined)
    opened.value = undefined
    if (isStoreLocked(e)) {
      desk.phase = 'locked'
      desk.message = passphrase ? 'That passphrase does not open the data on this device.' : undefined
      return
    }
    desk.phase = 'failed'
    // the store refuses to encrypt a database it already holds in the clear, rather than pretend
    desk.message = passphrase && e instanceof OutpostError && e.code === 'INVALID_ARGUMENT'
      ? 'The data on this device was saved without a passphrase, so it stays unencrypted: "Try again" opens it as it is.'
      : reason(e)
  }
}

/** The passphrase of this device's encrypted data, asked for by the unlock page. */
export async function deskUnlock(passphrase: string): Promise<void> {
  if (desk.user) await open(desk.user, passphrase)
}

/** At page load: the session cookie's user, else (server down) the last user of this device. */
export async function startDesk(): Promise<void> {
  const session = await checkSession()
  if (session.kind === 'user') {
    rememberUser(session.user)
    return open(session.user)
  }
  const remembered = rememberedUser()
  if (session.kind === 'offline' && remembered) return open(remembered)
  desk.phase = 'login'
  desk.message = session.kind === 'offline' ? 'The site is unreachable. Log in once while online; after that the desk works offline.' : undefined
}

/** The login form: on success the replica opens (a first login also loads the data). */
export async function deskLogin(usr: string, pwd: string, passphrase?: string): Promise<LoginResult> {
  const result = await login(usr, pwd)
  if (result.kind !== 'ok') return result
  rememberUser(result.user)
  if (opened.value) {
    // A session that expired while working: the replica carries on with the new cookie.
    void opened.value.replica.sync()
    return result
  }
  await open(result.user, passphrase)
  return result
}

/** Log out at the site and close the replica; the local data stays for the next login. */
export async function deskLogout(): Promise<void> {
  await logout()
  await opened.value?.close()
  opened.value = undefined
  rememberUser(undefined)
  desk.user = undefined
  desk.phase = 'login'
  desk.message = undefined
}

export async function retryOpen(): Promise<void> {
  if (desk.user) await open(desk.user)
  else await startDesk()
}
