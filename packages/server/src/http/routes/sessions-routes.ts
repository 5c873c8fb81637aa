import { Type } from '@sinclair/typebox';
import QRCode from 'qrcode';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { Deleted, ErrorResponse, errorResponses, ListOf, ListQuery } from '../schemas/common.js';
import { Qr, Session } from '../schemas/resources.js';
import { type App, page, security } from './types.js';

const tags = ['sessions'];
const Params = Type.Object({ session_id: Type.String() });
const conflict = {
  409: Type.Ref(ErrorResponse, {
    description:
      'SESSION_STATE_CONFLICT or QR_NOT_AVAILABLE: the session is not in a state that allows this.',
  }),
};

export function sessionsRoutes(app: App, gateway: Gateway): void {
  const { sessions } = gateway;

  app.post(
    '/v1/sessions',
    {
      config: { action: 'sessions:manage' },
      schema: {
        operationId: 'createSession',
        tags,
        summary: 'Create a session (and start it unless start is false)',
        security,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            engine: Type.Optional(Type.String({ default: 'sandbox', examples: ['sandbox'] })),
            auto_pair: Type.Optional(
              Type.Boolean({ description: 'Sandbox only: the simulated phone scans the QR by itself.' }),
            ),
            start: Type.Optional(Type.Boolean({ default: true })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(Session), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const session = await sessions.create(principalOf(request), {
        name: body.name,
        engine: body.engine,
        autoPair: body.auto_pair,
        start: body.start,
      });
      return reply.status(201).send(wire.session(session));
    },
  );

  app.get(
    '/v1/sessions',
    {
      config: { action: 'sessions:read' },
      schema: {
        operationId: 'listSessions',
        tags,
        summary: 'List sessions',
        security,
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(Session)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await sessions.list(principalOf(request), page(request.query));
      return { data: result.data.map(wire.session), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/sessions/:session_id',
    {
      config: { action: 'sessions:read' },
      schema: {
        operationId: 'getSession',
        tags,
        summary: 'Get a session',
        security,
        params: Params,
        response: { 200: Type.Ref(Session), ...errorResponses },
      },
    },
    async (request) => wire.session(await sessions.get(principalOf(request), request.params.session_id)),
  );

  app.delete(
    '/v1/sessions/:session_id',
    {
      config: { action: 'sessions:manage' },
      schema: {
        operationId: 'deleteSession',
        tags,
        summary: 'Delete a session, its credentials and its queued messages',
        security,
        params: Params,
        response: { 200: Deleted, ...errorResponses, ...conflict },
      },
    },
    async (request) => {
      await sessions.delete(principalOf(request), request.params.session_id);
      return { id: request.params.session_id, deleted: true as const };
    },
  );

  const actions = [
    ['start', 'startSession', 'Start a session (it keeps running across restarts until stopped)'],
    ['stop', 'stopSession', 'Stop a session, keeping its credentials'],
    ['restart', 'restartSession', 'Restart a session'],
    ['logout', 'logoutSession', 'Log the session out: unlink the device and forget its credentials'],
  ] as const;
  for (const [action, operationId, summary] of actions) {
    app.post(
      `/v1/sessions/:session_id/${action}`,
      {
        config: { action: 'sessions:manage' },
        schema: {
          operationId,
          tags,
          summary,
          security,
          params: Params,
          response: { 200: Type.Ref(Session), ...errorResponses, ...conflict },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const id = request.params.session_id;
        const session = await sessions[action](principal, id);
        return wire.session(session);
      },
    );
  }

  app.get(
    '/v1/sessions/:session_id/qr',
    {
      config: { action: 'sessions:manage' },
      schema: {
        operationId: 'getSessionQr',
        tags,
        summary: 'The current QR code, while the session is scan_qr',
        security,
        params: Params,
        response: { 200: Type.Ref(Qr), ...errorResponses, ...conflict },
      },
    },
    async (request) => {
      const qr = await sessions.qr(principalOf(request), request.params.session_id);
      return { session_id: qr.sessionId, qr: qr.qr, expires_at: new Date(qr.expiresAt).toISOString() };
    },
  );

  app.get(
    '/v1/sessions/:session_id/qr.png',
    {
      config: { action: 'sessions:manage' },
      schema: {
        operationId: 'getSessionQrPng',
        tags,
        summary: 'The current QR code as a PNG image',
        security,
        params: Params,
        response: {
          200: {
            description: 'PNG image',
            content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errorResponses,
          ...conflict,
        },
      },
    },
    async (request, reply) => {
      const qr = await sessions.qr(principalOf(request), request.params.session_id);
      const png = await QRCode.toBuffer(qr.qr, { type: 'png', margin: 2, width: 320 });
      return reply.header('content-type', 'image/png').header('cache-control', 'no-store').send(png);
    },
  );

  app.post(
    '/v1/sessions/:session_id/sandbox/scan',
    {
      config: { action: 'sessions:manage' },
      schema: {
        operationId: 'scanSandboxQr',
        tags,
        summary: 'Sandbox only: simulate the phone scanning the current QR',
        security,
        params: Params,
        body: Type.Optional(
          Type.Object(
            {
              phone: Type.Optional(
                Type.String({ description: 'The simulated account number; random if absent.' }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 200: Type.Ref(Session), ...errorResponses, ...conflict },
      },
    },
    async (request) =>
      wire.session(
        await sessions.simulateScan(principalOf(request), request.params.session_id, request.body.phone),
      ),
  );
}
