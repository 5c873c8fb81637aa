import { AppError } from '../errors/app-error.js';

/**
 * The file types WhatsApp takes, by what their bytes are: images, videos, voice and audio,
 * stickers, and documents. Executables and unknown binaries are refused.
 */
const ALLOWED = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'video/mp4',
  'video/3gpp',
  'audio/ogg',
  'audio/opus',
  'audio/mpeg',
  'audio/aac',
  'audio/mp4',
  'audio/x-m4a',
  'audio/amr',
  'application/pdf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/rtf',
  'application/epub+zip',
  'application/zip',
]);

/** Text has no magic bytes: these declared types are believed when the bytes are UTF-8 text. */
const TEXT = new Set(['text/plain', 'text/csv']);

const isUtf8Text = (sample: Uint8Array): boolean => {
  if (sample.includes(0)) return false;
  try {
    // A multi-byte character cut at the end of the sample is not a reason to refuse.
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, Math.max(0, sample.length - 3)));
    return true;
  } catch {
    return false;
  }
};

/**
 * The MIME type of a file from its sniffed type (undefined when its bytes match no known format)
 * and the first bytes; the client's declared type is used only for plain text. Refused:
 * MEDIA_TYPE_NOT_ALLOWED, naming what the bytes are.
 */
export function checkMediaType(
  sniffed: string | undefined,
  declared: string | undefined,
  sample: Uint8Array,
): string {
  if (sniffed !== undefined) {
    if (ALLOWED.has(sniffed)) return sniffed;
    throw new AppError('MEDIA_TYPE_NOT_ALLOWED', {
      message: `Files of type ${sniffed} cannot be sent through WhatsApp.`,
      details: { detected_type: sniffed },
    });
  }
  const base = declared?.split(';')[0]?.trim().toLowerCase();
  if (base && TEXT.has(base) && isUtf8Text(sample)) return base;
  throw new AppError('MEDIA_TYPE_NOT_ALLOWED', {
    message:
      'The file is of no type WhatsApp takes (its bytes match no image, video, audio or document format; text must be UTF-8 sent as text/plain or text/csv).',
    details: { detected_type: null },
  });
}
