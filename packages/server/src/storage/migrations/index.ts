import type { Migration } from 'kysely';
import type { DialectName } from '../database.js';
import { initialMigration } from './0001-initial.js';
import { contactsMigration } from './0002-contacts.js';
import { runtimeDurabilityMigration } from './0003-runtime-durability.js';
import { hardeningMigration } from './0004-hardening.js';
import { tenancyMigration } from './0005-tenancy.js';
import { accountsMigration } from './0006-accounts.js';
import { testModeMigration } from './0009-test-mode.js';
import { webhookDeliveryMigration } from './0010-webhook-delivery.js';
import { requestLogsMigration } from './0011-request-logs.js';
import { eventSinksMigration } from './0012-event-sinks.js';
import { mediaMigration } from './0013-media.js';
import { messageSearchMigration } from './0015-message-search.js';
import { chatReadsMigration } from './0016-chat-reads.js';
import { messageChangesMigration } from './0017-message-changes.js';
import { scheduledMessagesMigration } from './0018-scheduled-messages.js';
import { templatesMigration } from './0019-templates.js';
import { contactDetailsMigration } from './0020-contact-details.js';
import { broadcastsMigration } from './0021-broadcasts.js';
import { groupsMigration } from './0022-groups.js';
import { pacingMigration } from './0023-pacing.js';
import { channelsMigration } from './0024-channels.js';

/** Listed explicitly (no directory scan) so bundled builds keep working. */
export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-contacts': contactsMigration(dialect),
    '0003-runtime-durability': runtimeDurabilityMigration(dialect),
    '0004-hardening': hardeningMigration(),
    '0005-tenancy': tenancyMigration(dialect),
    '0006-accounts': accountsMigration(dialect),
    '0009-test-mode': testModeMigration(),
    '0010-webhook-delivery': webhookDeliveryMigration(dialect),
    '0011-request-logs': requestLogsMigration(dialect),
    '0012-event-sinks': eventSinksMigration(dialect),
    '0013-media': mediaMigration(dialect),
    '0015-message-search': messageSearchMigration(dialect),
    '0016-chat-reads': chatReadsMigration(dialect),
    '0017-message-changes': messageChangesMigration(dialect),
    '0018-scheduled-messages': scheduledMessagesMigration(dialect),
    '0019-templates': templatesMigration(dialect),
    '0020-contact-details': contactDetailsMigration(dialect),
    '0021-broadcasts': broadcastsMigration(dialect),
    '0022-groups': groupsMigration(dialect),
    '0023-pacing': pacingMigration(dialect),
    '0024-channels': channelsMigration(dialect),
  };
}
