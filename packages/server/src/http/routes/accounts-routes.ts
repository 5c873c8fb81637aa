import type { Gateway } from '../../gateway.js';
import { accountSchemas } from '../schemas/accounts.js';
import { authRoutes } from './auth-routes.js';
import { membersRoutes } from './members-routes.js';
import type { App } from './types.js';
import { usersRoutes } from './users-routes.js';

/** Registration, logins, passwords, profile, members, invites, service accounts, admin users. */
export function accountsRoutes(app: App, gateway: Gateway): void {
  for (const schema of accountSchemas) app.addSchema(schema);
  authRoutes(app, gateway);
  usersRoutes(app, gateway);
  membersRoutes(app, gateway);
}
