import { join } from 'node:path';
import type { Config } from '../../config/config-schema.js';
import { LocalMediaStore } from './local-media-store.js';
import type { MediaStore } from './media-store.js';
import { S3MediaStore } from './s3-media-store.js';

/** The configured media store: S3 when `media.s3` is set, else `<dataDir>/media`. */
export async function openMediaStore(config: Config): Promise<MediaStore> {
  const s3 = config.media.s3;
  if (!s3) return new LocalMediaStore(join(config.dataDir, 'media'));
  return S3MediaStore.open({ ...s3, spoolDir: join(config.dataDir, 'tmp', 'media') });
}
