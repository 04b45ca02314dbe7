/** The subset of the StorageManager (navigator.storage) this helper uses. */
export interface StorageManagerLike {
  persist?(): Promise<boolean>
  persisted?(): Promise<boolean>
}

function defaultStorage(): StorageManagerLike | undefined {
  return (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage
}

/**
 * Ask the browser not to evict this origin's data (the replica, its outbox) under storage
 * pressure. `supported` is false where there is no navigator.storage.persist(); `persisted`
 * says whether the data is now protected (browsers may refuse, or decide by engagement).
 */
export async function requestPersistentStorage(storage: StorageManagerLike | undefined = defaultStorage()): Promise<{ persisted: boolean; supported: boolean }> {
  if (typeof storage?.persist !== 'function') return { persisted: false, supported: false }
  try {
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return { persisted: true, supported: true }
    return { persisted: (await storage.persist()) === true, supported: true }
  } catch {
    // e.g. an opaque origin or a document that is not fully active: not persisted
    return { persisted: false, supported: true }
  }
}
