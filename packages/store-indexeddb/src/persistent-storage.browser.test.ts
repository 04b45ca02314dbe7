import { afterAll, describe, expect, it } from 'vitest'
import { requestPersistentStorage } from './index.ts'
import { isPersisted, setPersistentStorage } from './test-browser.ts'

afterAll(() => setPersistentStorage('prompt'))

// In order: once granted, an origin stays persisted for the rest of the browser session.
describe('requestPersistentStorage in Chromium', () => {
  it('is supported, and its answer is the one navigator.storage.persisted() then gives', async () => {
    const result = await requestPersistentStorage()
    expect(result.supported).toBe(true)
    expect(typeof result.persisted).toBe('boolean')
    expect(await isPersisted()).toBe(result.persisted)
  })

  it('reports a refusal as not persisted', async () => {
    await setPersistentStorage('denied')
    expect(await requestPersistentStorage()).toEqual({ persisted: false, supported: true })
    expect(await isPersisted()).toBe(false)
  })

  it('reports a grant as persisted', async () => {
    await setPersistentStorage('granted')
    expect(await requestPersistentStorage()).toEqual({ persisted: true, supported: true })
    expect(await isPersisted()).toBe(true)
  })
})
