import { mirror } from './mirror.ts'
import { serve } from './serve.ts'
import { USAGE, UsageError } from './usage.ts'

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = { serve, mirror }

/** The `outpost` command line. Bad usage prints the usage and exits 2. */
export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE)
    return
  }
  try {
    const run = COMMANDS[command]
    if (!run) throw new UsageError(`unknown command ${command}`)
    await run(rest)
  } catch (e) {
    console.error(`outpost: ${e instanceof Error ? e.message : String(e)}${e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? `\n\n${USAGE}` : ''}`)
    process.exit(e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1)
  }
}
