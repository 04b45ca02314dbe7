import { describe, expect, it } from 'vitest'
import { requestPersistentStorage } from './index.ts'

describe('requestPersistentStorage', () => {
  it('is unsupported where there is no navigator.storage.persist (as in Node)', async () => {
    expect(await requestPersistentStorage()).toEqual({ persisted: false, supported: false })
    expect(await requestPersistentStorage({})).toEqual({ persisted: false, supported: false })
  })

  it('asks for persistence, or reports that the data already is persisted', async () => {
    let asked = 0
    const storage = (already: boolean, granted: boolean) => ({
      persisted: async () => already,
      persist: async () => {
        asked++
        return granted
      },
    })
    expect(await requestPersistentStorage(storage(false, true))).toEqual({ persisted: true, supported: true })
    expect(await requestPersistentStorage(storage(false, false))).toEqual({ persisted: false, supported: true })
    expect(asked).toBe(2)
    expect(await requestPersistentStorage(storage(true, false))).toEqual({ persisted: true, supported: true })
    expect(asked).toBe(2)
  })

  it('reports a refusal that throws as not persisted', async () => {
    const storage = { persist: async (): Promise<boolean> => { throw new Error('not allowed') } }
    expect(await requestPersistentStorage(storage)).toEqual({ persisted: false, supported: true })
  })
})
