import type { HistorySyncProgress } from './history/send-history.js';
import type { PresenceInfo } from './presence/presence-record.js';
import type { ProfileInfo } from './profiles/profile.js';
import type { GroupState } from './state/groups.js';
import type { ContactBehaviour, RelayedMessage, UnknownNumbers } from './types.js';

export interface DeviceInfo {
  id: number;
  jid: string;
  connected: boolean;
  /** True once the client sent `passive active` on its current connection. */
  active: boolean;
  /** Stanzas waiting for the device's next login. */
  queued: number;
  platform: string;
  /** The history sync the phone sent it, for an account with a history. */
  history?: HistorySyncProgress;
}

export interface AccountInfo {
  phone: string;
  lid: string;
  devices: DeviceInfo[];
  /** Push name, about text and picture (`Simulator.profile`). */
  profile: ProfileInfo;
  /** Online or not, last seen, who is subscribed (`Simulator.presenceOf`). */
  presence: PresenceInfo;
}

export interface ContactInfo {
  phone: string;
  lid: string;
  behaviour: ContactBehaviour;
  receiptDelayMs: number;
  sendError?: number;
  /** Retry receipts it sends per message before it accepts a copy (omitted when 0). */
  retryRequests?: number;
  /** Push name (`pushName`), about text and picture (`Simulator.profile`). */
  profile: ProfileInfo;
  /** Online or not, last seen, who is subscribed, chat states sent to it (`Simulator.presenceOf`). */
  presence: PresenceInfo;
}

export interface SimulatorState {
  url: string;
  unknownNumbers: UnknownNumbers;
  /** The media host and the certificate to trust (absent with `media: false`). */
  media?: { hostname: string; ca: string };
  accounts: AccountInfo[];
  contacts: ContactInfo[];
  groups: GroupState[];
  messages: RelayedMessage[];
}
