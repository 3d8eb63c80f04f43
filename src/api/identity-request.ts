import { z } from 'zod';
import { UserRoleName } from '../auth/roles';
import { oneLine } from './safe-text';

/** The body of `POST /auth/session`: the API key to sign in with. */
export const SignInRequest = z.strictObject({ key: z.string().min(1).max(200).check(oneLine) });

/** The body of `POST /users`: a person and what they may do. */
export const CreateUserRequest = z.strictObject({
  email: z.email().max(320),
  role: UserRoleName.default('member'),
});

/** The body of `PATCH /users/:email`: a new role, or disabling (and re-enabling) the user. */
export const UpdateUserRequest = z
  .strictObject({ role: UserRoleName.optional(), disabled: z.boolean().optional() })
  .refine((body) => body.role !== undefined || body.disabled !== undefined, {
    message: 'send "role", "disabled" or both',
  });

/** The body of `POST /keys`: a name for the key and, for an admin, whose key it is. */
export const CreateKeyRequest = z.strictObject({
  name: z.string().trim().min(1).max(100).check(oneLine),
  email: z.email().max(320).optional().describe('whose key (admins only; default: yourself)'),
});

/** An email in a path. */
export const EmailParam = z.email().max(320);

/** An API key's id in a path. */
export const KeyIdParam = z.uuid();
