// Resolve workspace packages to their TypeScript sources (the `outpost-source` export condition).
export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, 'outpost-source'] })
}
