import type { Gateway } from '../../gateway.js';
import { analyticsRoutes } from './analytics-routes.js';
import { invoicesRoutes } from './invoices-routes.js';
import type { App } from './types.js';
import { usageRoutes } from './usage-routes.js';

/**
 * Usage, invoices and analytics, and the `api_calls` meter: every authenticated request of this
 * scope (any route, whatever its answer) counts one call for its tenant.
 */
export function billingRoutes(app: App, gateway: Gateway): void {
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.principal) gateway.apiCalls.count(request.principal.tenant.id, request.principal.mode);
    done();
  });
  usageRoutes(app, gateway);
  invoicesRoutes(app, gateway);
  analyticsRoutes(app, gateway);
}
