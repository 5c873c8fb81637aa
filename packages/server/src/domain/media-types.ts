import type { Mode } from './types.js';

/** Where a media file came from. */
export type MediaSource = 'upload' | 'url' | 'inbound';

/** A media file of a tenant: what it is; its bytes are in the media store under `storageKey`. */
export interface Media {
  id: string;
  tenantId: string;
  mode: Mode;
  source: MediaSource;
  /** Sniffed from the bytes, never taken from the client. */
  contentType: string;
  size: number;
  sha256: string;
  filename: string | null;
  storageKey: string;
  createdAt: number;
}
