/** Nominal typing for identifiers that are all strings at runtime. */
declare const brand: unique symbol
export type Brand<T, B extends string> = T & { readonly [brand]: B }

export type DocTypeName = Brand<string, 'DocTypeName'>
export type DocName = Brand<string, 'DocName'>
export type FieldName = Brand<string, 'FieldName'>

export function docTypeName(value: string): DocTypeName {
  if (value.trim() === '' || value !== value.trim()) throw new TypeError(`Invalid DocType name: ${JSON.stringify(value)}`)
  return value as DocTypeName
}

export function docName(value: string): DocName {
  if (value === '') throw new TypeError('A document name cannot be empty')
  return value as DocName
}

export function fieldName(value: string): FieldName {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) throw new TypeError(`Invalid field name: ${JSON.stringify(value)}`)
  return value as FieldName
}
