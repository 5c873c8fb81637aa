import type { Qr, Session } from '@wagw/sdk';
import { describe, expect, it, vi } from 'vitest';
import { exec, fakeContext } from '../../testing/fake-context.js';
import { qrNotAvailable, session } from '../../testing/fixtures.js';
import { run } from './pair.js';

const qr = (text: string): Qr => ({ session_id: 'ses_1', qr: text, expires_at: '2026-11-22T10:01:00.000Z' });

/** A fake `sessions` API whose `get` walks through `states`, staying on the last one. */
function scripted(states: Array<Partial<Session>>, qrs: Array<Qr | Error> = []) {
  let i = 0;
  let q = 0;
  const current = () => session({ phone: null, ...states[Math.min(i, states.length - 1)] });
  return {
    get: vi.fn(async () => {
      const s = current();
      i++;
      return s;
    }),
    start: vi.fn(async () => session({ status: 'starting', phone: null })),
    qr: vi.fn(async () => {
      const next = qrs[Math.min(q++, qrs.length - 1)];
      if (!next) throw qrNotAvailable();
      if (next instanceof Error) throw next;
      return next;
    }),
    sandboxScan: vi.fn(async () => session({ status: 'connected', phone: '+15550009999' })),
    pairingCode: vi.fn(async () => ({ code: 'ABCD1234' })),
  };
}

describe('wagw sessions pair', () => {
  it('starts a stopped session, draws each new QR code and exits 0 once connected', async () => {
    const sessions = scripted(
      [
        { status: 'stopped' },
        { status: 'scan_qr' },
        { status: 'scan_qr' },
        { status: 'scan_qr' },
        { status: 'connected', phone: '+15550001111' },
      ],
      [qr('qr-one'), qr('qr-one'), qr('qr-two')],
    );
    const ctx = fakeContext({ client: { sessions } });
    expect(await exec(ctx, () => run({ id: 'ses_1' }, ctx))).toBe(0);
    expect(sessions.start).toHaveBeenCalledWith('ses_1');
    const out = ctx.stdoutText();
    expect(out.match(/\[QR qr-one\]/g)).toHaveLength(1); // unchanged QR: not drawn again
    expect(out.match(/\[QR qr-two\]/g)).toHaveLength(1); // new QR: drawn again
    expect(out).toContain('New QR code');
    expect(out).toMatch(/Status: starting\nStatus: scan_qr\n/);
    expect(out.trimEnd().split('\n').at(-1)).toBe('Connected as +15550001111.');
  });

  it('prints one JSON line per status or QR change with --json', async () => {
    const sessions = scripted(
      [{ status: 'scan_qr' }, { status: 'scan_qr' }, { status: 'connected', phone: '+15550001111' }],
      [qr('qr-one'), qr('qr-two')],
    );
    const ctx = fakeContext({ client: { sessions } });
    await run({ id: 'ses_1', json: true }, ctx);
    const lines = ctx
      .stdoutText()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { type: 'status', session_id: 'ses_1', status: 'scan_qr', reason: null, phone: null },
      { type: 'qr', session_id: 'ses_1', qr: 'qr-one', expires_at: '2026-11-22T10:01:00.000Z' },
      { type: 'qr', session_id: 'ses_1', qr: 'qr-two', expires_at: '2026-11-22T10:01:00.000Z' },
      { type: 'status', session_id: 'ses_1', status: 'connected', reason: null, phone: '+15550001111' },
    ]);
    expect(sessions.start).not.toHaveBeenCalled();
  });

  it('--scan simulates the phone right after the first QR code is shown (sandbox)', async () => {
    const sessions = scripted([{ status: 'scan_qr' }], [qr('qr-one')]);
    const ctx = fakeContext({ client: { sessions } });
    expect(await exec(ctx, () => run({ id: 'ses_1', scan: true, phone: '+15550009999' }, ctx))).toBe(0);
    expect(sessions.sandboxScan).toHaveBeenCalledWith('ses_1', { phone: '+15550009999' });
    expect(ctx.stdoutText().indexOf('[QR qr-one]')).toBeLessThan(ctx.stdoutText().indexOf('Simulating'));
    expect(ctx.stdoutText()).toContain('Connected as +15550009999.');
  });

  it('exits 1 when the QR code expires and the session stops', async () => {
    const sessions = scripted(
      [{ status: 'scan_qr' }, { status: 'stopped', status_reason: 'qr_expired' }],
      [qr('qr-one')],
    );
    const ctx = fakeContext({ client: { sessions } });
    expect(await exec(ctx, () => run({ id: 'ses_1' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toContain('error: pairing ended: session ses_1 is stopped (qr_expired)');
  });

  it('exits 1 on logged_out or failed', async () => {
    for (const status of ['logged_out', 'failed'] as const) {
      const sessions = scripted([{ status: 'starting' }, { status }]);
      const ctx = fakeContext({ client: { sessions } });
      expect(await exec(ctx, () => run({ id: 'ses_1' }, ctx))).toBe(1);
      expect(ctx.stderrText()).toContain(`is ${status}`);
    }
  });

  it('copes with the QR code vanishing between the status and the QR call', async () => {
    const sessions = scripted([{ status: 'scan_qr' }, { status: 'connected' }], [qrNotAvailable()]);
    const ctx = fakeContext({ client: { sessions } });
    expect(await exec(ctx, () => run({ id: 'ses_1' }, ctx))).toBe(0);
  });

  it('exits 1 after --timeout seconds', async () => {
    const sessions = scripted([{ status: 'scan_qr' }], [qr('qr-one')]);
    const ctx = fakeContext({ client: { sessions } });
    expect(await exec(ctx, () => run({ id: 'ses_1', timeout: 5 }, ctx))).toBe(1);
    expect(ctx.stderrText()).toContain('timed out after 5s waiting for ses_1 to connect (status: scan_qr)');
    expect(sessions.get.mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(sessions.get.mock.calls.length).toBeLessThanOrEqual(7);
  });

  it('returns at once when the session is already connected', async () => {
    const sessions = scripted([{ status: 'connected', phone: '+1555' }]);
    const ctx = fakeContext({ client: { sessions } });
    await run({ id: 'ses_1' }, ctx);
    expect(sessions.get).toHaveBeenCalledOnce();
    expect(ctx.stdoutText()).toBe('Status: connected\nConnected as +1555.\n');
  });

  it('--phone on a baileys session asks once for a pairing code instead of drawing QR codes', async () => {
    const sessions = scripted(
      [
        { status: 'scan_qr', engine: 'baileys' },
        { status: 'scan_qr', engine: 'baileys' },
        { status: 'scan_qr', engine: 'baileys' },
        { status: 'connected', engine: 'baileys', phone: '+14155550000' },
      ],
      [qr('qr-one')],
    );
    const ctx = fakeContext({ client: { sessions } });
    expect(await exec(ctx, () => run({ id: 'ses_1', phone: '+14155550000' }, ctx))).toBe(0);
    expect(sessions.pairingCode).toHaveBeenCalledOnce();
    expect(sessions.pairingCode).toHaveBeenCalledWith('ses_1', { phone: '+14155550000' });
    expect(sessions.qr).not.toHaveBeenCalled();
    expect(ctx.stdoutText()).toContain('enter this code: ABCD-1234');
    expect(ctx.stdoutText().trimEnd().split('\n').at(-1)).toBe('Connected as +14155550000.');
  });

  it('--phone without --scan on a sandbox session is a usage error', async () => {
    const sessions = scripted([{ status: 'scan_qr', engine: 'sandbox' }]);
    const ctx = fakeContext({ client: { sessions } });
    expect(await exec(ctx, () => run({ id: 'ses_1', phone: '+14155550000' }, ctx))).toBe(1);
    expect(ctx.stderrText()).toContain('use --scan');
    expect(sessions.pairingCode).not.toHaveBeenCalled();
  });

  it('--scan on a baileys session hands the QR code to the simulator once and waits for connected', async () => {
    const sessions = scripted(
      [
        { status: 'scan_qr', engine: 'baileys' },
        { status: 'scan_qr', engine: 'baileys' },
        { status: 'connected', engine: 'baileys', phone: '+15550000001' },
      ],
      [qr('2@ref,keys')],
    );
    const simScan = vi.fn(async () => undefined);
    const ctx = fakeContext({ client: { sessions }, env: { WAGW_SIM_URL: 'http://127.0.0.1:7999' } });
    expect(await exec(ctx, () => run({ id: 'ses_1', scan: true, phone: '+15550000001' }, ctx, simScan))).toBe(
      0,
    );
    expect(simScan).toHaveBeenCalledOnce();
    expect(simScan).toHaveBeenCalledWith('http://127.0.0.1:7999', '2@ref,keys', '+15550000001');
    expect(sessions.sandboxScan).not.toHaveBeenCalled();
    expect(ctx.stdoutText()).toContain('Connected as +15550000001.');
  });

  it('--scan on a baileys session with no simulator running fails with a hint', async () => {
    const sessions = scripted([{ status: 'scan_qr', engine: 'baileys' }], [qr('2@ref')]);
    const ctx = fakeContext({ client: { sessions } });
    const code = await exec(ctx, () => run({ id: 'ses_1', scan: true, simUrl: 'http://127.0.0.1:9' }, ctx));
    expect(code).toBe(1);
    expect(ctx.stderrText()).toMatch(/wagw sim/);
  });
});
