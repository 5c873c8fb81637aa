import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wagw } from '@wagw/sdk';
import { createServer, type WagwServer } from '@wagw/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { run as get } from './get.js';
import { run as upload } from './upload.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** `wagw media upload|get` against a real server over HTTP. */
describe('wagw media upload / get', () => {
  let server: WagwServer;
  let url: string;
  let key: string;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wagw-cli-media-'));
    server = await createServer({
      dataDir: join(dir, 'data'),
      logLevel: 'silent',
      port: 0,
      media: { maxBytes: 4096 },
    });
    key = (await server.gateway.tenants.initAdmin()).apiKey as string;
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const context = () =>
    fakeContext({
      env: { WAGW_URL: url, WAGW_API_KEY: key },
      createClient: (c) => new Wagw({ baseUrl: c.url, apiKey: c.apiKey }),
    });

  it('uploads a file and downloads the same bytes under its name', async () => {
    const file = join(dir, 'dot.png');
    await writeFile(file, PNG);
    const up = context();
    expect(await exec(up, () => upload(file, { json: true }, up))).toBe(0);
    const media = JSON.parse(up.stdoutText());
    expect(media).toMatchObject({ content_type: 'image/png', size: PNG.length, filename: 'dot.png' });

    const out = join(dir, 'back.png');
    const down = context();
    expect(await exec(down, () => get(media.id, { output: out }, down))).toBe(0);
    expect((await readFile(out)).equals(PNG)).toBe(true);
    const info = context();
    expect(await exec(info, () => get(media.id, { json: true }, info))).toBe(0);
    expect(JSON.parse(info.stdoutText()).sha256).toBe(media.sha256);
  });

  it('a file over the limit, a refused type and a missing file are clear errors', async () => {
    const big = join(dir, 'big.png');
    await writeFile(big, Buffer.concat([PNG, Buffer.alloc(8192)]));
    const tooBig = context();
    expect(await exec(tooBig, () => upload(big, {}, tooBig))).not.toBe(0);
    expect(tooBig.stderrText()).toContain('MEDIA_TOO_LARGE');
    const exe = join(dir, 'tool.png');
    await writeFile(
      exe,
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]),
    );
    const refused = context();
    expect(await exec(refused, () => upload(exe, {}, refused))).not.toBe(0);
    expect(refused.stderrText()).toContain('MEDIA_TYPE_NOT_ALLOWED');
    const missing = context();
    expect(await exec(missing, () => upload(join(dir, 'nope.jpg'), {}, missing))).toBe(1);
    expect(missing.stderrText()).toContain('ENOENT');
  });
});
