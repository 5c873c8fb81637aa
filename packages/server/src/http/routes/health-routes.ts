import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors/app-error.js';
import type { Gateway } from '../../gateway.js';
import { ErrorResponse } from '../schemas/common.js';
import type { App } from './types.js';

export function healthRoutes(app: App, gateway: Gateway): void {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        operationId: 'health',
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        operationId: 'ready',
        tags: ['health'],
        summary: 'Readiness: the database answers',
        response: {
          200: Type.Object({ status: Type.Literal('ready') }),
          503: Type.Ref(ErrorResponse, { description: 'NOT_READY: the database does not answer.' }),
        },
      },
    },
    async () => {
      try {
        await gateway.storage.ping();
      } catch (error) {
        throw new AppError('NOT_READY', { message: 'The database does not answer.', cause: error });
      }
      return { status: 'ready' as const };
    },
  );
}
