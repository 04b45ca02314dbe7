import { describe, expect, it } from 'vitest'
import type { SearchLinkResult } from '@outpost/core'
import { ref } from 'vue'
import { createReplica } from '@outpost/core'
import { memoryStore, miniOutpost, testEnvironment } from '@outpost/core/testing'
import { counted, DOCTYPES, openReplica, salesServer, settle } from './test-harness.ts'
import { useLinkSearch } from './use-link-search.ts'

interface Deferred<T> {
  readonly promise: Promise<T>
  resolve(value: T): void
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

const values = (results: readonly SearchLinkResult[]): string[] => results.map((r) => r.value)

describe('useLinkSearch', () => {
  it('finds local documents by title, temp-named ones included', async () => {
    const { replica } = await openReplica()
    const acme = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    await replica.db.createDoc('Customer', { customer_name: 'Zenith' })
    const search = useLinkSearch('Customer', { replica })
    await expect(search.search('acm')).resolves.toHaveLength(1)
    expect(values(search.results)).toEqual([acme['name']])
    expect(search).toMatchObject({ txt: 'acm', loading: false, error: null })
    search.dispose()
  })

  it('shows a document under its new name once a sync renames it (temp name to the server\'s, or a rename on the server)', async () => {
    const server = salesServer()
    server.serverWrite('Customer', 'CUST-ZENITH', { doctype: 'Customer', customer_name: 'Zenith' })
    const replica = await createReplica({ store: memoryStore(), remote: miniOutpost(server), doctypes: DOCTYPES, env: testEnvironment() })
    await replica.boot()
    const acme = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    const search = useLinkSearch('Customer', { replica })
    await search.search('')
    expect(values(search.results).sort()).toEqual(['CUST-ZENITH', acme['name']].sort())
    expect(await replica.sync()).toMatchObject({ pushed: 1 })
    await settle()
    expect(values(search.results).sort()).toEqual(['CUST-2026-00001', 'CUST-ZENITH'])
    server.serverRename('Customer', 'CUST-ZENITH', 'CUST-ZENITH-LTD')
    await replica.sync()
    await settle()
    expect(values(search.results).sort()).toEqual(['CUST-2026-00001', 'CUST-ZENITH-LTD'])
    search.dispose()
    await replica.close()
  })

  it('drops an older answer that arrives after a newer one', async () => {
    const { replica } = await openReplica()
    const answers: Deferred<SearchLinkResult[]>[] = []
    const { replica: slow } = counted(replica, () => {
      const d = deferred<SearchLinkResult[]>()
      answers.push(d)
      return d.promise
    })
    const search = useLinkSearch('Customer', { replica: slow })
    const first = search.search('a')
    const second = search.search('ac')
    expect(search.loading).toBe(true)
    answers[1]!.resolve([{ value: 'NEW', description: '' }])
    await expect(second).resolves.toHaveLength(1)
    expect(search.loading).toBe(false)
    answers[0]!.resolve([{ value: 'OLD', description: '' }])
    await expect(first).resolves.toBeUndefined()
    expect(values(search.results)).toEqual(['NEW'])
    search.dispose()
  })

  it('debounces: only the last of quick searches queries', async () => {
    const { replica } = await openReplica()
    await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    const { replica: watched, calls } = counted(replica)
    const waits: Deferred<void>[] = []
    const sleep = (ms: number): Promise<void> => {
      expect(ms).toBe(300)
      const d = deferred<void>()
      waits.push(d)
      return d.promise
    }
    const search = useLinkSearch('Customer', { replica: watched, debounce: 300, sleep })
    const typed = ['A', 'Ac', 'Acm'].map((t) => search.search(t))
    for (const w of waits) w.resolve()
    const answers = await Promise.all(typed)
    expect(calls.searchLink).toBe(1)
    expect(answers[0]).toBeUndefined()
    expect(answers[2]).toHaveLength(1)
    search.dispose()
  })

  it('follows local changes and filter changes, re-running the newest search', async () => {
    const { replica } = await openReplica()
    await replica.db.createDoc('Customer', { customer_name: 'Acme North', territory: 'North' })
    const territory = ref('North')
    const search = useLinkSearch('Customer', { replica, filters: () => ({ territory: territory.value }) })
    await search.search('acme')
    expect(search.results).toHaveLength(1)
    const south = await replica.db.createDoc('Customer', { customer_name: 'Acme South', territory: 'South' })
    await replica.db.createDoc('Customer', { customer_name: 'Acme Two', territory: 'North' })
    await settle()
    expect(search.results).toHaveLength(2)
    territory.value = 'South'
    await settle()
    expect(values(search.results)).toEqual([south['name']])
    search.dispose()
  })

  it('puts a failure in `error`, with no rejection', async () => {
    const { replica } = await openReplica()
    const search = useLinkSearch('No Such DocType', { replica })
    await expect(search.search('x')).resolves.toBeUndefined()
    expect(search.error).toMatchObject({ code: 'META_MISSING' })
    expect(search.loading).toBe(false)
    search.dispose()
  })
})
