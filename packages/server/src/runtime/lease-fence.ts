import type { Fence } from '../domain/sessions-service.js';
import { StateFencedError } from '../engines/engine.js';
import type { Lease } from '../storage/repositories/leases-repo.js';

/** A write refused by the lease fence: another node owns the session now. */
export class LeaseLostError extends StateFencedError {
  override name = 'LeaseLostError';
}

/**
 * The fence for writes made on behalf of a lease holder: run inside the write transaction, it
 * throws `LeaseLostError` unless `lease()` is still the session's current lease, and holds the
 * lease row until the transaction ends (see `LeasesRepo.fence`).
 */
export function leaseFence(lease: () => Lease): Fence {
  return async (tx) => {
    const current = lease();
    if (!(await tx.leases.fence(current))) {
      throw new LeaseLostError(`Lease on ${current.sessionId} lost`);
    }
  };
}
