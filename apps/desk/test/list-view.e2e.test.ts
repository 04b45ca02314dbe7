import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { chromiumMissing, inCi, launchChromium } from '@outpost/browser/testing'
import { DeskPage } from './desk-page.ts'
import { ARTIFACTS, buildDesk, startDeskSite, type DeskSite } from './desk-site.ts'

const missing = chromiumMissing()
if (missing && inCi) throw new Error(`Desk e2e tests must run in CI: ${missing}`)

interface Invoice {
  readonly name: string
  readonly customer: string
  readonly customer_name: string | null
  readonly grand_total: number
  readonly status: string
  readonly docstatus: number
  readonly modified: string
}

const FIELDS = ['name', 'customer', 'customer_name', 'grand_total', 'status', 'docstatus', 'modified']
/** The list's amounts as shown (`1,234.50`). */
const amount = (text: string): number => Number(text.replace(/,/g, ''))
const cents = (n: number): number => Math.round(n * 100) / 100

/**
 * The Sales Invoice list's controls against the demo site's own data: what the server holds
 * (read over REST as Administrator) is what each filter, sort, page and search must show.
 */
describe.skipIf(missing !== undefined)('Outpost Desk list view in Chromium against outpost serve', () => {
  let site: DeskSite
  let browser: Browser
  let page: Page
  let desk: DeskPage
  /** Every invoice on the site. */
  let invoices: Invoice[]

  beforeAll(async () => {
    buildDesk()
    site = await startDeskSite()
    browser = await launchChromium()
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage()
    page.on('pageerror', (e) => console.error('page error:', e))
    desk = new DeskPage(page, site.url)
    await desk.login('Administrator', 'admin')
    const res = await site.api<{ data: Invoice[] }>(`/api/resource/Sales%20Invoice?fields=${encodeURIComponent(JSON.stringify(FIELDS))}&limit_page_length=0`)
    invoices = res.body.data
    expect(invoices.length).toBeGreaterThan(40)
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await site?.destroy()
  })

  async function serverCount(filters: unknown[]): Promise<number> {
    const res = await site.api<{ message: number }>(`/api/method/frappe.client.get_count?doctype=Sales%20Invoice&filters=${encodeURIComponent(JSON.stringify(filters))}`)
    expect(res.status).toBe(200)
    return res.body.message
  }

  const table = (): Locator => page.getByRole('table', { name: 'Sales Invoice list' })
  const rows = (): Locator => table().locator('tbody tr')
  const ids = (): Promise<string[]> => table().locator('tbody tr td:first-child').allInnerTexts()
  /** The cells of a column, by its header. */
  async function column(label: string): Promise<string[]> {
    const headers = await table().locator('thead th').allInnerTexts()
    const i = headers.findIndex((h) => h.trim() === label)
    expect(i).toBeGreaterThanOrEqual(0)
    return table().locator(`tbody tr td:nth-child(${i + 1})`).allInnerTexts()
  }
  /** Wait until the list shows `shown` rows and the count reads "`shown` of `total`". */
  async function expectShown(shown: number, total: number): Promise<void> {
    await expect.poll(() => page.getByTestId('list-count').innerText(), { timeout: 15_000 }).toBe(`${shown} of ${total}`)
    expect(await rows().count()).toBe(shown)
  }

  async function openList(): Promise<void> {
    await page.goto(`${site.url}/app/sales-invoice`)
    await expectShown(20, invoices.length)
  }

  it('pages with counts: 20 first, "Load more" adds a page, a longer page shows all and nothing more to load', async () => {
    onTestFailed(() => page.screenshot({ path: `${ARTIFACTS}/failed-list-paging.png` }).then(() => undefined))
    await openList()
    // The default sort, modified descending: no invoice left out is newer than one shown.
    const first = await ids()
    const modified = new Map(invoices.map((i) => [i.name, i.modified]))
    const shownOldest = first.map((n) => modified.get(n)!).sort()[0]!
    expect(invoices.filter((i) => !first.includes(i.name)).every((i) => i.modified <= shownOldest)).toBe(true)

    await page.getByRole('button', { name: 'Load more' }).click()
    await expectShown(40, invoices.length)
    expect((await ids()).slice(0, 20)).toEqual(first)

    await page.getByRole('group', { name: 'Rows per page' }).getByRole('button', { name: '100' }).click()
    const all = Math.min(100, invoices.length)
    await expectShown(all, invoices.length)
    if (all === invoices.length) {
      expect(new Set(await ids())).toEqual(new Set(invoices.map((i) => i.name)))
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0)
    }
  })

  it('sorts by a column either way, and by ID', async () => {
    onTestFailed(() => page.screenshot({ path: `${ARTIFACTS}/failed-list-sort.png` }).then(() => undefined))
    await openList()
    const totals = invoices.map((i) => cents(i.grand_total)).sort((a, b) => a - b)
    await page.getByLabel('Sort by').selectOption({ label: 'Grand Total' })
    await expect.poll(async () => (await column('Grand Total')).map(amount)).toEqual([...totals].reverse().slice(0, 20))

    await page.getByRole('button', { name: 'Descending; switch to ascending' }).click()
    await expect.poll(async () => (await column('Grand Total')).map(amount)).toEqual(totals.slice(0, 20))

    await page.getByLabel('Sort by').selectOption({ label: 'ID' })
    const byName = invoices.map((i) => i.name).sort()
    await expect.poll(ids).toEqual(byName.slice(0, 20))
    await expectShown(20, invoices.length)
  })

  it('filters by standard filters (a Select, a Link) and by filter rows with Frappe operators', async () => {
    onTestFailed(() => page.screenshot({ path: `${ARTIFACTS}/failed-list-filters.png` }).then(() => undefined))
    await openList()
    // Status: the most common one among the submitted invoices.
    const byStatus = new Map<string, number>()
    for (const i of invoices) if (i.docstatus === 1) byStatus.set(i.status, (byStatus.get(i.status) ?? 0) + 1)
    const [status] = [...byStatus.entries()].sort((a, b) => b[1] - a[1])[0]!
    const statusCount = await serverCount([['status', '=', status]])
    expect(statusCount).toBeGreaterThan(0)
    await page.getByLabel('Status', { exact: true }).selectOption(status)
    await expectShown(Math.min(20, statusCount), statusCount)
    expect(new Set(await column('Status'))).toEqual(new Set([status]))
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Any' })
    await expectShown(20, invoices.length)

    // Customer (a Link): picked from the offline autocomplete.
    const customer = invoices[0]!
    const customerCount = await serverCount([['customer', '=', customer.customer]])
    await desk.pickLink(page.getByLabel('Customer', { exact: true }), customer.customer_name ?? customer.customer, customer.customer)
    await expectShown(Math.min(20, customerCount), customerCount)
    expect(new Set(await ids())).toEqual(new Set(invoices.filter((i) => i.customer === customer.customer).map((i) => i.name).slice(0, 20)))
    await page.getByLabel('Customer', { exact: true }).fill('')
    await page.getByLabel('Customer', { exact: true }).press('Tab')
    await expectShown(20, invoices.length)

    // A filter row: Grand Total > the median.
    const median = invoices.map((i) => i.grand_total).sort((a, b) => a - b)[Math.floor(invoices.length / 2)]!
    const above = await serverCount([['grand_total', '>', median]])
    expect(above).toBe(invoices.filter((i) => i.grand_total > median).length)
    await page.getByRole('button', { name: /^Filter/ }).click()
    await page.getByLabel('Filter 1 field').selectOption({ label: 'Grand Total' })
    await page.getByLabel('Filter 1 operator').selectOption('>')
    await page.getByLabel('Filter 1 value').fill(String(median))
    await page.getByLabel('Filter 1 value').press('Tab')
    await expectShown(Math.min(20, above), above)
    expect((await column('Grand Total')).map(amount).every((t) => t > median)).toBe(true)

    // And a second row: status in two statuses.
    const two = [...byStatus.keys()].slice(0, 2)
    const both = await serverCount([['grand_total', '>', median], ['status', 'in', two]])
    await page.getByRole('button', { name: '+ Add a filter' }).click()
    await page.getByLabel('Filter 2 field').selectOption({ label: 'Status' })
    await page.getByLabel('Filter 2 operator').selectOption('in')
    await page.getByLabel('Filter 2 value').fill(two.join(', '))
    await page.getByLabel('Filter 2 value').press('Tab')
    await expectShown(Math.min(20, both), both)
    expect((await column('Status')).every((s) => two.includes(s))).toBe(true)
    await desk.shot('list-filtered', ARTIFACTS)

    await page.getByRole('button', { name: 'Remove filter 2' }).click()
    await page.getByRole('button', { name: 'Remove filter 1' }).click()
    await expectShown(20, invoices.length)
  })

  it('searches ID and customer, and counts what it finds', async () => {
    onTestFailed(() => page.screenshot({ path: `${ARTIFACTS}/failed-list-search.png` }).then(() => undefined))
    await openList()
    // Four letters from inside a word of a customer's name, in lower case.
    const word = invoices.flatMap((i) => (i.customer_name ?? '').split(/\s+/)).find((w) => /^[A-Za-z]{5,}$/.test(w)) ?? ''
    const term = word.slice(1, 5).toLowerCase()
    expect(term).toMatch(/^[a-z]{4}$/)
    const hit = (i: Invoice): boolean => [i.name, i.customer, i.customer_name ?? ''].some((v) => v.toLowerCase().includes(term))
    const found = invoices.filter(hit)
    expect(found.length).toBeGreaterThan(0)
    expect(found.length).toBeLessThan(invoices.length)
    await page.getByRole('searchbox', { name: 'Search' }).fill(term)
    await expectShown(Math.min(20, found.length), found.length)
    const shown = new Set(found.map((i) => i.name))
    expect((await ids()).every((n) => shown.has(n))).toBe(true)
    // The search and a standard filter together.
    const status = found[0]!.status
    const narrowed = found.filter((i) => i.status === status).length
    await page.getByLabel('Status', { exact: true }).selectOption(status)
    await expectShown(Math.min(20, narrowed), narrowed)
    await page.getByRole('searchbox', { name: 'Search' }).fill('')
    await expectShown(Math.min(20, await serverCount([['status', '=', status]])), await serverCount([['status', '=', status]]))
  })
})
