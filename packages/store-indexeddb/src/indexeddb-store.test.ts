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

// the same suite with document bodies and record values encrypted (few PBKDF2 iterations: tests only)
const encryption = { passphrase: 'correct horse battery staple', iterations: 1_000 }
localStoreConformance('indexeddb (fake-indexeddb), encrypted', {
  create: async () => {
    name = `conformance-encrypted-${++n}`
    return indexedDbStore({ name, indexedDB, IDBKeyRange, encryption })
  },
  reopen: async () => indexedDbStore({ name, indexedDB, IDBKeyRange, encryption }),
})
