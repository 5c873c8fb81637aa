import { describe, expect, it, vi } from 'vitest';
import { buildProgram } from './program.js';
import { fakeContext } from './testing/fake-context.js';
import { page, session } from './testing/fixtures.js';

describe('--quiet', () => {
  const sessions = {
    list: vi.fn(() => page([session({ id: 'ses_1' }), session({ id: 'ses_2' })])),
    create: vi.fn(async () => session({ id: 'ses_new' })),
  };

  it('list and create commands print only ids, one a line, and no hints', async () => {
    const ctx = fakeContext({ client: { sessions } });
    await buildProgram(ctx).parseAsync(['node', 'wagw', '--quiet', 'sessions', 'list']);
    await buildProgram(ctx).parseAsync(['node', 'wagw', '-q', 'sessions', 'create', '--name', 'x']);
    expect(ctx.stdoutText()).toBe('ses_1\nses_2\nses_new\n');
    expect(ctx.stderrText()).toBe('');
  });

  it('--json wins over --quiet; without it, tables as usual', async () => {
    const ctx = fakeContext({ client: { sessions } });
    await buildProgram(ctx).parseAsync(['node', 'wagw', '--quiet', 'sessions', 'list', '--json']);
    expect(JSON.parse(ctx.stdoutText()).data).toHaveLength(2);
    const plain = fakeContext({ client: { sessions } });
    await buildProgram(plain).parseAsync(['node', 'wagw', 'sessions', 'list']);
    expect(plain.stdoutText()).toMatch(/^ID\s/);
  });
});
