import type { Locator, Page } from 'playwright-core'

/** What the e2e tests do on the desk, as a user would: labels, roles and keys. */
export class DeskPage {
  constructor(readonly page: Page, readonly url: string) {}

  /** `passphrase`: encrypt this device's data with it (the login page's optional field). */
  async login(usr: string, pwd: string, passphrase?: string): Promise<void> {
    await this.page.goto(`${this.url}/`)
    await this.page.getByLabel('Email or user name').fill(usr)
    await this.page.getByLabel('Password').fill(pwd)
    if (passphrase !== undefined) await this.page.getByLabel('Device passphrase (optional)').fill(passphrase)
    await this.page.getByRole('button', { name: 'Log in' }).click()
    await this.page.getByRole('heading', { name: 'Home' }).waitFor({ timeout: 60_000 })
  }

  /** Client-side navigation through the sidebar and the list's New button (works with the server down). */
  async newDoc(doctype: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Desk' }).getByRole('link', { name: doctype, exact: true }).click()
    await this.page.getByRole('heading', { name: doctype, exact: true }).waitFor()
    await this.page.getByRole('link', { name: '+ New' }).click()
    await this.page.getByRole('heading', { name: `New ${doctype}` }).waitFor()
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true })
  }

  /** Type into a Link field and pick the suggestion that shows `option`. */
  async pickLink(input: Locator, text: string, option: string | RegExp): Promise<void> {
    await input.click()
    await input.fill(text)
    const choice = this.page.getByRole('listbox').getByRole('option').filter({ hasText: option }).first()
    await choice.waitFor({ timeout: 10_000 })
    await choice.click()
  }

  /** Confirm in the desk's dialog (frappe-ui's Dialog) by its action button, e.g. "Submit". */
  async confirm(action: string): Promise<void> {
    const dialog = this.page.getByRole('dialog')
    await dialog.getByRole('button', { name: action, exact: true }).click()
    await dialog.waitFor({ state: 'detached' })
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+s')
  }

  /** Press "Sync now" and wait for that sync to end (the button reads "Syncing…" meanwhile). */
  async syncNow(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sync now', exact: true }).click()
    // Vue re-renders the button before the next task: from here on it says "Syncing…" until the sync ends.
    await this.page.getByRole('button', { name: 'Sync now', exact: true }).waitFor({ timeout: 60_000 })
  }

  async tab(name: string): Promise<void> {
    await this.page.getByRole('tab', { name }).click()
  }

  docName(): Promise<string> {
    return this.page.getByTestId('doc-name').innerText()
  }

  async shot(name: string, dir: string): Promise<void> {
    await this.page.screenshot({ path: `${dir}/${name}.png`, fullPage: false })
  }
}
