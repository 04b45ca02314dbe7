import type { TabMessage } from './tab-messages.ts'

/**
 * How a tab tells that it missed other tabs' messages (a frozen or hung page hears nothing).
 * Every tab numbers its messages 1, 2, 3…; a tab says `hello` when it starts and the open tabs
 * answer `here`, whose number it counts from.
 */
export class MessageNumbers {
  /** The number of this tab's last message. */
  #mine = 0
  /** The last number heard from each other tab. */
  readonly #heard = new Map<string, number>()
  /** Frozen or hung at some time since it started: a tab first heard from since may have talked unheard. */
  #woken = false

  /** The number for this tab's next message. */
  next(): number {
    return ++this.#mine
  }

  /** This tab was frozen, hung or taken over for its silence. */
  woke(): void {
    this.#woken = true
  }

  /**
   * Whether messages of this sender were lost before this one. A sender first heard from has
   * just started (its first message), or answers the hello this tab said when it started (its
   * number is then the start: what it said before is not this tab's to know). Anything else
   * first heard comes from a tab that did not hear that hello (frozen since before this tab
   * started), or that started while this tab was frozen. Tabs of an older version number
   * nothing and are not counted.
   */
  missedBefore(m: TabMessage): boolean {
    if (m.seq === undefined) return false
    const last = this.#heard.get(m.from)
    if (m.t === 'bye') this.#heard.delete(m.from)
    else this.#heard.set(m.from, m.seq)
    if (last === undefined) return m.seq > 1 && (m.t !== 'here' || this.#woken)
    return m.seq > last + 1
  }
}
