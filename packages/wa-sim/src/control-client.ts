import type { PairResult } from './handlers/pairing.js';

/** The simulator's control API, for a process other than the one running it (e.g. the CLI). */
export interface ControlClient {
  /** The simulated phone scans `qr` and links `phone` (random when absent). */
  scan(qr: string, phone?: string): Promise<PairResult>;
}

export class SimControlError extends Error {
  override name = 'SimControlError';
}

/** `controlUrl` is the simulator's base URL, e.g. `http://127.0.0.1:7380` (with or without `/control`). */
export function controlClient(controlUrl: string): ControlClient {
  const base = controlUrl.replace(/\/+$/, '').replace(/\/control$/, '');
  const post = async <T>(path: string, body: object): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${base}/control/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new SimControlError(`cannot reach the simulator at ${base} (is \`wagw sim\` running?)`, {
        cause: error,
      });
    }
    const payload = (await res.json().catch(() => ({}))) as { error?: string };
    if (!res.ok) throw new SimControlError(`simulator: ${payload.error ?? `HTTP ${res.status}`}`);
    return payload as T;
  };
  return {
    scan: (qr, phone) => post<PairResult>('scan', phone === undefined ? { qr } : { qr, phone }),
  };
}
