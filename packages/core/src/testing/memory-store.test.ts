import { memoryStore } from './memory-store.ts'
import { localStoreConformance } from './store-conformance.ts'

localStoreConformance('memory', { create: async () => memoryStore() })
