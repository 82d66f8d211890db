/**
 * The body main sends a tenant when it gives the tenant an API key: only the key's hash
 * crosses, with the permissions it holds there, so the tenant can check the key itself.
 */
export const tenantKeyBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'keyHash', 'permissions', 'expires'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    keyHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    permissions: { type: 'object', maxProperties: 50 },
    expires: { type: ['integer', 'null'], minimum: 0 },
  },
} as const;
