import type { Media } from './media-types.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The public shape of a media file. */
export const wireMedia = (m: Media) => ({
  id: m.id,
  object: 'media' as const,
  content_type: m.contentType,
  size: m.size,
  sha256: m.sha256,
  filename: m.filename,
  source: m.source,
  mode: m.mode,
  created_at: iso(m.createdAt),
});
