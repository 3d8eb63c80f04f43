import { z } from 'zod';
import { UserRoleName } from '../../../auth/roles';
import {
  CreateKeyRequest,
  CreateUserRequest,
  EmailParam,
  KeyIdParam,
  SignInRequest,
  UpdateUserRequest,
} from '../../identity-request';
import { NextCursor, PageQuery } from '../../pages';
import { BODY_ERRORS, Instant, SIGNED_IN_ERRORS, type RouteDoc } from '../route-doc';

/** A user as the identity routes show one. */
const UserView = z.strictObject({
  email: z.email(),
  role: UserRoleName,
  disabled: z.boolean(),
  createdAt: Instant,
});

/** An API key as the identity routes show one: never the key itself, but its first characters. */
const KeyView = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  email: z.email().describe('whose key it is'),
  prefix: z.string().describe("the key's first characters, to tell keys apart"),
  createdAt: Instant,
  lastUsedAt: Instant.nullable(),
  revokedAt: Instant.nullable(),
});

/** A new API key: shown once, with the key itself. */
const NewKeyView = z.strictObject({
  ...KeyView.shape,
  key: z.string().startsWith('pf_').describe('the API key; it is not shown again'),
});

const dana = {
  email: 'dana@example.com',
  role: 'author',
  disabled: false,
  createdAt: '2025-03-04T09:15:00.000Z',
} as const;

const danasKey = {
  id: '0b6f1f7e-3c1a-4c55-9d2a-6f0e8a1b2c3d',
  name: 'ci deploys',
  email: 'dana@example.com',
  prefix: 'pf_q3Xk9A',
  createdAt: '2025-03-04T09:20:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
} as const;

/** Signing in and out, `GET /me`, users (admins) and API keys. */
export const identityRoutes: readonly RouteDoc[] = [
  {
    method: 'post',
    path: '/auth/session',
    tag: 'Identity',
    summary: 'Sign in with an API key and get a session cookie',
    description:
      'Sets the `plainflow_session` cookie (HttpOnly, SameSite=Strict) for 12 hours; the session ends early when its key is revoked or the user disabled.',
    access: 'public',
    body: SignInRequest,
    bodyExample: { key: 'pf_q3Xk9A7bLmN2pQrS4tUvW5xYz6aBcD8eFgH0iJkLmNo' },
    responses: {
      201: {
        description: 'Signed in: who you are and when the session ends',
        schema: z.strictObject({ email: z.email(), role: UserRoleName, expiresAt: Instant }),
        example: {
          email: 'dana@example.com',
          role: 'author',
          expiresAt: '2025-03-04T21:15:00.000Z',
        },
      },
    },
    errors: [...BODY_ERRORS, 'invalid_credential'],
  },
  {
    method: 'get',
    path: '/auth/session',
    tag: 'Identity',
    summary: 'Whether this browser is signed in (its session cookie), never a 401',
    access: 'public',
    responses: {
      200: {
        description: 'Who the session is, or why there is none (expired, its key revoked)',
        schema: z.union([
          z.strictObject({ signedIn: z.literal(true), email: z.email(), role: UserRoleName }),
          z.strictObject({ signedIn: z.literal(false), reason: z.string().optional() }),
        ]),
        example: { signedIn: true, email: 'dana@example.com', role: 'author' },
      },
    },
    errors: [],
  },
  {
    method: 'delete',
    path: '/auth/session',
    tag: 'Identity',
    summary: 'Sign out: end the session and clear its cookie',
    access: 'public',
    responses: { 204: { description: 'Signed out (also when there was no session)' } },
    errors: [],
  },
  {
    method: 'get',
    path: '/me',
    tag: 'Identity',
    summary: 'Show who you are signed in as, your role and your directory groups',
    access: 'member',
    responses: {
      200: {
        description: 'The signed-in user',
        schema: z.strictObject({
          email: z.email(),
          role: UserRoleName,
          via: z.enum(['key', 'session']).describe('how the request was authenticated'),
          groups: z.array(z.string()).describe('`role:` and `team:` tokens, sorted'),
        }),
        example: {
          email: 'dana@example.com',
          role: 'author',
          via: 'key',
          groups: ['role:cfo', 'team:finance'],
        },
      },
    },
    errors: [...SIGNED_IN_ERRORS],
  },
  {
    method: 'post',
    path: '/users',
    tag: 'Identity',
    summary: 'Create a user with a role',
    access: 'admin',
    body: CreateUserRequest,
    bodyExample: { email: 'dana@example.com', role: 'author' },
    responses: {
      201: { description: 'The new user', schema: UserView, example: dana },
    },
    errors: [...SIGNED_IN_ERRORS, 'forbidden', ...BODY_ERRORS, 'user_exists'],
  },
  {
    method: 'get',
    path: '/users',
    tag: 'Identity',
    summary: 'List every user, by email, a page at a time',
    access: 'admin',
    query: PageQuery,
    responses: {
      200: {
        description: 'The users',
        schema: z.strictObject({ users: z.array(UserView), nextCursor: NextCursor }),
        example: {
          users: [
            {
              email: 'admin@example.com',
              role: 'admin',
              disabled: false,
              createdAt: '2025-03-01T08:00:00.000Z',
            },
            dana,
          ],
          nextCursor: null,
        },
      },
    },
    errors: ['invalid_query', ...SIGNED_IN_ERRORS, 'forbidden'],
  },
  {
    method: 'patch',
    path: '/users/:email',
    tag: 'Identity',
    summary: "Change a user's role, or disable or re-enable them",
    description: 'Disabling a user ends their sessions; their keys stop working until re-enabled.',
    access: 'admin',
    params: z.strictObject({ email: EmailParam }),
    body: UpdateUserRequest,
    bodyExample: { role: 'admin' },
    responses: {
      200: {
        description: 'The user as changed',
        schema: UserView,
        example: { ...dana, role: 'admin' },
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'forbidden', ...BODY_ERRORS, 'user_not_found'],
  },
  {
    method: 'post',
    path: '/keys',
    tag: 'Identity',
    summary: 'Make an API key for yourself (admins: for anyone)',
    access: 'member',
    body: CreateKeyRequest,
    bodyExample: { name: 'ci deploys' },
    responses: {
      201: {
        description: 'The new key, with the key itself shown this once',
        schema: NewKeyView,
        example: { ...danasKey, key: 'pf_q3Xk9A7bLmN2pQrS4tUvW5xYz6aBcD8eFgH0iJkLmNo' },
      },
    },
    errors: [...SIGNED_IN_ERRORS, ...BODY_ERRORS, 'forbidden', 'user_not_found'],
  },
  {
    method: 'get',
    path: '/keys',
    tag: 'Identity',
    summary: 'List your API keys (admins: everyone’s), oldest first, a page at a time',
    access: 'member',
    query: PageQuery,
    responses: {
      200: {
        description: 'The keys, revoked ones included',
        schema: z.strictObject({ keys: z.array(KeyView), nextCursor: NextCursor }),
        example: {
          keys: [{ ...danasKey, lastUsedAt: '2025-03-05T07:02:11.000Z' }],
          nextCursor: null,
        },
      },
    },
    errors: ['invalid_query', ...SIGNED_IN_ERRORS],
  },
  {
    method: 'delete',
    path: '/keys/:id',
    tag: 'Identity',
    summary: 'Revoke an API key of yours (admins: anyone’s) and end its sessions',
    access: 'member',
    params: z.strictObject({ id: KeyIdParam }),
    responses: {
      200: {
        description: 'The key as revoked (revoking it again changes nothing)',
        schema: KeyView,
        example: { ...danasKey, revokedAt: '2025-03-06T10:00:00.000Z' },
      },
    },
    errors: [...SIGNED_IN_ERRORS, 'api_key_not_found'],
  },
];
