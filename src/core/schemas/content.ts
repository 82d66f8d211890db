import { KINDS } from '../content/kinds.js';

const key = {
  kind: { type: 'string', enum: [...KINDS] },
  id: { type: 'string', minLength: 1, maxLength: 300 },
} as const;

/**
 * What main sends a tenant to bring its copy of main's content to the desired state: the
 * items to add or update (documents as JSON text, stored as they come) and the ones to drop.
 */
export const contentSyncBody = {
  type: 'object',
  additionalProperties: false,
  required: ['put', 'remove'],
  properties: {
    put: {
      type: 'array',
      maxItems: 20_000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'id', 'name', 'version', 'hash', 'body'],
        properties: {
          ...key,
          name: { type: 'string', maxLength: 500 },
          version: { type: 'integer', minimum: 1 },
          hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          body: { type: 'string', minLength: 2, maxLength: 20_000_000 },
        },
      },
    },
    remove: { type: 'array', maxItems: 20_000, items: { type: 'object', additionalProperties: false, required: ['kind', 'id'], properties: key } },
  },
} as const;

/** Propagation labels (the same form as tenants' labels); `all` reaches every tenant. */
export const contentLabels = { type: 'array', maxItems: 50, uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$' } } as const;

/** The same labels in a query string: `a,b,c`. */
export const contentLabelsQuery = { type: 'string', maxLength: 3200, pattern: '^([A-Za-z0-9][A-Za-z0-9._:-]{0,62})(,[A-Za-z0-9][A-Za-z0-9._:-]{0,62})*$' } as const;

/** A content item as a client sends it: the document itself, or its YAML/JSON text (with the file name it came from). */
export const contentItemBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    doc: { type: 'object' },
    text: { type: 'string', minLength: 1, maxLength: 20_000_000 },
    fileName: { type: 'string', minLength: 1, maxLength: 300 },
    labels: contentLabels,
  },
} as const;
