import { describe, expect, it } from 'vitest'
import { Dexie } from 'dexie'
import { OutpostError } from '@outpost/core'
import { isQuotaError, storeFailure } from './store-errors.ts'

const named = (name: string, extra: object = {}): Error => Object.assign(new Error(name), { name }, extra)

describe('quota errors, however the engine reports them', () => {
  it('finds QuotaExceededError itself, wrapped by Dexie, in a bulk failure, or by legacy code 22', () => {
    expect(isQuotaError(named('QuotaExceededError'))).toBe(true)
    expect(isQuotaError(new Dexie.AbortError('aborted', named('QuotaExceededError')))).toBe(true)
    expect(isQuotaError(new Dexie.BulkError('1 of 2 failed', { 1: named('QuotaExceededError') }))).toBe(true)
    expect(isQuotaError(named('NS_ERROR_DOM_QUOTA_REACHED'))).toBe(true)
    expect(isQuotaError(named('Error', { code: 22 }))).toBe(true)
  })

  it('does not take other failures for quota', () => {
    expect(isQuotaError(named('AbortError'))).toBe(false)
    expect(isQuotaError(new Dexie.BulkError('failed', { 0: named('ConstraintError') }))).toBe(false)
    expect(isQuotaError(undefined)).toBe(false)
  })

  it('turns a closed database into STORE_CLOSED and leaves unknown errors as they are', () => {
    expect(storeFailure('db', new Dexie.DatabaseClosedError())).toMatchObject({ code: 'STORE_CLOSED' })
    const other = new TypeError('x')
    expect(storeFailure('db', other)).toBe(other)
    const mine = new OutpostError('VALIDATION', 'no')
    expect(storeFailure('db', mine)).toBe(mine)
  })
})
