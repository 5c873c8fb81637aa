/**
 * The operations of the generated OpenAPI document, for suites that must cover every operation
 * (security, input hardening): a new route is checked without anyone adding it to a list, and a
 * route these helpers cannot drive (a new path parameter, a body without a sample) fails loudly.
 */

type JsonSchema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema: JsonSchema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The OpenAPI path, with `{param}` placeholders. */
  path: string;
  operationId: string;
  isPublic: boolean;
  /** What `authorize()` requires (`x-wagw-action`): a scope, `account` or `platform:manage`. */
  action: string | undefined;
  parameters: Parameter[];
  body: JsonSchema | undefined;
}

interface Spec {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}

export function operationsOf(spec: Spec): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const body = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)
        ?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        operationId: String(op.operationId),
        isPublic: Array.isArray(op.security) && op.security.length === 0,
        action: typeof op['x-wagw-action'] === 'string' ? op['x-wagw-action'] : undefined,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        body,
      });
    }
  }
  return operations;
}

/** A valid body for every operation that takes one. */
const SAMPLE_BODIES: Record<string, Record<string, unknown>> = {
  createTenant: { name: 'sample' },
  createApiKey: { name: 'sample' },
  rotateApiKey: {},
  adminSuspendTenant: { reason: 'sample' },
  adminReactivateTenant: {},
  createSession: { name: 'sample', start: false },
  startSession: {},
  stopSession: {},
  restartSession: {},
  logoutSession: {},
  scanSandboxQr: {},
  requestPairingCode: { phone: '+14155550000' },
  sendMessage: { type: 'text', to: '+14155550000', text: 'sample' },
  markChatRead: {},
  setChatPresence: { state: 'typing' },
  checkContacts: { phones: ['+14155550000'] },
  blockContact: {},
  unblockContact: {},
  createGroup: { subject: 'sample', participants: ['+14155550000'] },
  updateGroup: { subject: 'sample' },
  updateSessionPacing: { per_minute: 10 },
  updateSessionProfile: { about: 'sample' },
  setSessionProfilePicture: { media_id: null },
  setSessionPresence: { presence: 'available' },
  subscribeContactPresence: {},
  createChannel: { name: 'sample' },
  followChannel: {},
  unfollowChannel: {},
  setGroupPicture: { media_id: null },
  addGroupParticipants: { participants: ['+14155550000'] },
  removeGroupParticipants: { participants: ['+14155550000'] },
  promoteGroupParticipants: { participants: ['+14155550000'] },
  demoteGroupParticipants: { participants: ['+14155550000'] },
  revokeGroupInvite: {},
  joinGroup: { code: 'AbCdEfGhIjK1234567890' },
  leaveGroup: {},
  triggerEvent: {},
  payInvoice: { reference: 'sample' },
  voidInvoice: {},
  createWebhook: { url: 'http://127.0.0.1:9/sample', description: 'sample' },
  updateWebhook: { description: 'sample' },
  rotateWebhookSecret: { overlap_seconds: 60 },
  testWebhook: {},
  resendWebhookEvent: { event_id: 'evt_sample' },
  recoverWebhookEvents: { since: '2026-01-01T00:00:00.000Z' },
  createSubscription: { plan: 'pro' },
  changeSubscription: { plan: 'basic' },
  cancelSubscription: {},
  cancelMessage: {},
  createBroadcast: {
    session_id: 'ses_x',
    message: { type: 'text', text: 'Hi {{name}}' },
    recipients: [{ to: '+14155550100', variables: { name: 'Ada' } }],
  },
  pauseBroadcast: {},
  resumeBroadcast: {},
  cancelBroadcast: {},
  resumeSubscription: {},
  adminSetTenantPlan: { plan: 'pro' },
  adminCreatePlan: {
    code: 'sample',
    name: 'Sample',
    price_cents: 0,
    currency: 'USD',
    requests_per_minute: 10,
    max_sessions: 1,
    monthly_messages: null,
    overage_cents_per_message: null,
    max_webhook_endpoints: 1,
    webhook_deliveries_per_minute: 10,
  },
  adminUpdatePlan: { name: 'sample' },
  register: {
    email: 'sample@example.com',
    password: 'sample password',
    name: 'sample',
    tenant_name: 'sample',
  },
  login: { email: 'sample@example.com', password: 'sample password' },
  refreshLogin: { refresh_token: 'wagw_rt_sample' },
  logout: {},
  changePassword: { current_password: 'sample password', new_password: 'sample password 2' },
  requestPasswordReset: { email: 'sample@example.com' },
  confirmPasswordReset: { token: 'wagw_pr_sample', new_password: 'sample password' },
  updateCurrentUser: { name: 'sample' },
  updateMember: { role: 'member' },
  createInvite: { email: 'sample@example.com', role: 'member' },
  acceptInvite: { token: 'wagw_iv_sample', name: 'sample', password: 'sample password' },
  createServiceAccount: { name: 'sample' },
  createTemplate: { name: 'sample', body: { type: 'text', text: 'Hi {{name}}' } },
  updateTemplate: { name: 'sample 2' },
  renderTemplate: { variables: { name: 'sample' } },
};

export function sampleBody(op: Operation): Record<string, unknown> | undefined {
  if (!op.body) return undefined;
  const sample = SAMPLE_BODIES[op.operationId];
  if (!sample) throw new Error(`No sample body for ${op.operationId}: add one to api-operations.ts.`);
  return { ...sample };
}

/** The path with its parameters filled from `values` (by parameter name). */
export function fillPath(op: Operation, values: Record<string, string>): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for path parameter ${name} of ${op.operationId}.`);
    return encodeURIComponent(value);
  });
}

export const label = (op: Operation) => `${op.method} ${op.path} (${op.operationId})`;
