export { sqliteStore } from './sqlite-store.ts'
export type { SqliteStoreOptions } from './sqlite-store.ts'
export { STORE_FORMAT_VERSION } from './store-format.ts'
export { CheckpointWorker } from './checkpoint-worker.ts'
