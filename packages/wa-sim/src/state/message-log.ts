import type { RelayedMessage } from '../types.js';

/** Append-only log of relayed and injected messages, keyed by message id and sender. */
export class MessageLog {
  private readonly entries: RelayedMessage[] = [];

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

  /** Copies, so callers cannot mutate the log. */
  list(): RelayedMessage[] {
    return this.entries.map((e) => ({ ...e }));
  }
}
