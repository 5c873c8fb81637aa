import { Type } from '@sinclair/typebox';
import { wire } from '../../domain/wire.js';
import { principalOf } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { Me } from '../schemas/resources.js';
import { type App, security } from './types.js';

export function meRoutes(app: App): void {
  app.get(
    '/v1/me',
    {
      config: { action: 'account' },
      schema: {
        operationId: 'getMe',
        tags: ['account'],
        summary: 'The tenant and API key making this request',
        security,
        response: { 200: Type.Ref(Me), ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return { tenant: wire.tenant(p.tenant), api_key: p.apiKey ? wire.apiKey(p.apiKey) : null };
    },
  );
}
