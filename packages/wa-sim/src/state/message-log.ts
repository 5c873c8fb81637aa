import type { proto } from '@whiskeysockets/baileys';
import type { RelayedMessage } from '../types.js';

/** Append-only log of relayed and injected messages, keyed by message id and sender. */
export class MessageLog {
  private readonly entries: RelayedMessage[] = [];
  /** The decrypted `proto.Message` of an entry, for replies that quote it. Not part of the log's JSON. */
  private readonly protos = new WeakMap<RelayedMessage, proto.IMessage>();

  add(entry: RelayedMessage): RelayedMessage {
    this.entries.push(entry);
    return entry;
  }

  /** Latest entry with this id, optionally restricted to a sender phone. */
  find(id: string, from?: string): RelayedMessage | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (entry && entry.id === id && (from === undefined || entry.from === from)) return entry;
    }
    return undefined;
  }

  /** Latest entry with this id in the 1:1 chat of `a` and `b`, sent by either. */
  findInChat(id: string, a: string, b: string): RelayedMessage | undefined {
    const entry = this.find(id, a);
    if (entry?.to === b) return entry;
    const other = this.find(id, b);
    return other?.to === a ? other : undefined;
  }

  /** True when `a` and `b` exchanged a message (either way) that was not refused with an ack error. */
  hasChat(a: string, b: string): boolean {
    return this.entries.some(
      (e) =>
        e.group === undefined &&
        e.ackError === undefined &&
        ((e.from === a && e.to === b) || (e.from === b && e.to === a)),
    );
  }

  attachMessage(entry: RelayedMessage, message: proto.IMessage): void {
    this.protos.set(entry, message);
  }

  messageOf(entry: RelayedMessage): proto.IMessage | undefined {
    return this.protos.get(entry);
  }

  /** Deep copies, so callers cannot mutate the log. */
  list(): RelayedMessage[] {
    return this.entries.map((e) => structuredClone(e));
  }
}
