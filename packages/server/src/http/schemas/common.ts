import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { ERROR_CODE_LIST, type ErrorCode } from '../../errors/error-codes.js';

export const Timestamp = Type.String({ format: 'date-time', examples: ['2026-11-22T10:00:00.000Z'] });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/**
 * A request field that may be null (a reset), as a type list rather than `Nullable`'s union: with
 * the server's type coercion an anyOf coerces across branches (null to "", 0 or [0]; a lone 0 or
 * [0] to null), while a type list is matched before anything is coerced.
 */
export const NullableInput = <T extends TSchema & { type: string }>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });

export const ErrorCodeSchema = Type.Unsafe<ErrorCode>({
  type: 'string',
  enum: ERROR_CODE_LIST,
  $id: 'ErrorCode',
  description: 'Stable machine-readable error code (see docs/api.md).',
});

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.Ref(ErrorCodeSchema),
      message: Type.String(),
      request_id: Type.String(),
      param: Type.Optional(Type.String({ description: 'The request field the error is about.' })),
      details: Type.Optional(Type.Object({}, { additionalProperties: true })),
    }),
  },
  { $id: 'ErrorResponse' },
);

export const ListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    starting_after: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const ListOf = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), has_more: Type.Boolean() });

export const Deleted = Type.Object({ id: Type.String(), deleted: Type.Literal(true) });

/**
 * The error response of routes that look an object up. The others every route can give (400, 401,
 * 413, 415, 429, 503, …) are added to each route by route-conventions.ts.
 */
export const errorResponses = {
  404: Type.Ref(ErrorResponse, {
    description: 'No such object in this tenant (SESSION_NOT_FOUND, MESSAGE_NOT_FOUND, …).',
  }),
} as const;

/** Routes whose response shows a secret once (`config.secretField`). */
export const SHOWN_ONCE =
  'Send an Idempotency-Key to make retries safe. The secret is never stored with the idempotency record: a replay of a request that succeeded answers 409 SECRET_NOT_REPLAYABLE with the id of the created object in `details.id` (revoke or delete it if you lost the secret).';

export const secretNotReplayable = {
  409: Type.Ref(ErrorResponse, {
    description:
      'SECRET_NOT_REPLAYABLE: a replay of a request that succeeded; the secret is not shown again.',
  }),
} as const;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'Makes the request safe to retry: the first response for a key is replayed for 24 h.',
    }),
  ),
});
