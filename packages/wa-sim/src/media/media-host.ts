import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type SelfSignedCert, selfSignedCert } from './self-signed-cert.js';

/** Largest upload the host accepts (what `media_conn` announces as `maxContentLengthBytes`). */
export const MAX_MEDIA_BYTES = 64 * 1024 * 1024;

const b64url = (buf: Buffer): string =>
  buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

const readBody = async (req: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_MEDIA_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

/** `bytes=a-b` / `bytes=a-` of a blob; undefined when there is no usable range. */
const range = (header: string | undefined, size: number): [number, number] | undefined => {
  const match = header ? /^bytes=(\d+)-(\d*)$/.exec(header) : null;
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  return start <= end ? [start, end] : undefined;
};

/**
 * The simulator's media host: an HTTPS server on loopback that takes the encrypted uploads Baileys
 * makes after a `media_conn` iq (`POST /mms/<type>/<fileEncSha256>?auth=…&token=…`, answered with
 * `{ url, direct_path }`) and serves them back by their direct path (`GET`, with `Range`). Blobs stay
 * in memory. Its certificate is self-signed: clients must trust `ca` (see the README).
 */
export class MediaHost {
  /** `host:port`, as `media_conn` hands it out (Baileys builds `https://${hostname}${path}`). */
  readonly hostname: string;
  /** The host's certificate (PEM), which is also the CA a client must trust. */
  readonly ca: string;
  /** The `auth` token `media_conn` hands out, which uploads must carry. */
  readonly auth = b64url(randomBytes(24));
  private readonly blobs = new Map<string, Buffer>();
  /** Direct paths whose downloads are answered with an error status instead of the file. */
  private readonly failing = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    cert: SelfSignedCert,
  ) {
    const { address, port } = server.address() as AddressInfo;
    this.hostname = `${address.includes(':') ? `[${address}]` : address}:${port}`;
    this.ca = cert.cert;
  }

  /** Starts the host on `host` (a free port), with the given or a fresh self-signed certificate. */
  static async start(host: string, cert?: SelfSignedCert): Promise<MediaHost> {
    const tls = cert ?? selfSignedCert([host, '127.0.0.1', '::1', 'localhost']);
    let media: MediaHost | undefined;
    const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      media?.handle(req, res).catch(() => {
        if (!res.headersSent) json(res, 500, { error: 'media host failed' });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    media = new MediaHost(server, tls);
    return media;
  }

  /** Stores an encrypted blob (as an upload does) and returns where it can be fetched. */
  put(file: Buffer): { url: string; directPath: string } {
    const directPath = `/v/t62.7118-24/${randomBytes(16).toString('hex')}.enc`;
    this.blobs.set(directPath, file);
    return { url: `https://${this.hostname}${directPath}`, directPath };
  }

  /** The blob at a direct path (query ignored), if the host has it. */
  get(directPath: string): Buffer | undefined {
    return this.blobs.get(directPath.split('?')[0] ?? '');
  }

  /** Answers downloads of `directPath` with `status` from now on (a fault to test clients with). */
  failDownloads(directPath: string, status: number): void {
    this.failing.set(directPath.split('?')[0] ?? '', status);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://media.invalid');
    if (req.method === 'POST' && url.pathname.startsWith('/mms/')) {
      if (url.searchParams.get('auth') !== this.auth) return json(res, 401, { error: 'bad auth' });
      const body = await readBody(req);
      if (!body) return json(res, 413, { error: 'too large' });
      const token = url.pathname.split('/').at(-1) ?? '';
      if (b64url(createHash('sha256').update(body).digest()) !== decodeURIComponent(token)) {
        return json(res, 400, { error: 'fileEncSha256 does not match the upload' });
      }
      const { url: mediaUrl, directPath } = this.put(body);
      return json(res, 200, { url: mediaUrl, direct_path: directPath });
    }
    const failure = req.method === 'GET' ? this.failing.get(url.pathname) : undefined;
    if (failure) return json(res, failure, { error: 'download failed on purpose' });
    const blob = req.method === 'GET' ? this.get(url.pathname) : undefined;
    if (!blob) return json(res, 404, { error: 'not found' });
    const part = range(req.headers.range, blob.length);
    const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' };
    if (!part) {
      res.writeHead(200, { ...headers, 'content-length': blob.length }).end(blob);
      return;
    }
    const [start, end] = part;
    res
      .writeHead(206, {
        ...headers,
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${blob.length}`,
      })
      .end(blob.subarray(start, end + 1));
  }
}
