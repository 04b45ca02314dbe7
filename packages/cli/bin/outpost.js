#!/usr/bin/env node
// The `outpost` command. Sources are TypeScript: tsx loads them, and workspace packages
// resolve to their sources, so the command never runs a stale build.
import { register as registerHooks } from 'node:module'
import { register } from 'tsx/esm/api'

registerHooks('./source-conditions.mjs', import.meta.url)
register()
const { main } = await import('../src/main.ts')
await main(process.argv.slice(2))
