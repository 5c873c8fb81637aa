import { type Command, Option } from 'commander';
import { apiCommand, integer, valueOrPrompt, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { uploadFile } from './media-file.js';
import { type Content, type SendFlags, sendFlags, sendMessage, WAIT_HELP } from './send-flow.js';

/** Every flag of the typed send commands; each command registers only its own. */
export interface TypedSendOptions extends SendFlags {
  file?: string;
  caption?: string;
  fileName?: string;
  voice?: boolean;
  lat?: number;
  lng?: number;
  name?: string;
  address?: string;
  phone?: string;
  question?: string;
  option?: string[];
  multiple?: number;
  message?: string;
  emoji?: string;
  remove?: boolean;
  replyTo?: string;
}

const MEDIA = ['image', 'video', 'audio', 'document', 'sticker'] as const;
type MediaType = (typeof MEDIA)[number];

const coordinate = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`expected a number from ${min} to ${max}, got "${value}".`);
  }
  return n;
};
const collect = (value: string, previous: string[] = []) => [...previous, value];
const reply = (o: TypedSendOptions) => (o.replyTo ? { reply_to: o.replyTo } : {});

async function mediaContent(
  type: MediaType,
  o: TypedSendOptions,
  ctx: Context,
  api: Parameters<Parameters<typeof sendMessage>[2]>[0],
): Promise<Content> {
  const file = await valueOrPrompt(ctx, o.file, {
    flag: '--file',
    message: 'File (a path or an http(s) URL)',
  });
  const uploaded = await uploadFile(api, file);
  return {
    type,
    media: { id: uploaded.id },
    ...(o.caption && (type === 'image' || type === 'video' || type === 'document') && { caption: o.caption }),
    ...(type === 'document' && o.fileName && { file_name: o.fileName }),
    ...(type === 'audio' && o.voice && { voice: true }),
    ...reply(o),
  } as Content;
}

function mediaCommand(ctx: Context, type: MediaType): Command {
  const what: Record<MediaType, string> = {
    image: 'an image (JPEG or PNG)',
    video: 'a video (MP4)',
    audio: 'an audio file, or a voice note with --voice (Ogg/Opus)',
    document: 'a file as a document',
    sticker: 'a sticker (WebP)',
  };
  let cmd = sendFlags(apiCommand(type, `send ${what[type]}`)).option(
    '--file <path|url>',
    'the file: a path, or an http(s) URL the CLI downloads',
  );
  if (type === 'image' || type === 'video' || type === 'document')
    cmd = cmd.option('--caption <text>', 'a caption');
  if (type === 'document')
    cmd = cmd.option('--file-name <name>', "the name the recipient sees (default: the file's)");
  if (type === 'audio') cmd = cmd.option('--voice', 'send it as a voice note');
  cmd = cmd
    .option('--reply-to <id>', 'reply to (quote) this message (msg_…)')
    .action((o: TypedSendOptions) => sendMessage(o, ctx, (api) => mediaContent(type, o, ctx, api)));
  return withExamples(
    cmd,
    `wagw send ${type} --to +15551234567 --file ./${type === 'document' ? 'invoice.pdf' : type === 'sticker' ? 'hi.webp' : type === 'audio' ? 'note.ogg' : type === 'video' ? 'clip.mp4' : 'photo.jpg'}${type === 'image' ? ' --caption "Our new shop"' : ''}`,
    `wagw send ${type} --to +15551234567 --file https://example.com/${type === 'document' ? 'terms.pdf' : 'file'} --wait delivered --json`,
  ).addHelpText('after', WAIT_HELP);
}

/** `wagw send image|video|audio|document|sticker|location|contact|poll|reaction`. */
export function commands(ctx: Context): Command[] {
  const location = sendFlags(apiCommand('location', 'send a place on the map'))
    .addOption(
      new Option('--lat <degrees>', 'latitude, -90 to 90')
        .argParser(coordinate(-90, 90))
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--lng <degrees>', 'longitude, -180 to 180')
        .argParser(coordinate(-180, 180))
        .makeOptionMandatory(),
    )
    .option('--name <name>', "the place's name")
    .option('--address <address>', 'its address')
    .option('--reply-to <id>', 'reply to (quote) this message (msg_…)')
    .action((o: TypedSendOptions) =>
      sendMessage(o, ctx, async () => ({
        type: 'location',
        latitude: o.lat!,
        longitude: o.lng!,
        ...(o.name && { name: o.name }),
        ...(o.address && { address: o.address }),
        ...reply(o),
      })),
    );
  const contact = sendFlags(apiCommand('contact', 'send a contact card'))
    .option('--name <name>', "the contact's name")
    .option('--phone <phone>', 'its phone number (E.164)')
    .option('--reply-to <id>', 'reply to (quote) this message (msg_…)')
    .action((o: TypedSendOptions) =>
      sendMessage(o, ctx, async () => ({
        type: 'contact',
        contacts: [
          {
            name: await valueOrPrompt(ctx, o.name, { flag: '--name', message: "Contact's name" }),
            phone: await valueOrPrompt(ctx, o.phone, { flag: '--phone', message: "Contact's phone" }),
          },
        ],
        ...reply(o),
      })),
    );
  const poll = sendFlags(apiCommand('poll', 'send a poll'))
    .option('--question <text>', 'the question')
    .option('--option <text>', 'an option (repeat: 2 to 12)', collect)
    .option('--multiple <n>', 'how many options a voter may pick (default 1)', integer(1, 12))
    .option('--reply-to <id>', 'reply to (quote) this message (msg_…)')
    .action((o: TypedSendOptions) =>
      sendMessage(o, ctx, async () => {
        const options = o.option ?? [];
        if (options.length < 2 || options.length > 12) {
          throw new UsageError(`a poll takes 2 to 12 --option flags; got ${options.length}.`);
        }
        return {
          type: 'poll',
          question: await valueOrPrompt(ctx, o.question, { flag: '--question', message: 'Question' }),
          options,
          ...(o.multiple && { selectable_count: o.multiple }),
          ...reply(o),
        };
      }),
    );
  const reaction = sendFlags(
    apiCommand('reaction', 'react to a message with an emoji, or remove the reaction'),
  )
    .option('--message <id>', 'the message reacted to (msg_…)')
    .option('--emoji <emoji>', 'the emoji, e.g. 👍')
    .option('--remove', "remove this account's reaction instead")
    .action((o: TypedSendOptions) =>
      sendMessage(o, ctx, async () => {
        if (o.remove && o.emoji) throw new UsageError('--remove and --emoji contradict each other.');
        return {
          type: 'reaction',
          message_id: await valueOrPrompt(ctx, o.message, {
            flag: '--message',
            message: 'Message id (msg_…)',
          }),
          emoji: o.remove ? '' : await valueOrPrompt(ctx, o.emoji, { flag: '--emoji', message: 'Emoji' }),
        };
      }),
    );
  return [
    ...MEDIA.map((type) => mediaCommand(ctx, type)),
    withExamples(
      location,
      'wagw send location --to +15551234567 --lat 51.5007 --lng -0.1246 --name "Big Ben"',
    ),
    withExamples(contact, 'wagw send contact --to +15551234567 --name "Ada Lovelace" --phone +442079460958'),
    withExamples(poll, 'wagw send poll --to +15551234567 --question "Lunch?" --option Pizza --option Sushi'),
    withExamples(
      reaction,
      'wagw send reaction --to +15551234567 --message msg_123 --emoji 👍',
      'wagw send reaction --to +15551234567 --message msg_123 --remove',
    ),
  ];
}
