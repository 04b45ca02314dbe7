export { outpostRemote } from './outpost-remote.ts'
export type { OutpostRemote } from './outpost-remote.ts'
export type { OutpostRemoteOptions } from './options.ts'
