import { afterAll } from 'vitest'
import { localStoreConformance } from '@outpost/core/testing'
import { sqliteStore } from './index.ts'
import { tempDbDir } from './test-paths.ts'

const dir = tempDbDir()
afterAll(() => dir.remove())
let path = ''

localStoreConformance('sqlite', {
  create: async () => {
    path = dir.next()
    return sqliteStore({ path })
  },
  reopen: async () => sqliteStore({ path }),
})

localStoreConformance('sqlite :memory:', { create: async () => sqliteStore({ path: ':memory:' }) })
