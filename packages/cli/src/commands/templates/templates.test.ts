import type { Template } from '@wagw/sdk';
import { describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../program.js';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { page } from '../../testing/fixtures.js';
import { run as create } from './create.js';
import { run as remove } from './delete.js';
import { run as get } from './get.js';
import { run as list } from './list.js';
import { parseVariables, run as render } from './render.js';
import { changes, run as update } from './update.js';

const T = '2026-12-04T10:00:00.000Z';
const template = (overrides: Partial<Template> = {}): Template => ({
  id: 'tpl_1',
  object: 'template',
  name: 'order_shipped',
  body: { type: 'text', text: 'Hi {{first_name}}, order {{order}} has shipped.' },
  variables: ['first_name', 'order'],
  mode: 'live',
  created_at: T,
  updated_at: T,
  ...overrides,
});

describe('wagw templates', () => {
  it('create sends a text body from --text, or a media body from --type/--media/--caption', async () => {
    const templates = { create: vi.fn(async () => template()) };
    const ctx = fakeContext({ client: { templates } });
    await create({ name: 'order_shipped', text: 'Hi {{first_name}}, order {{order}} has shipped.' }, ctx);
    expect(templates.create).toHaveBeenLastCalledWith({
      name: 'order_shipped',
      body: { type: 'text', text: 'Hi {{first_name}}, order {{order}} has shipped.' },
    });
    expect(ctx.stdoutText()).toMatch(/^id:\s+tpl_1$/m);
    expect(ctx.stdoutText()).toMatch(/^variables:\s+first_name, order$/m);
    await create({ name: 'promo', type: 'image', media: 'med_9', caption: '{{discount}} off' }, ctx);
    expect(templates.create).toHaveBeenLastCalledWith({
      name: 'promo',
      body: { type: 'image', media: { id: 'med_9' }, caption: '{{discount}} off' },
    });
    await create({ name: 'pdf', type: 'document', media: 'https://example.com/b.pdf' }, ctx);
    expect(templates.create).toHaveBeenLastCalledWith({
      name: 'pdf',
      body: { type: 'document', media: { url: 'https://example.com/b.pdf' } },
    });
    await create({ name: 'raw', body: '{"type":"text","text":"x"}', json: true }, ctx);
    expect(templates.create).toHaveBeenLastCalledWith({ name: 'raw', body: { type: 'text', text: 'x' } });
  });

  it('create refuses contradicting or missing flags before calling the API, and prompts on a TTY', async () => {
    const templates = { create: vi.fn(async () => template()) };
    const cases: Array<[Parameters<typeof create>[0], RegExp]> = [
      [{ name: 'x' }, /missing the body/],
      [{ text: 'x' }, /missing required option --name/],
      [{ name: 'x', media: 'med_1' }, /--media needs --type/],
      [{ name: 'x', type: 'image', media: '/tmp/a.png' }, /--media expects a media id/],
      [{ name: 'x', type: 'poll', media: 'med_1' }, /--type expects text, image, video or document/],
      [{ name: 'x', text: 'a', caption: 'b' }, /a text template takes --text only/],
      [{ name: 'x', type: 'video', text: 'a', media: 'med_1' }, /takes --caption, not --text/],
      [{ name: 'x', body: '[1]' }, /--body expects a JSON object/],
      [{ name: 'x', body: '{}', text: 'a' }, /--body gives the whole body/],
    ];
    for (const [options, message] of cases) {
      const ctx = fakeContext({ client: { templates } });
      expect(await exec(ctx, () => create(options, ctx)), JSON.stringify(options)).toBe(1);
      expect(ctx.stderrText()).toMatch(message);
    }
    expect(templates.create).not.toHaveBeenCalled();
    const tty = fakeContext({ client: { templates }, stdinIsTTY: true, answers: ['welcome', 'Hi {{name}}'] });
    await create({}, tty);
    expect(templates.create).toHaveBeenCalledWith({
      name: 'welcome',
      body: { type: 'text', text: 'Hi {{name}}' },
    });
  });

  it('list prints a table (or JSON, or ids with -q) and points to the next page', async () => {
    const templates = {
      list: vi.fn(() =>
        page(
          [
            template(),
            template({
              id: 'tpl_2',
              name: 'promo',
              body: { type: 'image', media: { id: 'med_1' }, caption: '{{discount}}' },
              variables: ['discount'],
            }),
          ],
          true,
        ),
      ),
    };
    const ctx = fakeContext({ client: { templates } });
    await list({ limit: 2 }, ctx);
    expect(templates.list).toHaveBeenCalledWith({ limit: 2 });
    expect(ctx.stdoutText()).toMatch(/^ID\s+NAME\s+TYPE\s+VARIABLES\s+UPDATED$/m);
    expect(ctx.stdoutText()).toMatch(/^tpl_1\s+order_shipped\s+text\s+first_name,order\s+2026/m);
    expect(ctx.stdoutText()).toMatch(/^tpl_2\s+promo\s+image\s+discount/m);
    expect(ctx.stderrText()).toContain('wagw templates list --starting-after tpl_2');
    const json = fakeContext({ client: { templates } });
    await list({ json: true, startingAfter: 'tpl_0' }, json);
    expect(templates.list).toHaveBeenLastCalledWith({ starting_after: 'tpl_0' });
    expect(JSON.parse(json.stdoutText()).has_more).toBe(true);
    const empty = fakeContext({ client: { templates: { list: () => page([]) } } });
    await list({}, empty);
    expect(empty.stdoutText()).toContain('No templates.');
  });

  it('get, update and delete', async () => {
    const templates = {
      get: vi.fn(async () => template()),
      update: vi.fn(async () => template({ name: 'v2' })),
      delete: vi.fn(async (id: string) => ({ id, deleted: true as const })),
    };
    const ctx = fakeContext({ client: { templates } });
    await get({ id: 'tpl_1' }, ctx);
    expect(ctx.stdoutText()).toMatch(/^text:\s+Hi \{\{first_name\}\}, order \{\{order\}\} has shipped\.$/m);
    expect(ctx.stdoutText()).toMatch(/^mode:\s+live$/m);
    await update({ id: 'tpl_1', name: 'v2' }, ctx);
    expect(templates.update).toHaveBeenCalledWith('tpl_1', { name: 'v2' });
    expect(changes({ id: 'tpl_1', text: 'new {{x}}' })).toEqual({
      body: { type: 'text', text: 'new {{x}}' },
    });
    expect(() => changes({ id: 'tpl_1' })).toThrow(/nothing to change/);
    await remove({ id: 'tpl_1' }, ctx);
    expect(templates.delete).toHaveBeenCalledWith('tpl_1');
    expect(ctx.stdoutText()).toContain('Deleted template tpl_1.');
  });

  it('render sends --var pairs and prints the text as is; API errors are reported with their code', async () => {
    const templates = {
      render: vi.fn(async () => ({
        object: 'rendered_template' as const,
        template_id: 'tpl_1',
        name: 'order_shipped',
        body: { type: 'text' as const, text: 'Hi Ada, order A=1 has shipped.' },
        variables: ['first_name', 'order'],
      })),
    };
    const ctx = fakeContext({ client: { templates } });
    await render({ id: 'tpl_1', var: ['first_name=Ada', 'order=A=1'] }, ctx);
    expect(templates.render).toHaveBeenCalledWith('tpl_1', {
      variables: { first_name: 'Ada', order: 'A=1' },
    });
    expect(ctx.stdoutText()).toBe('Hi Ada, order A=1 has shipped.\n');
    expect(parseVariables(['empty='])).toEqual({ empty: '' });
    expect(() => parseVariables(['novalue'])).toThrow(/name=value/);
    expect(() => parseVariables(['bad-name=1'])).toThrow(/name=value/);

    const { BadRequestError } = await import('@wagw/sdk');
    const failing = {
      render: async () => {
        throw new BadRequestError(
          400,
          {
            code: 'TEMPLATE_VARIABLES_MISSING',
            message: 'Missing template variables: order.',
            request_id: 'req_1',
          },
          'Missing template variables: order.',
          new Headers(),
        );
      },
    };
    const err = fakeContext({ client: { templates: failing } });
    expect(await exec(err, () => render({ id: 'tpl_1', var: ['first_name=Ada'] }, err))).toBe(1);
    expect(err.stderrText()).toContain('TEMPLATE_VARIABLES_MISSING: Missing template variables: order.');
  });

  it('is registered with every leaf, each with examples in its help', () => {
    const ctx = fakeContext({});
    const group = buildProgram(ctx).commands.find((c) => c.name() === 'templates');
    const leaves = group?.commands.map((c) => c.name());
    expect(leaves).toEqual(['create', 'list', 'get', 'update', 'delete', 'render']);
    for (const leaf of group?.commands ?? []) {
      expect(leaf.helpInformation(), leaf.name()).toContain('--json');
      leaf.outputHelp();
      expect(ctx.stdoutText(), leaf.name()).toMatch(
        new RegExp(`Examples:\\n  \\$ wagw templates ${leaf.name()}\\b`),
      );
    }
  });
});
