import { Type } from '@sinclair/typebox';
import { Nullable, NullableTimestamp, Timestamp } from './common.js';
import { Tenant } from './resources.js';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('member'), Type.Literal('service')]);

export const User = Type.Object(
  {
    id: Type.String({ examples: ['usr_0A1b2C3d4E5f6G7h8I9j0K1l'] }),
    email: Type.String({ format: 'email' }),
    name: Type.String(),
    kind: Type.Union([Type.Literal('person'), Type.Literal('service')]),
    platform_role: Nullable(Type.Literal('super_admin')),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'User' },
);

export const LoginTokens = Type.Object(
  {
    token_type: Type.Literal('Bearer'),
    access_token: Type.String({ description: '`wagw_at_…`: send as `Authorization: Bearer`. Valid 1 hour.' }),
    access_token_expires_at: Timestamp,
    refresh_token: Type.String({
      description: '`wagw_rt_…`: swap it for a new pair at /v1/auth/refresh (30 days; single use).',
    }),
    refresh_token_expires_at: Timestamp,
    login_session_id: Type.String(),
  },
  { $id: 'LoginTokens' },
);

export const AuthResult = Type.Object(
  { user: Type.Ref(User), tenant: Type.Ref(Tenant), tokens: Type.Ref(LoginTokens) },
  { $id: 'AuthResult', description: 'The tokens are shown only in this response.' },
);

export const LoginSession = Type.Object(
  {
    id: Type.String(),
    tenant_id: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    user_agent: Nullable(Type.String()),
    created_at: Timestamp,
    last_used_at: NullableTimestamp,
    expires_at: Timestamp,
    revoked_at: NullableTimestamp,
    current: Type.Boolean({ description: 'The login session making this request.' }),
  },
  { $id: 'LoginSession' },
);

export const Profile = Type.Object(
  {
    ...User.properties,
    memberships: Type.Array(Type.Object({ tenant: Type.Ref(Tenant), role: Role })),
  },
  { $id: 'Profile' },
);

export const Member = Type.Object(
  {
    id: Type.String({ description: "The member's user id (the same as `user_id`; the list cursor)." }),
    user_id: Type.String(),
    tenant_id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    kind: Type.Union([Type.Literal('person'), Type.Literal('service')]),
    role: Role,
    created_at: Timestamp,
  },
  { $id: 'Member' },
);

export const Invite = Type.Object(
  {
    id: Type.String(),
    tenant_id: Type.String(),
    email: Type.String(),
    role: Type.Union([Type.Literal('admin'), Type.Literal('member')]),
    invited_by: Nullable(Type.String()),
    created_at: Timestamp,
    expires_at: Timestamp,
    accepted_at: NullableTimestamp,
    revoked_at: NullableTimestamp,
  },
  { $id: 'Invite' },
);

export const accountSchemas = [User, LoginTokens, AuthResult, LoginSession, Profile, Member, Invite];
