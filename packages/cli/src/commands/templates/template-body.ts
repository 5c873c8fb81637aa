import type { TemplateBody } from '@wagw/sdk';
import { UsageError } from '../../errors.js';
import type { Output } from '../../output.js';

/** The flags that say what a template sends (create, update). */
export interface BodyFlags {
  /** `text` (the default with --text), `image`, `video` or `document`. */
  type?: string;
  text?: string;
  /** A media id (`med_…`) or an http(s) URL. */
  media?: string;
  caption?: string;
  /** The whole body as JSON, instead of the flags above. */
  body?: string;
}

const MEDIA_TYPES = ['image', 'video', 'document'] as const;
type MediaType = (typeof MEDIA_TYPES)[number];
const isMediaType = (value: string): value is MediaType => (MEDIA_TYPES as readonly string[]).includes(value);

function mediaRef(value: string): { id: string } | { url: string } {
  if (/^https?:\/\//i.test(value)) return { url: value };
  if (/^med_\w+$/.test(value)) return { id: value };
  throw new UsageError(`--media expects a media id (med_…) or an http(s) URL; got "${value}".`);
}

function parseJsonBody(text: string): TemplateBody {
  try {
    const body = JSON.parse(text) as unknown;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as TemplateBody;
  } catch {
    // Reported below.
  }
  throw new UsageError('--body expects a JSON object, e.g. {"type":"text","text":"Hi {{name}}"}.');
}

/**
 * The body the flags describe, or undefined when they describe none. The server checks the rest
 * (placeholders, lengths, which fields a type takes).
 */
export function bodyFromFlags(flags: BodyFlags): TemplateBody | undefined {
  const fields = flags.text !== undefined || flags.media !== undefined || flags.caption !== undefined;
  if (flags.body !== undefined) {
    if (fields || flags.type !== undefined) {
      throw new UsageError('--body gives the whole body: leave out --type, --text, --media and --caption.');
    }
    return parseJsonBody(flags.body);
  }
  if (!fields && flags.type === undefined) return undefined;
  const type = flags.type ?? (flags.media !== undefined ? undefined : 'text');
  if (type === undefined) throw new UsageError('--media needs --type image, video or document.');
  if (type === 'text') {
    if (flags.media !== undefined || flags.caption !== undefined) {
      throw new UsageError(
        'a text template takes --text only (--media and --caption are for image, video, document).',
      );
    }
    if (flags.text === undefined) throw new UsageError('a text template needs --text.');
    return { type: 'text', text: flags.text };
  }
  if (!isMediaType(type)) {
    throw new UsageError(`--type expects text, image, video or document; got "${type}".`);
  }
  if (flags.text !== undefined) throw new UsageError(`an ${type} template takes --caption, not --text.`);
  if (flags.media === undefined) throw new UsageError(`an ${type} template needs --media (med_… or a URL).`);
  return {
    type,
    media: mediaRef(flags.media),
    ...(flags.caption !== undefined && { caption: flags.caption }),
  };
}

const mediaLabel = (media: { id: string } | { url: string }) => ('id' in media ? media.id : media.url);

/** A body as `label: value` lines. */
export function bodyFields(body: TemplateBody): Array<[string, string | undefined]> {
  if (body.type === 'text') return [['text', body.text]];
  return [
    ['media', mediaLabel(body.media)],
    ['caption', body.caption],
  ];
}

/** A template (or a rendered one) as `label: value` lines. */
export function printTemplate(
  out: Output,
  t: { id?: string; template_id?: string; name: string; body: TemplateBody; variables: string[] },
  extra: Array<[string, string]> = [],
): void {
  out.fields([
    ['id', t.id ?? t.template_id],
    ['name', t.name],
    ['type', t.body.type],
    ...bodyFields(t.body),
    ['variables', t.variables.length > 0 ? t.variables.join(', ') : null],
    ...extra,
  ]);
}

export const BODY_HELP = 'placeholders are {{name}}: letters, digits and underscores';
