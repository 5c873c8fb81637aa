import type { IncomingMessage } from 'node:http';
import { newId } from '../crypto/ids.js';

const REQUEST_ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * fastify's `genReqId`: the caller's `Request-Id` when it is a sane token (so one id can follow a
 * request through several services), else a new `req_…` id. fastify binds this id to the request's
 * logger, so the id in every log line is the `request_id` the client receives.
 */
export function requestIdFor(req: Pick<IncomingMessage, 'headers'>): string {
  const incoming = req.headers['request-id'];
  return typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : newId('req');
}
