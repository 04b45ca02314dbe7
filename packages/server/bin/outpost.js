#!/usr/bin/env node
// The `outpost` command. Sources are TypeScript; tsx loads them without a build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
await main(process.argv.slice(2))
