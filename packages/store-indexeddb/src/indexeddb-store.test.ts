import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { localStoreConformance } from '@outpost/core/testing'
import { indexedDbStore } from './index.ts'

const indexedDB = new IDBFactory()
let n = 0
let name = ''

localStoreConformance('indexeddb (fake-indexeddb)', {
  create: async () => {
    name = `conformance-${++n}`
    return indexedDbStore({ name, indexedDB, IDBKeyRange })
  },
  reopen: async () => indexedDbStore({ name, indexedDB, IDBKeyRange }),
})
