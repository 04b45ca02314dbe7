/**
 * Test helpers for other packages (Node only: they read the fixture files). Meant to be the
 * `@outpost/meta/testing` entry point; never imported by the package's main entry.
 */
export { DEFAULT_FIXTURES_DIR, fixturesDir, fixturesPath, fixturesSkipReason, requireFixtures } from './fixtures-dir.ts'
export { loadFixtureDocTypes, loadFixtureSchema, readFixtureFiles } from './fixture-schema.ts'
export { buildDocType } from './build-doctype.ts'
export type { RawField } from './build-doctype.ts'
export { memoryResolvers } from './memory-resolvers.ts'
export type { MemoryResolvers } from './memory-resolvers.ts'
export { frappeErrorOf, frappeRejectionOf } from './frappe-error-of.ts'
