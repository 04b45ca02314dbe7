import { systemClock } from '../../src/clock.ts'
import { startTestSite, type Api, type TestSite } from '../harness.ts'
import { NOBODY_TOKEN, SALES_TOKEN, type Fixture, type Profile } from './profile.ts'

export interface Env {
  readonly ts: TestSite
  readonly admin: Api
  readonly sales: Api
  readonly nobody: Api
  readonly guest: Api
  readonly fx: Fixture
  readonly profile: Profile
  /** The server clock's year: naming-series date parts use server time. */
  readonly year: number
}

export type CaseGroup = (env: () => Env) => void

/** Server time starts at a fixed instant and moves with the real clock. */
export const SERVER_START = new Date(2026, 10, 27, 10, 0, 0)

export async function startEnv(profile: Profile): Promise<Env> {
  const began = Date.now()
  const clock = systemClock(() => new Date(SERVER_START.getTime() + (Date.now() - began)))
  const ts = await startTestSite({ doctypes: profile.doctypes(), controllers: profile.controllers, users: profile.users, clock })
  const fx = await profile.seed(ts.admin)
  return {
    ts, admin: ts.admin, sales: ts.api.as(SALES_TOKEN), nobody: ts.api.as(NOBODY_TOKEN), guest: ts.api.guest(), fx, profile,
    year: SERVER_START.getFullYear(),
  }
}
