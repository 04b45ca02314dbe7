import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundle, chromiumMissing, inCi, launchChromium, startPageServer, type ObservedRequest, type PageServer } from '@outpost/browser/testing'
import { ADMIN_TOKEN, startE2eSite, type E2eSite } from './e2e-site.ts'
import type { TabPageApi } from './tab-page.ts'

const missing = chromiumMissing()
if (missing && inCi) throw new Error(`Browser e2e tests must run in CI: ${missing}`)

declare const outpost: TabPageApi

const customer = (customer_name: string) => ({ customer_name, customer_type: 'Company', customer_group: 'Commercial', territory: 'North' })

describe.skipIf(missing !== undefined)('tabs, realtime and reloads in Chromium', () => {
  let site: E2eSite
  let pages: PageServer
  let browser: Browser
  let context: BrowserContext

  beforeAll(async () => {
    site = await startE2eSite()
    pages = await startPageServer(await bundle(new URL('./tab-page.ts', import.meta.url)), site.url, { observe: countPushes })
    browser = await launchChromium()
    context = await browser.newContext()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await pages?.close()
    await site?.destroy()
  })

  /** Every mutation id any tab sent to `outpost.sync.push` and the server answered, as often as it was sent. */
  const pushedIds: string[] = []
  function countPushes(r: ObservedRequest): void {
    if (r.path !== '/api/method/outpost.sync.push' || r.status !== 200) return
    const body = JSON.parse(r.body) as { mutations: { mutation_id: string }[] }
    pushedIds.push(...body.mutations.map((m) => m.mutation_id))
  }

  /**
   * No mutation went to the server twice (the server would answer a repeat from what it stored,
   * so counting documents there cannot tell), and this test's saves were pushed (`since`: the
   * count when it began).
   */
  function expectEachPushedOnce(since: number, saves: number): void {
    expect(pushedIds.length - since).toBe(saves)
    expect(new Set(pushedIds).size).toBe(pushedIds.length)
  }

  async function serverCustomers(prefix: string): Promise<{ name: string; customer_name: string }[]> {
    const q = new URLSearchParams({ fields: JSON.stringify(['name', 'customer_name']), filters: JSON.stringify([['customer_name', 'like', `${prefix}%`]]), limit_page_length: '0' })
    const res = await fetch(`${site.url}/api/resource/Customer?${q}`, { headers: { authorization: `token ${ADMIN_TOKEN}` } })
    return ((await res.json()) as { data: { name: string; customer_name: string }[] }).data
  }

  async function openTab(options: { everyMs?: number } = {}, inContext: BrowserContext = context): Promise<Page> {
    const page = await inContext.newPage()
    page.on('pageerror', (e) => console.error('page error:', e))
    await page.goto(pages.url)
    await page.waitForFunction(() => typeof outpost === 'object')
    expect(await page.evaluate(() => outpost.login('Administrator', 'admin'))).toBe(200)
    await page.evaluate((o) => outpost.open('Administrator', o), options)
    return page
  }

  const role = (page: Page): Promise<string> => page.evaluate(() => outpost.role())

  /**
   * The tab's outbox is empty: what it pushed is settled. Closing a leader before that leaves its
   * batch queued, and the next leader sends it again (the server answers the repeat from what it
   * stored): a re-send after a lost answer, not the duplicate push counted here.
   */
  const settled = (page: Page): Promise<unknown> => page.waitForFunction(() => (outpost.status() as { pending: number }).pending === 0, undefined, { timeout: 10_000 })

  it('one tab leads; a save in another shows in the leader within 200 ms and is pushed once; closing the leader hands over', async () => {
    const since = pushedIds.length
    const a = await openTab()
    await a.waitForFunction(() => (outpost.status() as { lastSync?: number }).lastSync !== undefined, undefined, { timeout: 30_000 })
    const b = await openTab()
    expect([await role(a), await role(b)]).toEqual(['leader', 'follower'])

    const before = await b.evaluate(() => Date.now())
    const created = await b.evaluate((doc) => outpost.create('Customer', doc), customer('Tabs One'))
    const name = String(created['name'])
    await a.waitForFunction((n) => outpost.changes().some((c) => c.name === n), name, { timeout: 5000 })
    const seenAt = await a.evaluate((n) => outpost.changes().find((c) => c.name === n)!.at, name)
    expect(seenAt - before).toBeLessThanOrEqual(200)
    await expect.poll(() => serverCustomers('Tabs One'), { timeout: 10_000 }).toHaveLength(1)
    await settled(a)

    await a.close()
    const closedAt = Date.now()
    await b.waitForFunction(() => outpost.role() === 'leader', undefined, { timeout: 10_000 })
    expect(Date.now() - closedAt).toBeLessThan(5000)
    await b.evaluate((doc) => outpost.create('Customer', doc), customer('Tabs Two'))
    await expect.poll(() => serverCustomers('Tabs '), { timeout: 10_000 }).toHaveLength(2)
    expect((await serverCustomers('Tabs ')).map((c) => c.customer_name).sort()).toEqual(['Tabs One', 'Tabs Two'])
    await settled(b)
    expectEachPushedOnce(since, 2)
    await b.close()
  }, 90_000)

  it('a hung leader (its script paused) is taken over within seconds and steps down when it wakes', async () => {
    const since = pushedIds.length
    const a = await openTab()
    await a.waitForFunction(() => outpost.role() === 'leader', undefined, { timeout: 10_000 })
    const b = await openTab()
    expect(await role(b)).toBe('follower')
    const cdp = await context.newCDPSession(a)
    // A paused debugger stops the tab's script as a hung or frozen page is stopped.
    await cdp.send('Debugger.enable')
    await cdp.send('Debugger.pause')
    const frozenAt = Date.now()
    await b.waitForFunction(() => outpost.role() === 'leader', undefined, { timeout: 15_000 })
    expect(Date.now() - frozenAt).toBeLessThan(10_000)
    await cdp.send('Debugger.resume')
    await a.waitForFunction(() => outpost.role() === 'follower', undefined, { timeout: 10_000 })
    await a.evaluate((doc) => outpost.create('Customer', doc), customer('Frozen One'))
    await expect.poll(() => serverCustomers('Frozen One'), { timeout: 10_000 }).toHaveLength(1)
    await settled(a)
    await settled(b)
    expectEachPushedOnce(since, 1)
    await a.close()
    await b.close()
  }, 90_000)

  it("another client's change on the server shows in the open page within a second, without a reload", async () => {
    // No periodic sync during the test: only a realtime hint can bring the change in.
    const a = await openTab({ everyMs: 600_000 })
    await a.waitForFunction(() => (outpost.status() as { lastSync?: number }).lastSync !== undefined, undefined, { timeout: 30_000 })
    const [target] = await serverCustomers('')
    if (!target) throw new Error('the demo site has no Customer')
    // Let the first pulls and the realtime connection settle, then change it from elsewhere.
    await a.waitForTimeout(1000)
    const changedAt = Date.now()
    const res = await fetch(`${site.url}/api/resource/Customer/${encodeURIComponent(target.name)}`, {
      method: 'PUT', headers: { authorization: `token ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ customer_details: 'changed elsewhere' }),
    })
    expect(res.status).toBe(200)
    await a.waitForFunction((n) => outpost.changes().some((c) => c.name === n && c.origin === 'remote'), target.name, { timeout: 5000 })
    const seenAt = await a.evaluate((n) => outpost.changes().filter((c) => c.name === n && c.origin === 'remote').at(-1)!.at, target.name)
    expect(seenAt - changedAt).toBeLessThan(1000)
    expect(await a.evaluate((n) => outpost.get('Customer', n), target.name)).toMatchObject({ customer_details: 'changed elsewhere' })
    await a.close()
  }, 60_000)

  it('a reload while the server is down keeps everything saved, still pending; it syncs when the server is back', async () => {
    const since = pushedIds.length
    const a = await openTab()
    await a.waitForFunction(() => outpost.role() === 'leader', undefined, { timeout: 10_000 })
    await site.stop()
    const created = await a.evaluate((doc) => outpost.create('Customer', doc), customer('Offline Reload'))
    const name = String(created['name'])
    await a.reload()
    await a.waitForFunction(() => typeof outpost === 'object')
    await a.evaluate(() => outpost.open('Administrator'))
    expect(await a.evaluate((n) => outpost.get('Customer', n), name)).toMatchObject({ customer_name: 'Offline Reload' })
    expect(await a.evaluate(() => (outpost.status() as { pending: number }).pending)).toBeGreaterThanOrEqual(1)
    await site.restart()
    await expect.poll(() => serverCustomers('Offline Reload'), { timeout: 30_000 }).toHaveLength(1)
    await settled(a)
    // sent while the site was down, it was answered 502 by the proxy: only the answered push counts
    expectEachPushedOnce(since, 1)
    await a.close()
  }, 90_000)

  it('with a passphrase the database is encrypted at rest: reopened with it the data is there, with a wrong one or none it stays locked', async () => {
    // a profile of its own: its database is not the other tests' plain one
    const own = await browser.newContext()
    try {
      const page = await own.newPage()
      await page.goto(pages.url)
      await page.waitForFunction(() => typeof outpost === 'object')
      expect(await page.evaluate(() => outpost.login('Administrator', 'admin'))).toBe(200)
      expect(await page.evaluate(() => outpost.open('Administrator', { passphrase: 'correct horse battery' }))).toEqual({ encrypted: true })
      await page.waitForFunction(() => (outpost.status() as { lastSync?: number }).lastSync !== undefined, undefined, { timeout: 30_000 })
      const created = await page.evaluate((doc) => outpost.create('Customer', doc), customer('Sealed Customer Zq7'))
      await settled(page)
      const database = await page.evaluate(() => outpost.database())
      await page.evaluate(() => outpost.close())

      const stored = await page.evaluate((d) => outpost.storedText(d), database)
      const [pulled] = await serverCustomers('')
      expect(stored.length).toBeGreaterThan(0)
      expect(stored).not.toContain('Sealed Customer Zq7')
      expect(stored).not.toContain(pulled!.customer_name)
      // the same read of a plain database shows the names: the check above can see them
      const plain = await openTab()
      await plain.waitForFunction(() => (outpost.status() as { lastSync?: number }).lastSync !== undefined, undefined, { timeout: 30_000 })
      expect(await plain.evaluate((d) => outpost.storedText(d), database)).toContain(pulled!.customer_name)
      await plain.close()
      expect(await page.evaluate(() => outpost.open('Administrator', { passphrase: 'wrong' }))).toEqual({ failed: 'STORE_LOCKED' })
      expect(await page.evaluate(() => outpost.open('Administrator'))).toEqual({ failed: 'STORE_LOCKED' })
      expect(await page.evaluate(() => outpost.open('Administrator', { passphrase: 'correct horse battery' }))).toEqual({ encrypted: true })
      const [onServer] = await serverCustomers('Sealed Customer Zq7')
      expect(await page.evaluate((n) => outpost.get('Customer', n), onServer!.name)).toMatchObject({ customer_name: 'Sealed Customer Zq7' })
      expect(onServer!.name).not.toBe(created['name'])
      await page.evaluate(() => outpost.close())
    } finally {
      await own.close()
    }
  }, 90_000)
})
