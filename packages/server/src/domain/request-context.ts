import { AsyncLocalStorage } from 'node:async_hooks';

/** What the domain knows of the API request it is serving, if any. */
export interface RequestContext {
  /** The `Request-Id` the client receives (and every log line of the request carries). */
  requestId: string;
  /** The client's address (behind a trusted proxy: the forwarded one, per `trustProxy`). */
  ip: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * The request context of the current async call chain. The HTTP layer enters it once per request,
 * so services record the request id and IP (the audit log) without every call passing them down.
 */
export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};
