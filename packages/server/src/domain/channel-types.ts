/** A WhatsApp channel (newsletter) as the network describes it. */
export interface ChannelInfo {
  /** 'digits@newsletter'. */
  id: string;
  name: string;
  description: string | null;
  /** The code of its link, https://whatsapp.com/channel/<code>. */
  inviteCode: string | null;
  subscribers: number | null;
  /** `owner` when the session's account owns it (it may send to it). */
  role: 'owner' | 'follower' | 'guest';
  verified: boolean;
  createdAt: number | null;
}

/** A channel as a session stores it (those it follows or owns). */
export interface Channel extends ChannelInfo {
  sessionId: string;
  updatedAt: number;
}

export const CHANNEL_ID = /^\d{6,32}@newsletter$/;
export const CHANNEL_INVITE_URL = 'https://whatsapp.com/channel/';
export const CHANNEL_NAME_MAX = 100;
export const CHANNEL_DESCRIPTION_MAX = 2048;
/** What a channel's owner may post. */
export const CHANNEL_MESSAGE_TYPES = ['text', 'image', 'video'] as const;
