import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HistoryOptions } from './history/generate.js';

/** Inbound media comes as base64 in the body. */
const MAX_BODY = 16 * 1024 * 1024;

export const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ControlError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {}
  throw new ControlError(400, 'body must be a JSON object');
};

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const str = (body: Record<string, unknown>, key: string, required = true): string | undefined => {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  throw new ControlError(400, `${key} is required (string)`);
};

export const num = (body: Record<string, unknown>, key: string, fallback?: number): number => {
  const value = body[key] ?? fallback;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw new ControlError(400, `${key} is required (number)`);
};

/** `history` of `POST /control/accounts`: numbers only (the simulator checks the ranges). */
export const historyOf = (value: unknown): HistoryOptions => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ControlError(400, 'history must be an object');
  }
  const body = value as Record<string, unknown>;
  const optional = (key: string) => (body[key] === undefined ? {} : { [key]: num(body, key) });
  return {
    contacts: num(body, 'contacts'),
    chats: num(body, 'chats'),
    messages: num(body, 'messages'),
    ...optional('seed'),
    ...optional('chunkMessages'),
    ...optional('endAgoSeconds'),
  };
};

export const bool = (body: Record<string, unknown>, key: string): boolean | undefined => {
  const value = body[key];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ControlError(400, `${key} must be a boolean`);
};

export const phones = (body: Record<string, unknown>, key: string): string[] => {
  const value = body[key];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.map(String);
  }
  throw new ControlError(400, `${key} is required (array of phone numbers)`);
};

export const ACTIONS: readonly string[] = ['add', 'remove', 'promote', 'demote'];

/** `until` as an ISO date string or ms since epoch. */
export const dateOf = (body: Record<string, unknown>, key: string): Date => {
  const value = body[key];
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new ControlError(400, `${key} is required (ISO date or ms)`);
  return date;
};

export const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/** Bytes given as base64 (`null` passes through: it removes a picture). */
export const base64Of = (body: Record<string, unknown>, key: string): Uint8Array | null | undefined => {
  const value = body[key];
  if (value === undefined || value === null) return value;
  if (typeof value === 'string' && /^[A-Za-z0-9+/=_-]+$/.test(value)) return Buffer.from(value, 'base64');
  throw new ControlError(400, `${key} must be base64 bytes or null`);
};
