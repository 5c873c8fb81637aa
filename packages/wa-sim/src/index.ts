export type {
  ContactCard,
  ContactContent,
  ContactsContent,
  EditContent,
  InboundContent,
  InboundMediaContent,
  LocationContent,
  MediaContent,
  MediaType,
  MessageContent,
  PollContent,
  PollVoteContent,
  ReactionContent,
  RevokeContent,
  TextContent,
  UnknownContent,
} from './content/types.js';
export { type ControlClient, controlClient, SimControlError } from './control-client.js';
export type { GroupInboundOptions } from './groups/group-messages.js';
export type { GroupChanges, ParticipantAction, ParticipantResult } from './groups/group-ops.js';
export type { InboundOptions } from './handlers/inbound.js';
export type { PairResult } from './handlers/pairing.js';
export {
  type GeneratedHistory,
  generateHistory,
  type HistoryChat,
  type HistoryContact,
  type HistoryMessage,
  type HistoryOptions,
} from './history/generate.js';
export { type FetchDispatcher, whatsappMediaDispatcher } from './history/media-route.js';
export type { HistorySyncProgress } from './history/send-history.js';
export type { ChatStateType, PresenceInfo, PresenceType } from './presence/presence-record.js';
export type { ProfilePicture } from './profiles/picture.js';
export type { ProfileChanges, ProfileInfo } from './profiles/profile.js';
export {
  type AccountInfo,
  type ContactInfo,
  type DeviceInfo,
  Simulator,
  type SimulatorOptions,
  type SimulatorState,
  startSimulator,
} from './simulator.js';
export { runStandalone, type StandaloneOptions } from './standalone.js';
export type { ContactOptions } from './state/contacts.js';
export type { GroupParticipant, GroupRole, GroupState } from './state/groups.js';
export type {
  ContactBehaviour,
  MessageDirection,
  RelayedMessage,
  SimLogger,
  UnknownNumbers,
} from './types.js';
