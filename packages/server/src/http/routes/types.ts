import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export const security = [{ bearerAuth: [] }];

export const page = (q: { limit?: number | undefined; starting_after?: string | undefined }) => ({
  limit: q.limit ?? 20,
  startingAfter: q.starting_after,
});
