import type { Doc, DocType } from '@outpost/meta'
import type { Controller, ControllerContext, HookName } from '../controllers/controller.ts'
import type { RequestContext } from '../context.ts'
import { controllerDb } from './controller-db.ts'
import { customFieldHooks } from '../builtin/custom-field-hooks.ts'

type SystemHook = NonNullable<(typeof customFieldHooks)[HookName]>

const SYSTEM_HOOKS: Readonly<Record<string, typeof customFieldHooks>> = { 'Custom Field': customFieldHooks }

export function controllerContext(ctx: RequestContext, doctype: DocType, previous: Doc | undefined): ControllerContext {
  return { doctype, schema: ctx.site.schema, user: ctx.user.name, now: ctx.now(), previous, db: controllerDb(ctx) }
}

const NOTHING_TO_RUN: Promise<void> = Promise.resolve()

/** Run a controller hook if the doctype has one, then the server's own for its built-in DocTypes. */
export function runHook(ctx: RequestContext, doctype: DocType, hook: HookName, doc: Doc, previous: Doc | undefined): Promise<void> {
  const fn = ctx.site.controllers[doctype.name]?.[hook]
  const system = SYSTEM_HOOKS[doctype.name]?.[hook]
  // Most hooks of most DocTypes are absent: no async call for them (a save asks for eight).
  if (!fn && !system) return NOTHING_TO_RUN
  return runFound(ctx, doctype, doc, previous, fn, system)
}

async function runFound(ctx: RequestContext, doctype: DocType, doc: Doc, previous: Doc | undefined, fn: Controller[HookName], system: SystemHook | undefined): Promise<void> {
  if (fn) await fn(doc, controllerContext(ctx, doctype, previous))
  if (system) await system(ctx, doc, previous)
}

export async function runHooks(ctx: RequestContext, doctype: DocType, hooks: readonly HookName[], doc: Doc, previous: Doc | undefined): Promise<void> {
  for (const h of hooks) await runHook(ctx, doctype, h, doc, previous)
}
