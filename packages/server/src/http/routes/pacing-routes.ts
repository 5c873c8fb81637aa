import { Type } from '@sinclair/typebox';
import { wirePacing } from '../../domain/wire-pacing.js';
import { AppError } from '../../errors/app-error.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { SessionPacing, SessionPacingUpdate } from '../schemas/pacing-schemas.js';
import { type App, security } from './types.js';

const tags = ['sessions'];
const params = Type.Object({ session_id: Type.String() });

/** A session's pace and WhatsApp's hold on its new chats (docs/pacing.md). */
export function pacingRoutes(app: App, gateway: Gateway): void {
  app.get(
    '/v1/sessions/:session_id/pacing',
    {
      config: { action: 'sessions:read' },
      schema: {
        operationId: 'getSessionPacing',
        tags,
        summary: "A session's pace and hold",
        description:
          "How fast the session sends: `per_minute` (spaced with jitter) and `new_chats_per_hour` (messages to numbers it has no chat with, per rolling hour), its own or the server's default; and `hold`, WhatsApp's reach-out timelock (after a 463) during which messages to new chats wait.",
        security,
        params,
        response: { 200: Type.Ref(SessionPacing), ...errorResponses },
      },
    },
    async (request) => {
      const { session_id: id } = request.params;
      return wirePacing(id, await gateway.pacing.get(principalOf(request), id));
    },
  );

  app.patch(
    '/v1/sessions/:session_id/pacing',
    {
      config: { action: 'sessions:manage' },
      schema: {
        operationId: 'updateSessionPacing',
        tags,
        summary: "Set a session's pace",
        description:
          "Sets `per_minute` and/or `new_chats_per_hour` (null: unlimited; absent: unchanged), or `reset: true` for the server's default. Applies to the session's next sends, queued ones included. WhatsApp's hold cannot be set or lifted here.",
        security,
        params,
        body: SessionPacingUpdate,
        response: { 200: Type.Ref(SessionPacing), ...errorResponses },
      },
    },
    async (request) => {
      const { session_id: id } = request.params;
      const body = request.body;
      if (body.reset && (body.per_minute !== undefined || body.new_chats_per_hour !== undefined)) {
        throw new AppError('VALIDATION_FAILED', { message: 'reset takes no other field.', param: 'reset' });
      }
      const change = body.reset
        ? { reset: true as const }
        : {
            ...(body.per_minute !== undefined && { perMinute: body.per_minute }),
            ...(body.new_chats_per_hour !== undefined && { newChatsPerHour: body.new_chats_per_hour }),
          };
      return wirePacing(id, await gateway.pacing.update(principalOf(request), id, change));
    },
  );
}
