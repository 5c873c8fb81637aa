export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  /** Messages received so far (comments excluded); grows as they arrive. */
  messages: SseMessage[];
  /** Comment lines received so far (`keep-alive`). */
  comments: string[];
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

/** Opens a Server-Sent Events request and collects what arrives, for tests. */
export async function openSseConnection(
  url: string,
  headers: Record<string, string>,
): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = { data: '' };
          let isMessage = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) message.id = line.slice(4);
            else if (line.startsWith('event: ')) message.event = line.slice(7);
            else if (line.startsWith('data: ')) {
              message.data = line.slice(6);
              isMessage = true;
            }
          }
          if (isMessage) messages.push(message);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    messages,
    comments,
    ended,
    close: () => controller.abort(),
  };
}
