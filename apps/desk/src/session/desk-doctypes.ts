import { demoClientHooks } from '@outpost/demo'
import type { ClientHook } from '@outpost/core'

/** What the desk replicates: these, their child tables and every master they link to. */
export const DESK_DOCTYPES: readonly string[] = ['Customer', 'Sales Invoice', 'Payment Entry']

/** Derived fields computed on the device as the user types (Sales Invoice amounts and totals). */
export const DESK_HOOKS: Readonly<Record<string, ClientHook>> = demoClientHooks
