import { SEVERITIES, SORT_FIELDS, STATUSES } from '../incident.js';

/**
 * JSON Schemas of the incident API. Main validates with them before forwarding and the
 * tenant validates again (it trusts no caller) with validators compiled from them at build
 * time; the OpenAPI document is generated from them. Dates are checked by the tenant's
 * service, which parses them anyway.
 */
export const MAX_BATCH = 10_000;

const label = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'value'],
  properties: { type: { type: 'string', maxLength: 200 }, value: { type: 'string', maxLength: 2000 } },
} as const;

const editable = {
  name: { type: 'string', minLength: 1, maxLength: 1000 },
  type: { type: 'string', maxLength: 200 },
  severity: { type: 'integer', minimum: 0, maximum: 4, description: `0 ${SEVERITIES.join(' … ')}` },
  status: { type: 'string', enum: [...STATUSES] },
  owner: { type: 'string', maxLength: 200 },
  occurred: { type: 'string', maxLength: 64, description: 'ISO-8601 date-time' },
  labels: { type: 'array', maxItems: 200, items: label },
  details: { type: 'string', maxLength: 200_000 },
  customFields: { type: 'object', maxProperties: 500 },
} as const;

export const incidentInput = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { ...editable, created: { type: 'string', maxLength: 64, description: 'ISO-8601 date-time' } },
} as const;

export const incidentCreateBody = {
  description: `One incident, or an array of up to ${MAX_BATCH} created atomically.`,
  oneOf: [incidentInput, { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: incidentInput }],
} as const;

export const incidentPatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: editable,
} as const;

export const incidentCloseBody = {
  type: 'object',
  additionalProperties: false,
  properties: { reason: { type: 'string', maxLength: 200 }, notes: { type: 'string', maxLength: 20_000 } },
} as const;

/** What a bulk action does to each incident: set fields (as a patch) or close. Exactly one. */
const bulkAction = {
  set: incidentPatchBody,
  close: incidentCloseBody,
} as const;

/** A tenant's bulk action on its own incidents (main sends each tenant its share). */
export const incidentBulkBody = {
  type: 'object',
  additionalProperties: false,
  required: ['ids'],
  minProperties: 2,
  maxProperties: 2,
  properties: { ids: { type: 'array', minItems: 1, maxItems: 1000, uniqueItems: true, items: { type: 'integer', minimum: 1 } }, ...bulkAction },
} as const;

/** A bulk action over incidents of several tenants, as the console sends it to main. */
export const fanoutBulkBody = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  minProperties: 2,
  maxProperties: 2,
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['tenant', 'id'],
        properties: { tenant: { type: 'string', minLength: 1, maxLength: 64 }, id: { type: 'integer', minimum: 1 } },
      },
    },
    ...bulkAction,
  },
} as const;

export const sortSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['field'],
  properties: { field: { type: 'string', enum: [...SORT_FIELDS] }, order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' } },
} as const;

export const searchBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    query: { type: 'string', maxLength: 4000 },
    sort: sortSchema,
    size: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
    cursor: { type: 'string', maxLength: 2048 },
    after: {
      type: 'object',
      additionalProperties: false,
      required: ['value', 'id'],
      properties: { value: { type: ['number', 'string'] }, id: { type: 'integer' } },
    },
    total: { type: 'boolean' },
  },
} as const;
