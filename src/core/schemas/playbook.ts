/** Bodies of a tenant's playbook API (run, answers, lists, settings), validated before handlers. */

export const playbookRunBody = {
  type: 'object',
  additionalProperties: false,
  required: ['playbookId'],
  properties: {
    playbookId: { type: 'string', minLength: 1, maxLength: 300 },
    /** Values for the playbook's inputs, overriding their defaults. */
    inputs: { type: 'object', maxProperties: 200 },
  },
} as const;

export const taskCompleteBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    answer: { type: 'string', maxLength: 1000 },
    answers: {
      anyOf: [
        { type: 'object', maxProperties: 200 },
        { type: 'array', maxItems: 200 },
      ],
    },
    note: { type: 'string', maxLength: 10_000 },
  },
} as const;

export const listPutBody = {
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: { data: { type: 'string', maxLength: 1_048_576 } },
} as const;

export const playbookSettingsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['httpAllowList'],
  properties: { httpAllowList: { type: 'array', maxItems: 200, items: { type: 'string', minLength: 1, maxLength: 512 } } },
} as const;

export const warRoomCommandBody = {
  type: 'object',
  additionalProperties: false,
  required: ['command'],
  properties: { command: { type: 'string', minLength: 1, maxLength: 65_536 } },
} as const;
