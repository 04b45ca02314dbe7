/** A User Permission: restricts the user to documents linked to `forValue` of doctype `allow`. */
export interface DemoUserPermission {
  readonly allow: string
  readonly forValue: string
}

export interface DemoUser {
  /** Login id. Frappe's Administrator logs in as `Administrator`; others by email. */
  readonly email: string
  readonly fullName: string
  readonly password: string
  readonly roles: readonly string[]
  readonly userPermissions: readonly DemoUserPermission[]
}

/**
 * The demo site's users. Administrator bypasses permissions as in Frappe; the sales user
 * sees only the North territory (Frappe nested-set user permission: North and below).
 */
export const demoUsers: readonly DemoUser[] = [
  {
    email: 'Administrator',
    fullName: 'Administrator',
    password: 'admin',
    roles: ['System Manager'],
    userPermissions: [],
  },
  {
    email: 'sales@example.com',
    fullName: 'Sam Sales',
    password: 'sales',
    roles: ['Sales User', 'Accounts User'],
    userPermissions: [{ allow: 'Territory', forValue: 'North' }],
  },
  {
    email: 'accounts@example.com',
    fullName: 'Alex Accounts',
    password: 'accounts',
    roles: ['Accounts Manager', 'Accounts User', 'Sales User'],
    userPermissions: [],
  },
]
