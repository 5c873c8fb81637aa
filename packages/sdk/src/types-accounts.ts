/** Public types of the accounts API, aliases of `generated/openapi.ts` like those of types.ts. */
import type { components, operations } from './generated/openapi.js';

type Schemas = components['schemas'];
type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? Partial<NonNullable<Q>> : never;
type JsonResponse<Op, Status extends number> = Op extends {
  responses: { [S in Status]: { content: { 'application/json': infer R } } };
}
  ? R
  : never;

export type User = Schemas['User'];
export type LoginTokens = Schemas['LoginTokens'];
/** A user, their tenant and a new login session's tokens (shown once). */
export type AuthResult = Schemas['AuthResult'];
export type LoginSession = Schemas['LoginSession'];
export type Profile = Schemas['Profile'];
export type Member = Schemas['Member'];
export type MemberRole = Member['role'];
export type Invite = Schemas['Invite'];
export type AdminUser = JsonResponse<operations['adminListUsers'], 200>['data'][number];
export type MemberRemoved = JsonResponse<operations['removeMember'], 200>;

export type RegisterParams = JsonBody<operations['register']>;
export type LoginParams = JsonBody<operations['login']>;
export type ChangePasswordParams = JsonBody<operations['changePassword']>;
export type ConfirmPasswordResetParams = JsonBody<operations['confirmPasswordReset']>;
export type ProfileUpdateParams = JsonBody<operations['updateCurrentUser']>;
export type MemberUpdateParams = JsonBody<operations['updateMember']>;
export type MemberListParams = Query<operations['listMembers']>;
export type InviteCreateParams = JsonBody<operations['createInvite']>;
export type InviteAcceptParams = JsonBody<operations['acceptInvite']>;
export type InviteListParams = Query<operations['listInvites']>;
export type ServiceAccountCreateParams = JsonBody<operations['createServiceAccount']>;
export type UserListParams = Query<operations['adminListUsers']>;
