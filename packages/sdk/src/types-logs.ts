import type { components, operations } from './generated/openapi.js';

type Query<Op> = Op extends { parameters: { query?: infer Q } } ? Partial<NonNullable<Q>> : never;

/** One API request as the request log keeps it (`GET /v1/logs`). */
export type RequestLog = components['schemas']['RequestLog'];
export type RequestLogListParams = Query<operations['listRequestLogs']>;
/** The filters of `GET /v1/logs/stream`. */
export type RequestLogFilter = Omit<Query<operations['streamRequestLogs']>, 'after'>;
