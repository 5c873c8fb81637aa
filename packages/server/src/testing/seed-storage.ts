import { type OpenedDatabase, openDatabase } from '../storage/open-database.js';
import { Storage } from '../storage/storage.js';
import type { TestDatabase } from './dialects.js';

export interface SeededStorage {
  opened: OpenedDatabase;
  storage: Storage;
}

/**
 * Opens the test database and inserts tenant `ten_1` with a stopped session `ses_1` (desired
 * running) of the given engine: the fixture storage-level tests start from.
 */
export async function seededStorage(db: TestDatabase, engine = 'sandbox'): Promise<SeededStorage> {
  const opened = await openDatabase({ dataDir: db.dataDir, ...db.config });
  const storage = new Storage(opened.db, opened.dialect);
  const now = Date.now();
  await storage.tenants.insert({
    id: 'ten_1',
    name: 't',
    isAdmin: false,
    createdAt: now,
    status: 'active',
    suspendedAt: null,
    suspendedReason: null,
  });
  await storage.sessions.insert({
    id: 'ses_1',
    tenantId: 'ten_1',
    name: 's',
    engine,
    status: 'stopped',
    statusReason: null,
    statusChangedAt: now,
    desiredState: 'running',
    phone: null,
    autoPair: false,
    qr: null,
    qrExpiresAt: null,
    createdAt: now,
    updatedAt: now,
  });
  return { opened, storage };
}
