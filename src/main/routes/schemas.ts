import { AppError } from '../../core/errors.js';

/** Schemas shared by main's route modules. */
export const tenantIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' } },
} as const;

export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

export const usernameSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$' } as const;

/** The password policy's first half: length. The second half (not the username) is `checkPassword`. */
export const passwordSchema = { type: 'string', minLength: 12, maxLength: 1000 } as const;

/** A password long enough to resist guessing, and not built on the account's own name. */
export function checkPassword(username: string, pw: string): void {
  const name = username.slice(username.indexOf('/') + 1).toLowerCase();
  if (pw.toLowerCase().includes(name)) throw new AppError('invalid_request', 'password must not contain the username');
}
