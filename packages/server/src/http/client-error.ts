import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyInstance } from 'fastify';
import { newId } from '../crypto/ids.js';
import { ERROR_CODES, type ErrorCode } from '../errors/error-codes.js';

function codeFor(error: ConnectionError): ErrorCode {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'REQUEST_TIMEOUT';
  return 'MALFORMED_REQUEST';
}

/**
 * fastify's `clientErrorHandler`: requests Node's HTTP parser refuses (broken framing, oversized
 * headers, a client too slow to send its request) never reach fastify, so this writes the one
 * error shape, with a request id that is also logged, straight to the socket.
 */
export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code = codeFor(error);
  const requestId = newId('req');
  this.log.debug({ reqId: requestId, err: error }, 'HTTP parser refused a request');
  const message =
    code === 'MALFORMED_REQUEST'
      ? `The HTTP request could not be parsed (${error.code ?? 'parse error'}).`
      : ERROR_CODES[code].message;
  const status = ERROR_CODES[code].status;
  const body = JSON.stringify({ error: { code, message, request_id: requestId } });
  // A response already under way on this socket cannot be replaced by another one.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `Request-Id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
