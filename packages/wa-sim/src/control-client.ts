import type { GroupChanges, ParticipantAction, ParticipantResult } from './groups/group-ops.js';
import type { PairResult } from './handlers/pairing.js';
import type { PresenceInfo, PresenceType } from './presence/presence-record.js';
import type { ProfileChanges, ProfileInfo } from './profiles/profile.js';
import type { GroupState } from './state/groups.js';

/** The simulator's control API, for a process other than the one running it (e.g. the CLI). */
export interface ControlClient {
  /** The simulated phone scans `qr` and links `phone` (random when absent). */
  scan(qr: string, phone?: string): Promise<PairResult>;
  /** `Simulator.createGroup`. */
  createGroup(options: { owner: string; subject: string; participants: string[] }): Promise<{ id: string }>;
  /** `Simulator.group`. */
  group(id: string): Promise<GroupState>;
  /** `Simulator.groupsOf`. */
  groupsOf(phone: string): Promise<string[]>;
  /** `Simulator.groupAction`. */
  groupAction(
    id: string,
    options: { by: string; action: ParticipantAction; participants: string[] },
  ): Promise<ParticipantResult[]>;
  /** `Simulator.updateGroup`. */
  updateGroup(id: string, options: { by: string } & GroupChanges): Promise<GroupState>;
  /** `Simulator.injectGroupInbound`. */
  injectGroupInbound(options: {
    group: string;
    from: string;
    text: string;
    id?: string;
  }): Promise<{ id: string }>;
  /** `Simulator.setReachOutLock`. */
  setReachOutLock(phone: string, options: { until: Date }): Promise<void>;
  /** `Simulator.clearReachOutLock`. */
  clearReachOutLock(phone: string): Promise<void>;
  /** `Simulator.setPresence`. */
  setPresence(phone: string, presence: PresenceType): Promise<PresenceInfo>;
  /** `Simulator.presenceOf`. */
  presenceOf(phone: string): Promise<PresenceInfo>;
  /** `Simulator.setProfile` (the picture goes base64 in the body). */
  setProfile(phone: string, changes: ProfileChanges): Promise<ProfileInfo>;
  /** `Simulator.profile`. */
  profile(phone: string): Promise<ProfileInfo>;
}

export class SimControlError extends Error {
  override name = 'SimControlError';
}

/** `controlUrl` is the simulator's base URL, e.g. `http://127.0.0.1:7380` (with or without `/control`). */
export function controlClient(controlUrl: string): ControlClient {
  const base = controlUrl.replace(/\/+$/, '').replace(/\/control$/, '');
  const call = async <T>(path: string, body?: object): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(
        `${base}/control/${path}`,
        body === undefined
          ? {}
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      );
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
    scan: (qr, phone) => call<PairResult>('scan', phone === undefined ? { qr } : { qr, phone }),
    createGroup: (options) => call('groups', options),
    group: (id) => call(`groups/${encodeURIComponent(id)}`),
    groupsOf: async (phone) =>
      (await call<{ groups: string[] }>(`groups?phone=${encodeURIComponent(phone)}`)).groups,
    groupAction: async (id, options) =>
      (await call<{ results: ParticipantResult[] }>('group-action', { id, ...options })).results,
    updateGroup: (id, options) => call('group-update', { id, ...options }),
    injectGroupInbound: (options) => call('group-inbound', options),
    setReachOutLock: async (phone, { until }) => {
      await call('reach-out-lock', { phone, until: until.toISOString() });
    },
    clearReachOutLock: async (phone) => {
      await call('clear-reach-out-lock', { phone });
    },
    setPresence: (phone, presence) => call('presence', { phone, presence }),
    presenceOf: (phone) => call(`presence?phone=${encodeURIComponent(phone)}`),
    setProfile: (phone, { picture, ...rest }) =>
      call('profile', {
        phone,
        ...rest,
        ...(picture !== undefined && { picture: picture && Buffer.from(picture).toString('base64') }),
      }),
    profile: (phone) => call(`profile?phone=${encodeURIComponent(phone)}`),
  };
}
