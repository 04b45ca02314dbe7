import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * Run a bench script (TypeScript, through tsx) in its own process and return the JSON object
 * it prints as its last stdout line. Its memory is its own, so its RSS is the measured code's.
 */
export function runChildScript<T>(script: string, args: readonly string[]): Promise<T> {
  const path = fileURLToPath(new URL(script, import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? ''
      if (code !== 0) return reject(new Error(`${script} exited with code ${code}: ${out.slice(-500)}`))
      try {
        resolve(JSON.parse(last) as T)
      } catch {
        reject(new Error(`${script} printed no JSON result: ${out.slice(-500)}`))
      }
    })
  })
}
