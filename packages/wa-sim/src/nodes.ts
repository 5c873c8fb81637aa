import type { BinaryNode } from '@whiskeysockets/baileys';

export type { BinaryNode };

/** The server's own JID, used as `from` on everything the simulator originates. */
export const SERVER_JID = 's.whatsapp.net';

/** Current time in whole seconds, as a string attribute value. */
export const nowSeconds = (): string => Math.floor(Date.now() / 1000).toString();

export const node = (
  tag: string,
  attrs: Record<string, string | undefined> = {},
  content?: BinaryNode['content'],
): BinaryNode => {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined) clean[key] = value;
  }
  return content === undefined ? { tag, attrs: clean } : { tag, attrs: clean, content };
};

export const children = (parent: BinaryNode | undefined, tag?: string): BinaryNode[] => {
  if (!parent || !Array.isArray(parent.content)) return [];
  return tag ? parent.content.filter((c) => c.tag === tag) : parent.content;
};

export const child = (parent: BinaryNode | undefined, tag: string): BinaryNode | undefined =>
  children(parent, tag)[0];

export const bytes = (n: BinaryNode | undefined): Buffer | undefined => {
  if (!n || n.content === undefined) return undefined;
  if (typeof n.content === 'string') return Buffer.from(n.content, 'utf8');
  if (n.content instanceof Uint8Array) return Buffer.from(n.content);
  return undefined;
};

export const text = (n: BinaryNode | undefined): string | undefined => bytes(n)?.toString('utf8');

/** Big-endian unsigned integer from a byte buffer (pre-key ids are 3 bytes, registration ids 4). */
export const readUInt = (buf: Buffer | undefined): number | undefined => {
  if (!buf || buf.length === 0 || buf.length > 6) return undefined;
  return buf.readUIntBE(0, buf.length);
};

export const writeUInt = (value: number, length: number): Buffer => {
  const buf = Buffer.alloc(length);
  buf.writeUIntBE(value, 0, length);
  return buf;
};

/** An empty `<iq type=result>` answering `iq`, optionally with content. */
export const iqResult = (iq: BinaryNode, content?: BinaryNode[]): BinaryNode =>
  node('iq', { type: 'result', id: iq.attrs.id, from: SERVER_JID }, content);

export const iqError = (iq: BinaryNode, code: number, textValue: string): BinaryNode =>
  node('iq', { type: 'error', id: iq.attrs.id, from: SERVER_JID }, [
    node('error', { code: String(code), text: textValue }),
  ]);
