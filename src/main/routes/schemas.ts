/** Schemas shared by main's route modules. */
export const tenantIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' } },
} as const;
