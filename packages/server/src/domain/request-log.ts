import type { Mode } from './types.js';

/** One API request as the request log keeps it. */
export interface RequestLog {
  id: string;
  tenantId: string;
  mode: Mode;
  method: string;
  /** The route template (`/v1/sessions/:id`); null when no route matched. */
  route: string | null;
  /** The path as requested, without the query string. */
  path: string;
  status: number;
  durationMs: number;
  apiKeyId: string | null;
  requestId: string;
  errorCode: string | null;
  createdAt: number;
}

/** What a log listing or stream keeps: a status (`404`) or class (`4xx`), a path prefix, a method. */
export interface RequestLogFilter {
  /** Inclusive status range (`4xx` → 400–499). */
  status?: { min: number; max: number } | undefined;
  /** Matches the route template exactly or the path as a prefix (`/v1/sessions`). */
  path?: string | undefined;
  method?: string | undefined;
}

/** `4xx` → 400–499, `404` → 404–404; undefined for anything else. */
export function parseStatusFilter(value: string): { min: number; max: number } | undefined {
  const cls = /^([1-5])xx$/i.exec(value);
  if (cls) return { min: Number(cls[1]) * 100, max: Number(cls[1]) * 100 + 99 };
  if (/^[1-5]\d\d$/.test(value)) return { min: Number(value), max: Number(value) };
  return undefined;
}
