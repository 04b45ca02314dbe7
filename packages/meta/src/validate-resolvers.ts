/**
 * The database questions validation asks. Meta stays pure: the caller answers them from its
 * store (the server from SQL, the client from its local replica).
 */
export interface ValidationResolvers {
  /** Returns the canonical stored name and docstatus of a target, or undefined if it does not exist. Case-insensitive match like MariaDB. */
  resolveLink(doctype: string, name: string): Promise<{ name: string; docstatus: number } | undefined>
  /**
   * What `resolveLink` would answer, when the caller knows it without waiting (a cache): the
   * target, null when it is known not to exist, undefined when not known. Optional: validation
   * asks `resolveLink` for every link this does not answer.
   */
  knownLink?(doctype: string, name: string): { name: string; docstatus: number } | null | undefined
  /** True when another document (not `exceptName`) already has this value in this field. */
  isDuplicate(doctype: string, fieldname: string, value: unknown, exceptName: string | undefined): Promise<boolean>
}
