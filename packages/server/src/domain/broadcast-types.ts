import type { TemplateBody } from './template-types.js';
import type { Mode } from './types.js';

export const BROADCAST_STATUSES = ['queued', 'running', 'paused', 'completed', 'cancelled'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

/** Where one recipient is: waiting, its message accepted (`messageId`), refused, or skipped (cancelled). */
export type RecipientState = 'pending' | 'queued' | 'failed' | 'skipped';

/** One message to many recipients of one session, queued at `perMinute` with jitter. */
export interface Broadcast {
  id: string;
  tenantId: string;
  sessionId: string;
  /** Its session's mode (test keys see test broadcasts only). */
  mode: Mode;
  name: string | null;
  status: BroadcastStatus;
  /** Why it is paused or ended, when not by a request (a used-up quota, a logged-out session). */
  statusReason: string | null;
  /** The message, with `{{placeholders}}` filled in from each recipient's variables. */
  message: TemplateBody;
  templateId: string | null;
  perMinute: number;
  total: number;
  /** When the next recipient may be queued. */
  nextAt: number;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface BroadcastRecipient {
  broadcastId: string;
  position: number;
  to: string;
  variables: Record<string, string>;
  state: RecipientState;
  messageId: string | null;
  error: { code: string; message: string } | null;
}

/** How far a broadcast is: recipients by state, and its messages by status. */
export interface BroadcastProgress {
  total: number;
  pending: number;
  queued: number;
  failed: number;
  skipped: number;
  /** Of the messages accepted: how many reached each status (a read one also counts as delivered and sent). */
  messages: {
    queued: number;
    sent: number;
    delivered: number;
    read: number;
    failed: number;
    cancelled: number;
  };
}
