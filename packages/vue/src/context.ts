import { OutpostError, type Replica } from '@outpost/core'
import { hasInjectionContext, inject, provide, type InjectionKey, type Plugin } from 'vue'
import { microtask, type Schedule } from './schedule.ts'

/** What the composables need from their host: the replica, and when to re-query. */
export interface OutpostVueConfig {
  readonly replica: Replica
  /** When re-queries after a burst of replica events run (default: one microtask later). */
  readonly schedule?: Schedule
}

/** Options every composable takes: an explicit replica or schedule wins over the provided one. */
export interface ResourceOptions {
  readonly replica?: Replica | undefined
  readonly schedule?: Schedule | undefined
}

export const OUTPOST_KEY: InjectionKey<OutpostVueConfig> = Symbol('outpost')

/** In a component's setup: give the replica to every composable below it. */
export function provideReplica(replica: Replica, options: { schedule?: Schedule } = {}): void {
  provide(OUTPOST_KEY, { replica, ...options })
}

/** `app.use(outpostPlugin(replica))`: give the replica to the whole app. */
export function outpostPlugin(replica: Replica, options: { schedule?: Schedule } = {}): Plugin {
  return {
    install(app) {
      app.provide(OUTPOST_KEY, { replica, ...options })
    },
  }
}

export function resolveConfig(options: ResourceOptions): { replica: Replica; schedule: Schedule } {
  const provided = hasInjectionContext() ? inject(OUTPOST_KEY, undefined) : undefined
  const replica = options.replica ?? provided?.replica
  if (!replica) {
    throw new OutpostError('INVALID_ARGUMENT', 'No Outpost replica: call provideReplica(replica) or app.use(outpostPlugin(replica)), or pass { replica }')
  }
  return { replica, schedule: options.schedule ?? provided?.schedule ?? microtask }
}

/** The provided replica itself, for what the composables do not cover (sync, logs). */
export function useReplica(options: ResourceOptions = {}): Replica {
  return resolveConfig(options).replica
}
