import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { chromiumMissing, inCi, launchChromium } from '@outpost/browser/testing'
import { DeskPage } from './desk-page.ts'
import { ARTIFACTS, buildDesk, startDeskSite, type DeskSite } from './desk-site.ts'

const missing = chromiumMissing()
if (missing && inCi) throw new Error(`Desk e2e tests must run in CI: ${missing}`)

type Row = Record<string, unknown>

// What the page-side callbacks use (this file compiles without the DOM library).
declare const navigator: { readonly serviceWorker: { readonly ready: Promise<unknown> } }
declare const caches: { keys(): Promise<string[]> }

describe.skipIf(missing !== undefined)('Outpost Desk in Chromium against outpost serve', () => {
  let site: DeskSite
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let desk: DeskPage

  beforeAll(async () => {
    buildDesk()
    site = await startDeskSite()
    browser = await launchChromium()
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
    page = await context.newPage()
    page.on('pageerror', (e) => console.error('page error:', e))
    desk = new DeskPage(page, site.url)
    await desk.login('Administrator', 'admin')
    // The service worker has precached the shell: the app can start with the site down.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await page.waitForFunction(async () => (await caches.keys()).some((k) => k.startsWith('outpost-desk-')))
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await site?.destroy()
  })

  async function serverDoc(doctype: string, name: string): Promise<Row> {
    const res = await site.api<{ data: Row }>(`/api/resource/${encodeURIComponent(doctype)}/${encodeURIComponent(name)}`)
    expect(res.status).toBe(200)
    return res.body.data
  }

  it('works offline: customer, invoice, payment; survives a reload with the server down; syncs and follows the final names', async () => {
    onTestFailed(() => page.screenshot({ path: `${ARTIFACTS}/failed-offline-story.png` }).then(() => undefined))
    await page.goto(`${site.url}/app/sales-invoice`)
    await page.getByRole('table', { name: 'Sales Invoice list' }).getByRole('row').nth(5).waitFor()
    await desk.shot('list', ARTIFACTS)

    await site.stop()
    await page.getByRole('button', { name: 'Sync now' }).click()
    await expect.poll(() => page.getByTestId('connection').innerText()).toContain('Offline')
    // No passphrase was given: the desk says the local copy is not encrypted.
    expect(await page.getByTestId('storage').innerText()).toBe('Storage unencrypted')

    // A customer, created offline: it keeps a temp name until the site names it.
    await desk.newDoc('Customer')
    await desk.field('Customer Name').fill('Offline Traders')
    await desk.pickLink(desk.field('Customer Group'), 'Comm', 'Commercial')
    await desk.pickLink(desk.field('Territory'), 'Nor', 'North')
    await desk.save()
    await page.waitForURL(/\/app\/customer\/new-customer-/)
    const tempCustomer = decodeURIComponent(page.url().split('/').at(-1)!)

    // An invoice for it: Link autocomplete finds the new customer offline; totals follow the typing.
    await desk.newDoc('Sales Invoice')
    await desk.pickLink(desk.field('Customer'), 'Offline Tra', 'Offline Traders')
    await desk.pickLink(desk.field('Company'), '', /.+/)
    await page.getByRole('button', { name: 'Add row' }).first().click()
    await desk.pickLink(page.getByRole('combobox', { name: 'Item' }).first(), '', /.+/)
    await page.getByRole('textbox', { name: 'Quantity' }).first().fill('2')
    await page.getByRole('textbox', { name: 'Rate' }).first().fill('150')
    await page.getByRole('textbox', { name: 'Rate' }).first().press('Tab')
    await expect.poll(() => desk.field('Grand Total').inputValue()).toBe('300.00')
    await desk.shot('form', ARTIFACTS)
    await desk.save()
    await page.waitForURL(/\/app\/sales-invoice\/new-sales-invoice-/)
    // Submitting asks first (a modal dialog); Escape goes back without submitting.
    await page.getByRole('button', { name: 'Submit' }).click()
    await page.getByRole('dialog', { name: /^Submit new-sales-invoice-/ }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    expect(await page.getByRole('button', { name: 'Submit' }).count()).toBe(1)
    await page.getByRole('button', { name: 'Submit' }).click()
    await desk.confirm('Submit')
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count()).toBe(1)

    // A payment against the submitted invoice (a Dynamic Link to it, and to the customer).
    await desk.newDoc('Payment Entry')
    await desk.pickLink(desk.field('Company'), '', /.+/)
    await desk.pickLink(desk.field('Party'), 'Offline Tra', 'Offline Traders')
    await desk.field('Paid Amount').fill('300')
    await page.getByRole('button', { name: 'Add row' }).first().click()
    await desk.pickLink(page.getByRole('combobox', { name: 'Name' }).first(), 'Offline Tra', 'Offline Traders')
    await page.getByRole('textbox', { name: 'Allocated' }).first().fill('300')
    await desk.save()
    await page.waitForURL(/\/app\/payment-entry\/new-payment-entry-/)
    const tempPayment = decodeURIComponent(page.url().split('/').at(-1)!)
    await page.getByRole('button', { name: 'Submit' }).click()
    await desk.confirm('Submit')
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count()).toBe(1)
    await desk.shot('offline', ARTIFACTS)

    // Reload with the site down: the service worker starts the app, the data is all there.
    await page.reload()
    await page.getByTestId('doc-name').waitFor({ timeout: 30_000 })
    expect(await desk.docName()).toBe(tempPayment)
    await expect.poll(() => desk.field('Paid Amount').inputValue()).toBe('300.00')
    expect(Number((await page.getByTestId('pending').innerText()).split(' ')[0])).toBeGreaterThanOrEqual(3)
    await page.goto(`${site.url}/app/customer/${encodeURIComponent(tempCustomer)}`).catch(() => undefined)
    await page.getByRole('heading', { name: 'Offline Traders' }).waitFor({ timeout: 30_000 })

    // The site is back: the app syncs by itself; the route moves to the final name.
    await site.restart()
    await page.waitForURL((u) => !u.pathname.includes('new-customer-'), { timeout: 60_000 })
    const customer = decodeURIComponent(page.url().split('/').at(-1)!)
    expect(await desk.docName()).toBe(customer)
    await expect.poll(() => page.getByTestId('pending').innerText(), { timeout: 30_000 }).toBe('0 pending')

    const invoices = await site.api<{ data: Row[] }>(`/api/resource/Sales%20Invoice?filters=${encodeURIComponent(JSON.stringify([['customer', '=', customer]]))}&fields=${encodeURIComponent('["name","docstatus","grand_total"]')}`)
    expect(invoices.body.data).toHaveLength(1)
    const invoice = invoices.body.data[0]!
    expect(invoice).toMatchObject({ docstatus: 1, grand_total: 300 })
    const payments = await site.api<{ data: Row[] }>(`/api/resource/Payment%20Entry?filters=${encodeURIComponent(JSON.stringify([['party', '=', customer]]))}`)
    expect(payments.body.data).toHaveLength(1)
    const payment = await serverDoc('Payment Entry', String(payments.body.data[0]!['name']))
    expect(payment).toMatchObject({ docstatus: 1, party: customer, paid_amount: 300 })
    expect((payment['references'] as Row[])[0]).toMatchObject({ reference_doctype: 'Sales Invoice', reference_name: invoice['name'], allocated_amount: 300 })
    expect(await serverDoc('Sales Invoice', String(invoice['name']))).toMatchObject({ outstanding_amount: 0, status: 'Paid' })
  })

  it('a refused invoice shows on Sync Errors with the site\'s message; fixed in its form, it syncs', async () => {
    onTestFailed(() => page.screenshot({ path: `${ARTIFACTS}/failed-rejection.png` }).then(() => undefined))
    await desk.newDoc('Sales Invoice')
    await desk.pickLink(desk.field('Customer'), 'Keystone', 'Keystone Hardware')
    await desk.pickLink(desk.field('Company'), '', /.+/)
    await page.getByRole('button', { name: 'Add row' }).first().click()
    await desk.pickLink(page.getByRole('combobox', { name: 'Item' }).first(), '', /.+/)
    await page.getByRole('textbox', { name: 'Quantity' }).first().fill('1')
    await page.getByRole('textbox', { name: 'Rate' }).first().fill('100')
    // Nothing on the device forbids this; the site's controller does.
    await desk.field('Payment Due Date').fill('2001-01-01')
    await desk.save()
    await page.waitForURL(/\/app\/sales-invoice\/new-sales-invoice-/)
    await page.getByTestId('sync-error-banner').waitFor({ timeout: 30_000 })

    await page.getByRole('navigation', { name: 'Desk' }).getByRole('link', { name: /Sync Errors/ }).click()
    const entry = page.getByTestId('sync-error').first()
    await expect.poll(() => entry.getByTestId('sync-error-message').first().innerText()).toContain('Due Date cannot be before Posting Date')
    await desk.shot('sync-errors', ARTIFACTS)

    await entry.getByRole('link', { name: 'Open and fix' }).click()
    await page.getByTestId('sync-error-banner').waitFor()
    expect(await page.locator('.field-error').first().innerText()).toContain('Due Date cannot be before Posting Date')
    await desk.field('Payment Due Date').fill(await desk.field('Posting Date').inputValue())
    await page.getByRole('button', { name: 'Save & retry' }).click()
    await page.waitForURL((u) => /\/app\/sales-invoice\/ACC-SINV-/.test(u.pathname), { timeout: 30_000 })
    const name = await desk.docName()
    expect(await page.getByTestId('sync-error-banner').count()).toBe(0)
    expect(await serverDoc('Sales Invoice', name)).toMatchObject({ customer: expect.any(String), grand_total: 100, docstatus: 0 })
    await expect.poll(() => page.getByTestId('pending').innerText(), { timeout: 30_000 }).toBe('0 pending')
  })

  it('a field changed here and on the site shows on Conflicts side by side; picking this device\'s value wins', async () => {
    onTestFailed(() => page.screenshot({ path: `${ARTIFACTS}/failed-conflict.png` }).then(() => undefined))
    const list = await site.api<{ data: { name: string }[] }>(`/api/resource/Customer?fields=${encodeURIComponent('["name"]')}&limit_page_length=1`)
    const target = list.body.data[0]!.name
    await page.goto(`${site.url}/app/customer/${encodeURIComponent(target)}`)
    await page.getByTestId('doc-name').waitFor({ timeout: 30_000 })
    // The sync the page starts with is over before the network goes.
    await desk.syncNow()

    // The form's menu (frappe-ui's Dropdown) opens and moves with the keyboard; Escape closes it.
    await page.getByRole('button', { name: 'Actions' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('menu').waitFor()
    expect(await page.getByRole('menuitem').allInnerTexts()).toEqual(['New Customer', 'Delete'])
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.getByRole('menuitem', { name: 'Delete' }).getAttribute('data-highlighted')).not.toBeNull()
    await page.keyboard.press('Escape')
    await page.getByRole('menu').waitFor({ state: 'detached' })

    // This device can't reach the sync endpoints while another client edits the same field.
    await page.route('**/api/method/outpost.sync.*', (route) => route.abort())
    await desk.tab('More Info')
    await desk.field('Website').fill('https://device.example')
    await desk.field('Website').press('Tab')
    await desk.save()
    await expect.poll(() => page.getByTestId('pending').innerText()).toBe('1 pending')
    const put = await site.api(`/api/resource/Customer/${encodeURIComponent(target)}`, { method: 'PUT', body: { website: 'https://site.example' } })
    expect(put.status).toBe(200)
    await page.unroute('**/api/method/outpost.sync.*')
    // "Sync now" right after the network is back syncs at once, even while an automatic sync that
    // started before (and fails) is on its way, and whatever backoff the failed attempts built up.
    await desk.syncNow()
    expect(await page.getByTestId('connection').innerText()).toContain('Online')

    await page.getByRole('navigation', { name: 'Desk' }).getByRole('link', { name: /Conflicts/ }).click()
    const conflict = page.getByTestId('conflict').first()
    await conflict.waitFor({ timeout: 30_000 })
    expect(await conflict.getByTestId('local-value').first().innerText()).toBe('https://device.example')
    expect(await conflict.getByTestId('server-value').first().innerText()).toBe('https://site.example')
    await desk.shot('conflicts', ARTIFACTS)
    await conflict.getByRole('radio', { name: 'https://device.example' }).check()
    await conflict.getByRole('button', { name: 'Resolve' }).click()
    await expect.poll(() => page.getByTestId('conflict').count()).toBe(0)
    await expect.poll(async () => (await serverDoc('Customer', target))['website'], { timeout: 30_000 }).toBe('https://device.example')
  })

  it("encrypts this device's data with a passphrase given at login, and asks for it at every load", async () => {
    // a profile of its own: its data is not the plain copy the story above used
    const own = await browser.newContext({ viewport: { width: 1280, height: 860 } })
    const p = await own.newPage()
    p.on('pageerror', (e) => console.error('page error:', e))
    onTestFailed(() => p.screenshot({ path: `${ARTIFACTS}/failed-encrypted-desk.png` }).then(() => undefined))
    try {
      await new DeskPage(p, site.url).login('Administrator', 'admin', 'open sesame 42')
      await p.getByTestId('sync-bar').waitFor()
      expect(await p.getByTestId('storage').count()).toBe(0)

      await p.reload()
      await p.getByRole('heading', { name: "Unlock this device's data" }).waitFor({ timeout: 30_000 })
      await p.getByLabel('Device passphrase').fill('not it')
      await p.getByRole('button', { name: 'Unlock' }).click()
      await p.getByText('That passphrase does not open the data on this device.').waitFor()
      await p.getByLabel('Device passphrase').fill('open sesame 42')
      await p.getByRole('button', { name: 'Unlock' }).click()
      await p.getByRole('heading', { name: 'Home' }).waitFor({ timeout: 30_000 })
      expect(await p.getByTestId('storage').count()).toBe(0)
      await p.goto(`${site.url}/app/sales-invoice`)
      await p.getByRole('heading', { name: "Unlock this device's data" }).waitFor({ timeout: 30_000 })
      await p.getByLabel('Device passphrase').fill('open sesame 42')
      await p.getByRole('button', { name: 'Unlock' }).click()
      await p.getByRole('table', { name: 'Sales Invoice list' }).getByRole('row').nth(5).waitFor({ timeout: 30_000 })
    } finally {
      await own.close()
    }
  }, 240_000)
})
