import { afterAll, beforeAll, describe } from 'vitest'
import { fixturesSkipReason, requireFixtures } from '@outpost/meta/testing'
import { demoProfile } from './demo-profile.ts'
import { erpnextProfile } from './erpnext-profile.ts'
import { startEnv, type CaseGroup, type Env } from './env.ts'
import type { Profile } from './profile.ts'
import { authCases } from './auth.cases.ts'
import { badInputCases } from './bad-input.cases.ts'
import { bodyFormCases } from './body-forms.cases.ts'
import { documentCases } from './documents.cases.ts'
import { listCases } from './list.cases.ts'
import { methodCases } from './methods.cases.ts'
import { namingCases } from './naming.cases.ts'
import { validationCases } from './validation.cases.ts'
import { detailCases } from './details.cases.ts'

const GROUPS: Record<string, CaseGroup> = {
  documents: documentCases, validation: validationCases, naming: namingCases, lists: listCases,
  methods: methodCases, 'auth and permissions': authCases, 'bad input': badInputCases, 'body forms': bodyFormCases, details: detailCases,
}

function suite(profile: Profile): void {
  describe(`REST conformance: ${profile.name}`, () => {
    for (const [group, cases] of Object.entries(GROUPS)) {
      describe(group, () => {
        let env: Env | undefined
        beforeAll(async () => {
          env = await startEnv(profile)
        })
        afterAll(async () => env?.ts.close())
        cases(() => {
          if (!env) throw new Error('site not started')
          return env
        })
      })
    }
  })
}

suite(demoProfile)

const dir = requireFixtures()
if (dir) suite(erpnextProfile(dir))
else describe.skip(`REST conformance: ERPNext v15 doctypes (${fixturesSkipReason()})`, () => {})
