import type { WebhookEndpoint } from '@wagw/sdk';
import type { Output } from '../../output.js';

/** An endpoint as `label: value` lines (update, rotate-secret). */
export function printEndpoint(out: Output, endpoint: WebhookEndpoint): void {
  const state = endpoint.enabled
    ? 'enabled'
    : endpoint.disabled_reason
      ? `disabled (${endpoint.disabled_reason} at ${endpoint.disabled_at})`
      : 'disabled';
  out.fields([
    ['id', endpoint.id],
    ['url', endpoint.url],
    ['events', endpoint.events.join(', ')],
    ['state', state],
    ['failing since', endpoint.failing_since],
    ['retry schedule', endpoint.retry_schedule ? endpoint.retry_schedule.join(', ') : 'server default'],
    [
      'disable after',
      endpoint.disable_after_seconds === null ? 'server default' : `${endpoint.disable_after_seconds}s`,
    ],
    ['description', endpoint.description],
  ]);
}
